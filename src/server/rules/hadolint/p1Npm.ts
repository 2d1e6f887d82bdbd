// DL3016: `npm install <package>` names a version, tag or commit (`name@version`,
// `git…#commit`); bare `npm install`, tarballs and folders are fine.
import type { ShellCommand, ShellWord } from '../../semantics/shell';
import type { HadolintRule } from './rule';
import { operands } from './p1Support';
import { hitsPerRun, pinMessage, unpinned } from './p1Hits';

/** npm options whose value is the next word. */
const VALUE_OPTIONS = [
  'registry',
  'loglevel',
  'prefix',
  'cache',
  'userconfig',
  'globalconfig',
  'tag',
  'save-prefix',
  'only',
  'omit',
  'include',
  'install-strategy',
  'workspace',
  'w',
  'C',
  'otp',
  'script-shell',
  'fetch-retries',
  'fetch-timeout',
  'proxy',
  'https-proxy',
  'ca',
  'cafile',
];

const GIT_PREFIXES = ['git://', 'git+ssh://', 'git+http://', 'git+https://'];
const PATH_PREFIXES = ['/', './', '../', '~/'];
const TARBALL_SUFFIXES = ['.tar', '.tar.gz', '.tgz'];

function isPinned(spec: string): boolean {
  if (GIT_PREFIXES.some((prefix) => spec.startsWith(prefix))) return spec.includes('#');
  if (TARBALL_SUFFIXES.some((suffix) => spec.endsWith(suffix))) return true;
  if (PATH_PREFIXES.some((prefix) => spec.startsWith(prefix))) return true;
  // `@scope/name@version`: the version follows an `@` after the scope.
  const name = spec.startsWith('@') ? spec.slice(Math.max(spec.indexOf('/'), 1)) : spec;
  return name.includes('@');
}

/** The packages of `npm install …`, or none when `install` is not the subcommand. */
function packages(command: ShellCommand): ShellWord[] {
  if (command.name !== 'npm') return [];
  const words = operands(command, VALUE_OPTIONS);
  if (words[0]?.value !== 'install') return [];
  return words.slice(1).filter((word) => word.value !== 'install');
}

export const DL3016: HadolintRule = {
  code: 'DL3016',
  severity: 'warning',
  message: 'Pin versions in npm: use `npm install <package>@<version>`.',
  check(ctx) {
    return hitsPerRun(
      ctx,
      ['npm'],
      (command) => unpinned(packages(command), isPinned),
      (labels) => pinMessage(labels, (p) => `${p}@<version>`),
    );
  },
};

export const npmRules: readonly HadolintRule[] = [DL3016];
