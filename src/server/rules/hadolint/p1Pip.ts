// DL3013: pip (and pipx) installs name exact versions, unless they install from a requirements
// file, a constraints file, a local path or a pinned VCS reference.
import { hasFlag, type ShellCommand, type ShellWord } from '../../semantics/shell';
import type { HadolintRule } from './rule';
import { operands } from './p1Support';
import { hitsPerRun, pinMessage, runCommandNames, unpinned } from './p1Hits';

/** Options of `pip install` and `pipx install` whose value is the next word. */
const VALUE_OPTIONS = [
  'abi',
  'b',
  'build',
  'c',
  'cache-dir',
  'cert',
  'client-cert',
  'constraint',
  'config-settings',
  'e',
  'editable',
  'exists-action',
  'extra-index-url',
  'f',
  'find-links',
  'global-option',
  'i',
  'implementation',
  'index-url',
  'log',
  'no-binary',
  'only-binary',
  'pip-args',
  'platform',
  'prefix',
  'progress-bar',
  'proxy',
  'python',
  'python-version',
  'r',
  'report',
  'requirement',
  'retries',
  'root',
  'root-user-action',
  'src',
  'suffix',
  't',
  'target',
  'timeout',
  'trusted-host',
  'upgrade-strategy',
];

const VCS_SCHEMES = ['git+', 'git:', 'hg+', 'svn+', 'svn:', 'bzr+'];
const VERSION_OPERATORS = ['==', '>=', '<=', '>', '<', '!=', '~=', '==='];

function isPipInstall(command: ShellCommand): boolean {
  const name = command.name;
  const args = command.args;
  if (name.startsWith('pip') && /^pip(?:x|\d+(?:\.\d+)*)?$/.test(name)) {
    return args.some((arg) => arg.value === 'install');
  }
  if (!name.startsWith('python')) return false;
  // `-m pip install` as three words in a row, as hadolint looks for it.
  for (let i = 0; i + 2 < args.length; i++) {
    if (args[i].value === '-m' && args[i + 1].value === 'pip' && args[i + 2].value === 'install') return true;
  }
  return false;
}

/**
 * True when the install reads a requirements file (`-r file` or `--requirement file`, as words
 * of their own), a constraints file (`-c`/`--constraint` in any spelling) or the current folder.
 */
function installsFromFile(command: ShellCommand): boolean {
  return (
    hasFlag(command, 'constraint', 'c') ||
    command.args.some((arg) => arg.value === '-r' || arg.value === '--requirement' || arg.value === '.')
  );
}

function isPinned(spec: string): boolean {
  const vcs = VCS_SCHEMES.some((scheme) => spec.startsWith(scheme));
  if (vcs) return spec.includes('@');
  return (
    VERSION_OPERATORS.some((op) => spec.includes(op)) ||
    spec.endsWith('.whl') ||
    spec.endsWith('.tar.gz') ||
    spec.includes('/')
  );
}

/** The package specs a pip install names: the operands after `install`. */
function packages(command: ShellCommand): ShellWord[] {
  const words = operands(command, VALUE_OPTIONS);
  const install = words.findIndex((word) => word.value === 'install');
  return install < 0 ? [] : words.slice(install + 1).filter((word) => word.value !== 'install');
}

export const DL3013: HadolintRule = {
  code: 'DL3013',
  severity: 'warning',
  message:
    'Pin versions in pip: use `pip install <package>==<version>` or `pip install --requirement <file>`.',
  check(ctx) {
    const names = runCommandNames(ctx).filter((name) => /^p(?:ip|ython)/.test(name));
    return hitsPerRun(
      ctx,
      names,
      (command) =>
        isPipInstall(command) && !installsFromFile(command) ? unpinned(packages(command), isPinned) : [],
      (labels) => pinMessage(labels, (p) => `${p}==<version>`),
    );
  },
};

export const pipRules: readonly HadolintRule[] = [DL3013];
