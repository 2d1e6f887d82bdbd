// Alpine package rules: pinned versions in `apk add` (DL3018) and no package cache left behind
// (DL3019).
import { hasFlag, type ShellCommand } from '../../semantics/shell';
import type { HadolintRule } from './rule';
import { hasArgs, mountsCacheAt, operands } from './p1Support';
import { commandHitsPerRun, hitsPerRun, pinMessage, unpinned } from './p1Hits';

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
    return hitsPerRun(
      ctx,
      ['apk'],
      (command) =>
        isApkAdd(command)
          ? unpinned(
              operands(command, VALUE_OPTIONS),
              (p) => p === 'add' || /[=~<>]/.test(p) || p.endsWith('.apk'),
            )
          : [],
      (labels) => pinMessage(labels, (p) => `apk add ${p}=<version>`),
    );
  },
};

export const DL3019: HadolintRule = {
  code: 'DL3019',
  severity: 'info',
  message:
    'Use `apk add --no-cache` instead of `--update` plus removing `/var/cache/apk/*` after installing.',
  check(ctx) {
    return commandHitsPerRun(
      ctx,
      ['apk'],
      (command, site) =>
        isApkAdd(command) && !hasFlag(command, 'no-cache') && !mountsCacheAt(site.run, '/var/cache/apk'),
    );
  },
};

export const apkRules: readonly HadolintRule[] = [DL3018, DL3019];
