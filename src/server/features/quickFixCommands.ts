// Quick fixes inside RUN scripts, keyed on the hadolint code: `apt` → `apt-get`/`apt-cache`
// (DL3027) and the switches package managers need to run unattended and lean (DL3014, DL3015,
// DL3030, DL3034, DL3038, DL3042); and `-o pipefail` on the stage's bash/zsh/ash SHELL (DL4006).
// Only the RUN the diagnostic stands on is read: its shell-form script (one line or continued, not
// a heredoc) is split into commands, and every offending command it covers is fixed in one edit set.
import type { TextEdit } from 'vscode-languageserver-types';
import type { Instruction, Position, Range } from '../syntax/ast';
import { hasFlag, parseShell, type ShellCommand, type ShellWord } from '../semantics/shell';
import { type Fix, type FixMaker, type FixSite, insert, replace, stagesFor } from './codeActionSupport';
import { comparePositions } from './locate';

/** The shell-form RUN of a site (an ONBUILD RUN's trigger too), when its script is its argument text. */
function runOf(site: FixSite): Instruction | undefined {
  const instruction = site.instruction;
  const run = instruction?.keyword === 'ONBUILD' ? instruction.trigger : instruction;
  if (run?.keyword !== 'RUN' || run.json !== undefined || run.heredocs.length > 0) return undefined;
  return run;
}

function wordRange(run: Instruction, word: ShellWord): Range {
  const last = run.positionAt(word.end - 1);
  return { start: run.positionAt(word.start), end: { line: last.line, character: last.character + 1 } };
}

