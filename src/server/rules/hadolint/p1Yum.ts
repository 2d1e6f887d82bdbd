// yum rules: non-interactive installs (DL3030), a cleaned cache (DL3032) and pinned versions
// (DL3033), where a version may come from an ARG or ENV declared for the RUN.
import type { Instruction } from '../../syntax/ast';
import { hasFlag, type ShellCommand } from '../../semantics/shell';
import type { Stage, StageModel } from '../../semantics/stages';
import type { HadolintHit, HadolintRule } from './rule';
import { dropQuotes, hasArgs, operands, runSites, type RunSite } from './p1Support';
import { commandHitsPerRun, hitsPerRun, pinMessage, unwrapped, type Offence } from './p1Hits';

function isYumInstall(command: ShellCommand): boolean {
  return hasArgs(command, 'yum', 'install');
}

export const DL3030: HadolintRule = {
  code: 'DL3030',
  severity: 'warning',
  message: 'Use the `-y` switch to avoid manual input: `yum install -y <package>`.',
  check(ctx) {
    return commandHitsPerRun(
      ctx,
      ['yum'],
      (command) =>
        hasArgs(command, 'yum', 'install', 'groupinstall', 'localinstall') &&
        !hasFlag(command, 'y', 'assumeyes'),
    );
  },
};

/** `yum clean` (hadolint takes any of its forms, not only `all`) or removing yum's cache. */
function cleansCache(each: ShellCommand): boolean {
  const command = unwrapped(each);
  if (command.name === 'yum') return command.args.some((arg) => arg.value === 'clean');
  return command.name === 'rm' && command.args.some((arg) => arg.value.startsWith('/var/cache/yum'));
}

export const DL3032: HadolintRule = {
  code: 'DL3032',
  severity: 'warning',
  message: '`yum clean all` missing after yum install: clean the cache in the same RUN.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const site of runSites(ctx)) {
      const commands = site.script.commands;
      const lastClean = commands.findLastIndex(cleansCache);
      const lastInstall = commands.findLastIndex((command) => isYumInstall(unwrapped(command)));
      if (lastInstall >= 0 && lastClean < lastInstall) hits.push({ range: site.instruction.range });
    }
    return hits;
  },
};

const YUM_VALUE_OPTIONS = [
  'c',
  'config',
  'd',
  'debuglevel',
  'e',
  'errorlevel',
  'installroot',
  'releasever',
  'x',
  'exclude',
  'setopt',
  'disablerepo',
  'enablerepo',
  'downloaddir',
];

/** The variables an instruction can see: every ARG so far, and the ENVs of its stage's lineage. */
function variablesFor(site: RunSite, doc: readonly Instruction[], stages: StageModel): Map<string, string> {
  const vars = new Map<string, string>();
  const line = site.instruction.range.start.line;
  for (const instruction of doc) {
    if (instruction.range.start.line >= line) break;
    if (instruction.keyword !== 'ARG') continue;
    for (const pair of instruction.pairs) vars.set(pair.key, dropQuotes(pair.value ?? ''));
  }
  const lineage: Stage[] = [];
  for (let stage = stages.stageOf(site.instruction); stage !== undefined && lineage.length < 64;) {
    lineage.unshift(stage);
    stage = stages.stageNamed(stage.base, stage.index);
  }
  const envs: Instruction[] =
    lineage.length === 0
      ? stages.beforeFirstFrom.filter((i) => i.range.start.line < line)
      : lineage.flatMap((stage) => stage.instructions.filter((i) => i.range.start.line < line));
  for (const instruction of envs) {
    if (instruction.keyword !== 'ENV') continue;
    for (const pair of instruction.pairs) vars.set(pair.key, dropQuotes(pair.value ?? ''));
  }
  return vars;
}

/** Replaces `$NAME` and `${NAME…}` with known values; unknown ones become empty. */
function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[^A-Za-z0-9_}][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (_m, braced, bare) => {
      return vars.get((braced ?? bare) as string) ?? '';
    },
  );
}

export const DL3033: HadolintRule = {
  code: 'DL3033',
  severity: 'warning',
  message: 'Specify versions with `yum install -y <package>-<version>`.',
  check(ctx) {
    let varsSite: RunSite | undefined;
    let vars: Map<string, string> | undefined;
    const modules = new Set<string>();
    return hitsPerRun(
      ctx,
      ['yum'],
      (command, site) => {
        if (!isYumInstall(command)) return [];
        const isModule = command.args.some((arg) => arg.value === 'module');
        const offences: Offence[] = [];
        for (const word of operands(command, YUM_VALUE_OPTIONS)) {
          if (word.value === 'install' || word.value === 'module') continue;
          let spec = word.value;
          if (spec.includes('$')) {
            if (varsSite !== site) {
              varsSite = site;
              vars = variablesFor(site, ctx.doc.instructions, ctx.stages);
            }
            spec = substitute(spec, vars ?? new Map<string, string>());
          }
          const pinned = isModule ? spec.includes(':') : /-[0-9]/.test(spec) || spec.endsWith('.rpm');
          if (pinned) continue;
          if (isModule) modules.add(word.value);
          offences.push({ start: word.start, end: word.end, label: word.value });
        }
        return offences;
      },
      (labels) => pinMessage(labels, (p) => (modules.has(p) ? `${p}:<stream>` : `${p}-<version>`)),
    );
  },
};

export const yumRules: readonly HadolintRule[] = [DL3030, DL3032, DL3033];
