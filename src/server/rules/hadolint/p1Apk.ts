// Alpine package rules: pinned versions in `apk add` (DL3018) and no package cache left behind
// (DL3019).
import { hasFlag, type ShellCommand } from '../../semantics/shell';
import type { HadolintHit, HadolintRule } from './rule';
import { checkCommands, commandsNamed, hasArgs, mountsCacheAt, operands, wordHit } from './p1Support';

function isApkAdd(command: ShellCommand): boolean {
  return hasArgs(command, 'apk', 'add');
}

const VALUE_OPTIONS = [
  't',
  'virtual',
  'repository',
  'X',
  'p',
  'root',
  'keys-dir',
  'repositories-file',
  'arch',
  'cache-dir',
];

export const DL3018: HadolintRule = {
  code: 'DL3018',
  severity: 'warning',
  message: 'Pin versions in apk add: use `apk add <package>=<version>`.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const { site, command } of commandsNamed(ctx, 'apk')) {
      if (!isApkAdd(command)) continue;
      for (const word of operands(command, VALUE_OPTIONS)) {
        const p = word.value;
        if (p === 'add' || /[=~<>]/.test(p) || p.endsWith('.apk')) continue;
        hits.push(wordHit(site, word, `Pin the version of \`${p}\`: use \`apk add ${p}=<version>\`.`));
      }
    }
    return hits;
  },
};

export const DL3019: HadolintRule = {
  code: 'DL3019',
  severity: 'info',
  message:
    'Use `apk add --no-cache` instead of `--update` plus removing `/var/cache/apk/*` after installing.',
  check(ctx) {
    return checkCommands(
      ctx,
      'apk',
      (command, site) =>
        isApkAdd(command) && !hasFlag(command, 'no-cache') && !mountsCacheAt(site.run, '/var/cache/apk'),
    );
  },
};

export const apkRules: readonly HadolintRule[] = [DL3018, DL3019];