function within(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** The command-name word (after any `VAR=value` assignments). */
function nameWord(command: ShellCommand): ShellWord | undefined {
  return command.words.find((word) => !command.assignments.includes(word));
}

/** The first plain argument among `names` (a subcommand such as `install`). */
function plainArg(command: ShellCommand, names: readonly string[]): ShellWord | undefined {
  return command.args.find((arg) => !arg.quoted && names.includes(arg.value) && arg.raw === arg.value);
}

/** Runs `fix` on each command of the RUN whose start the diagnostic covers; undefined without edits. */
function fixCommands(
  site: FixSite,
  title: string,
  fix: (command: ShellCommand, run: Instruction) => TextEdit | undefined,
): Fix | undefined {
  const run = runOf(site);
  if (run === undefined) return undefined;
  const edits: TextEdit[] = [];
  for (const command of parseShell(run.argText).commands) {
    if (!within(site.range, run.positionAt(command.start))) continue;
    const edit = fix(command, run);
    if (edit !== undefined) edits.push(edit);
  }
  return edits.length === 0 ? undefined : { title, edits, preferred: true };
}

/** Inserts ` option` after the first of `after` (or after the command name when `after` is empty). */
function addOption(
  title: string,
  option: string,
  names: readonly string[],
  after: readonly string[],
  missing: (command: ShellCommand) => boolean,
): FixMaker {
  return (site) =>
    fixCommands(site, title, (command, run) => {
      if (!names.includes(command.name) || !missing(command)) return undefined;
      const anchor = after.length === 0 ? nameWord(command) : plainArg(command, after);
      return anchor === undefined ? undefined : insert(wordRange(run, anchor).end, ` ${option}`);
    });
}

const APT_GET = new Set([
  'update',
  'upgrade',
  'install',
  'remove',
  'purge',
  'autoremove',
  'dist-upgrade',
  'clean',
  'autoclean',
  'source',
  'build-dep',
  'download',
  'check',
  'satisfy',
]);
const APT_CACHE = new Set([
  'search',
  'show',
  'showsrc',
  'policy',
  'depends',
  'rdepends',
  'showpkg',
  'madison',
]);

const aptToAptGet: FixMaker = (site) =>
  fixCommands(site, 'Use apt-get / apt-cache instead of apt', (command, run) => {
    if (command.name !== 'apt') return undefined;
    const name = nameWord(command);
    const sub = command.args.find((arg) => !arg.value.startsWith('-'))?.value ?? '';
    const tool = APT_GET.has(sub) ? 'apt-get' : APT_CACHE.has(sub) ? 'apt-cache' : undefined;
    if (name === undefined || name.raw !== 'apt' || tool === undefined) return undefined;
    return replace(wordRange(run, name), tool);
  });

const isPip = (command: ShellCommand): boolean =>
  /^pip[0-9.]*$/.test(command.name) ||
  (/^python[0-9.]*$/.test(command.name) && command.args.some((arg) => /^pip[0-9.]*$/.test(arg.value)));

const pipNoCache: FixMaker = (site) =>
  fixCommands(site, 'Add --no-cache-dir', (command, run) => {
    if (!isPip(command)) return undefined;
    if (
      command.args.some((arg) => arg.value === '--no-cache-dir' || arg.value.startsWith('--no-cache-dir='))
    ) {
      return undefined;
    }
    const install = plainArg(command, ['install']);
    return install === undefined ? undefined : insert(wordRange(run, install).end, ' --no-cache-dir');
  });

const DNF_INSTALL = ['install', 'in', 'groupinstall', 'localinstall', 'reinstall', 'rei'];
const ZYPPER_CHANGES = ['install', 'in', 'remove', 'rm', 'source-install', 'si', 'patch'];

/**
 * A piped RUN under a SHELL of its stage that names bash, zsh or ash: that SHELL gets
 * `-o pipefail`. Without such a SHELL the base image's /bin/sh may not know the option, so no
 * fix is offered.
 */
const pipefail: FixMaker = ({ doc, instruction }) => {
  if (instruction?.keyword !== 'RUN') return undefined;
  const stage = stagesFor(doc).model.stageOf(instruction);
  let shell: Instruction | undefined;
  for (const other of stage?.instructions ?? []) {
    if (other === instruction) break;
    if (other.keyword === 'SHELL') shell = other;
  }
  const args = shell?.json;
  if (shell === undefined || args === undefined || args.length === 0) return undefined;
  const program = (args[0] ?? '').slice((args[0] ?? '').lastIndexOf('/') + 1);
  if (!['bash', 'zsh', 'ash'].includes(program) || args.includes('pipefail')) return undefined;
  if (shell.argRange.start.line !== shell.argRange.end.line) return undefined;
  const json = `[${[args[0] ?? '', '-o', 'pipefail', ...args.slice(1)].map((arg) => JSON.stringify(arg)).join(', ')}]`;
  return {
    title: `Add -o pipefail to the SHELL on line ${shell.range.start.line + 1}`,
    edits: [replace(shell.argRange, json)],
    preferred: true,
  };
};

/** Fix makers by diagnostic code. */
export const COMMAND_FIXES: ReadonlyMap<string, FixMaker> = new Map<string, FixMaker>([
  ['DL3027', aptToAptGet],
  [
    'DL3014',
    addOption(
      'Add -y to apt-get install',
      '-y',
      ['apt-get'],
      ['install'],
      (c) => !hasFlag(c, 'y', 'yes', 'assume-yes'),
    ),
  ],
  [
    'DL3015',
    addOption(
      'Add --no-install-recommends',
      '--no-install-recommends',
      ['apt-get'],
      ['install'],
      (c) => !hasFlag(c, 'no-install-recommends'),
    ),
  ],
  [
    'DL3030',
    addOption('Add -y to yum install', '-y', ['yum'], ['install'], (c) => !hasFlag(c, 'y', 'assumeyes')),
  ],
  [
    'DL3038',
    addOption('Add -y to dnf', '-y', ['dnf', 'microdnf'], DNF_INSTALL, (c) => !hasFlag(c, 'y', 'assumeyes')),
  ],
  [
    'DL3034',
    addOption(
      'Add -n (non-interactive) to zypper',
      '-n',
      ['zypper'],
      [],
      (c) =>
        c.args.some((arg) => ZYPPER_CHANGES.includes(arg.value)) &&
        !hasFlag(c, 'non-interactive', 'n', 'no-confirm', 'y'),
    ),
  ],
  ['DL3042', pipNoCache],
  ['DL4006', pipefail],
]);
