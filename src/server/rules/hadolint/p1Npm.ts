// DL3016: `npm install <package>` names a version, tag or commit (`name@version`,
// `git…#commit`); bare `npm install`, tarballs and folders are fine.
import type { ShellCommand, ShellWord } from '../../semantics/shell';
import type { HadolintHit, HadolintRule } from './rule';
import { commandsNamed, operands, wordHit } from './p1Support';

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
    const hits: HadolintHit[] = [];
    for (const { site, command } of commandsNamed(ctx, 'npm')) {
      for (const word of packages(command)) {
        if (isPinned(word.value)) continue;
        hits.push(
          wordHit(site, word, `Pin the version of \`${word.value}\`: use \`${word.value}@<version>\`.`),
        );
      }
    }
    return hits;
  },
};

export const npmRules: readonly HadolintRule[] = [DL3016];
