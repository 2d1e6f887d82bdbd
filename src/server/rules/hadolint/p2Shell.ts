// Rules about what RUN scripts do: useradd with large UIDs (DL3046), wget's progress output
// (DL3047), consecutive RUNs (DL3059), wget and curl together (DL4001), replacing /bin/sh
// (DL4005) and pipes without pipefail (DL4006).
import type { Instruction } from '../../syntax/ast';
import type { ShellCommand } from '../../semantics/shell';
import { flagValues, hasFlag, parseShell } from '../../semantics/shell';
import type { Step } from './p2Support';
import { indexesOf } from './engine';
import { commandsOf, onbuildSteps, plainSteps, runStepsMentioning, scriptOf } from './p2Support';
import type { HadolintContext, HadolintHit, HadolintRule } from './rule';

/**
 * Hits on every RUN (ONBUILD ones included) where some command matches; `needle` is a word any
 * matching command contains, so RUNs without it are skipped unread.
 */
function runsWhere(
  ctx: HadolintContext,
  needle: string,
  matches: (cmd: ShellCommand) => boolean,
): HadolintHit[] {
  return runStepsMentioning(ctx, needle)
    .filter((step) => commandsOf(ctx, step).some(matches))
    .map((step) => ({ range: step.outer.range }));
}

export const dl3046: HadolintRule = {
  code: 'DL3046',
  severity: 'warning',
  message: '`useradd` with a large UID and without `-l` bloats the image: add `-l` (`--no-log-init`).',
  check: (ctx) =>
    runsWhere(
      ctx,
      'useradd',
      (cmd) =>
        cmd.name === 'useradd' &&
        !hasFlag(cmd, 'l', 'no-log-init') &&
        [...flagValues(cmd, 'u'), ...flagValues(cmd, 'uid')].some((uid) => uid.length > 5),
    ),
};

export const dl3047: HadolintRule = {
  code: 'DL3047',
  // hadolint's rule is a warning (its README's table says info; the code decides what it prints).
  severity: 'warning',
  message:
    'wget without `--progress` floods the build log: use `wget --progress=dot:giga <url>`, or `-q` / `-nv`.',
  check: (ctx) =>
    runsWhere(
      ctx,
      'wget',
      (cmd) =>
        cmd.name === 'wget' &&
        !hasFlag(cmd, 'progress', 'q', 'quiet', 'o', 'output-file', 'a', 'append-output', 'no-verbose') &&
        !cmd.args.some((arg) => arg.value === '-nv'),
    ),
};

/** How many commands a RUN runs (1 for exec form and scripts we cannot read). */
function commandCount(ctx: HadolintContext, instruction: Instruction): number {
  const script = ctx.script(instruction);
  if (script === undefined) return 1;
  let count = 0;
  for (const cmd of script.commands) if (cmd.name !== '') count++;
  return count;
}

/** The flags of a RUN as a comparable key: order, and the order of a mount's options, do not count. */
function flagKey(instruction: Instruction): string {
  if (instruction.flags.length === 0) return '';
  return instruction.flags
    .map((flag) => {
      const value = flag.value ?? '';
      return `${flag.name}=${flag.name === 'mount' ? value.split(',').sort().join(',') : value}`;
    })
    .sort()
    .join('\n');
}

export const dl3059: HadolintRule = {
  code: 'DL3059',
  severity: 'info',
  message: 'Multiple consecutive `RUN` instructions: consider joining them into one.',
  check: (ctx) => {
    const hits: HadolintHit[] = [];
    const instructions = ctx.doc.instructions;
    for (let i = 1; i < instructions.length; i++) {
      const instruction = instructions[i];
      const previous = instructions[i - 1];
      if (instruction.keyword !== 'RUN' || previous.keyword !== 'RUN') continue;
      // Chained commands suggest the split is deliberate; different mounts cannot be merged.
      // Flag texts hold no newline, so a different number of flags is a different key.
      if (
        previous.flags.length === instruction.flags.length &&
        flagKey(previous) === flagKey(instruction) &&
        commandCount(ctx, previous) <= 1 &&
        commandCount(ctx, instruction) <= 1
      ) {
        hits.push({ range: instruction.range });
      }
    }
    return hits;
  },
};

