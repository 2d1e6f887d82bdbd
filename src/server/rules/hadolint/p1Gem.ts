// DL3028: `gem install` names versions (`gem install <gem>:<version>` or `-v <version>`).
import type { ShellCommand, ShellWord } from '../../semantics/shell';
import type { HadolintRule } from './rule';
import { hitsPerRun, pinMessage, unpinned } from './p1Hits';

/** gem options that never take a value; any other long option is read as taking the next word. */
const SWITCHES = new Set([
  'both',
  'conservative',
  'debug',
  'default',
  'development',
  'development-all',
  'env-shebang',
  'explain',
  'force',
  'format-executable',
  'ignore-dependencies',
  'lock',
  'local',
  'minimal-deps',
  'norc',
  'no-document',
  'no-env-shebang',
  'no-format-executable',
  'no-lock',
  'no-minimal-deps',
  'no-post-install-message',
  'no-prerelease',
  'no-rdoc',
  'no-ri',
  'no-suggestions',
  'no-user-install',
  'no-wrappers',
  'post-install-message',
  'pre',
  'prerelease',
  'quiet',
  'remote',
  'silent',
  'suggestions',
  'user-install',
  'vendor',
  'verbose',
  'wrappers',
  'backtrace',
]);
/** Short options taking the next word as their value. */
const SHORT_WITH_VALUE = new Set(['i', 'n', 'P', 'g', 's', 'p', 'B', 'v']);

/** The gems `gem install` names: operands before `--` (what follows goes to the gem's build). */
function gems(command: ShellCommand): ShellWord[] {
  const result: ShellWord[] = [];
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') break;
    if (v.startsWith('--')) {
      if (!v.includes('=') && !SWITCHES.has(v.slice(2))) i++;
    } else if (v.startsWith('-') && v.length > 1) {
      if (SHORT_WITH_VALUE.has(v[v.length - 1] ?? '')) i++;
    } else {
      result.push(args[i]);
    }
  }
  return result;
}

function namesVersion(command: ShellCommand): boolean {
  return command.args.some(
    (arg) => arg.value === '-v' || arg.value === '--version' || arg.value.startsWith('--version='),
  );
}

export const DL3028: HadolintRule = {
  code: 'DL3028',
  severity: 'warning',
  message: 'Pin versions in gem install: use `gem install <gem>:<version>`.',
  check(ctx) {
    return hitsPerRun(
      ctx,
      ['gem'],
      (command) => {
        if (namesVersion(command)) return [];
        const words = gems(command);
        if (words[0]?.value !== 'install' && words[0]?.value !== 'i') return [];
        return unpinned(words.slice(1), (spec) => spec.includes(':'));
      },
      (labels) => pinMessage(labels, (p) => `${p}:<version>`),
    );
  },
};

export const gemRules: readonly HadolintRule[] = [DL3028];