const DOWNLOADERS = ['curl', 'wget'];

export const dl4001: HadolintRule = {
  code: 'DL4001',
  severity: 'warning',
  message: 'Both wget and curl are used: pick one of them.',
  check: (ctx) => {
    const hits: HadolintHit[] = [];
    const indexes = indexesOf(ctx);
    const curl = indexes.runsMentioning('curl');
    const wget = indexes.runsMentioning('wget');
    // Both tools must appear somewhere before any RUN can be reported.
    if (curl.length === 0 || wget.length === 0) return hits;
    const candidates = new Set([...curl, ...wget]);
    const walk = (steps: readonly Step[]): void => {
      const used = new Set<string>();
      for (const step of steps) {
        if (step.inst.keyword === 'FROM') {
          used.clear();
          continue;
        }
        if (step.inst.keyword !== 'RUN' || !candidates.has(step.outer)) continue;
        const here = commandsOf(ctx, step)
          .map((cmd) => cmd.name)
          .filter((name) => DOWNLOADERS.includes(name));
        for (const name of here) used.add(name);
        if (here.length > 0 && used.size >= 2) hits.push({ range: step.outer.range });
      }
    };
    walk(plainSteps(ctx));
    walk(onbuildSteps(ctx));
    return hits;
  },
};

export const dl4005: HadolintRule = {
  code: 'DL4005',
  severity: 'warning',
  message: 'Do not replace /bin/sh with `ln`: use `SHELL` to change the default shell.',
  check: (ctx) =>
    runsWhere(ctx, '/bin/sh', (cmd) => cmd.name === 'ln' && cmd.args.some((arg) => arg.value === '/bin/sh')),
};

const NON_POSIX_SHELLS = ['pwsh', 'powershell', 'cmd'];
const PIPEFAIL_SHELLS = ['bash', 'zsh', 'ash'];

function basename(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(cut + 1);
}

/** True when the command runs one of `shells` with `-o pipefail`. */
function setsPipefail(cmd: ShellCommand, shells: readonly string[]): boolean {
  return (
    shells.includes(basename(cmd.name)) &&
    hasFlag(cmd, 'o') &&
    cmd.args.some((arg) => arg.value === 'pipefail')
  );
}

type ShellState = 'posix' | 'pipefail' | 'other';

/** What a SHELL instruction switches to. */
function shellState(instruction: Instruction): ShellState {
  const args = instruction.json ?? instruction.words.map((word) => word.text);
  const program = basename(args[0] ?? '').toLowerCase();
  if (NON_POSIX_SHELLS.some((name) => program.startsWith(name))) return 'other';
  const [cmd] = parseShell(args.join(' ')).commands;
  return cmd !== undefined && setsPipefail(cmd, PIPEFAIL_SHELLS) ? 'pipefail' : 'posix';
}

export const dl4006: HadolintRule = {
  code: 'DL4006',
  severity: 'warning',
  message:
    'Set `-o pipefail` before a RUN with a pipe, e.g. `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`; with busybox, use /bin/ash.',
  check: (ctx) => {
    const hits: HadolintHit[] = [];
    let state: ShellState = 'posix';
    // Only a RUN whose text holds a `|` can have a pipeline.
    const piped = indexesOf(ctx).runsMentioning('|');
    if (piped.length === 0) return hits;
    const candidates = new Set(piped);
    for (const step of plainSteps(ctx)) {
      const keyword = step.inst.keyword;
      if (keyword === 'FROM') state = 'posix';
      else if (keyword === 'SHELL') state = shellState(step.inst);
      else if (keyword === 'RUN' && state === 'posix' && candidates.has(step.outer)) {
        // Only SHELL counts: `set -o pipefail` inside the RUN fails in shells without the option
        // (dash, the default /bin/sh of Debian), so hadolint asks for the SHELL instruction.
        if (scriptOf(ctx, step)?.hasPipes === true) hits.push({ range: step.outer.range });
      }
    }
    return hits;
  },
};
