// dnf and microdnf rules: non-interactive installs (DL3038), cache cleaning (DL3040) and version
// pinning of packages and modules (DL3041).
import type { ShellCommand } from '../../semantics/shell';
import { hasFlag } from '../../semantics/shell';
import { expandKnown, variablesAt } from './p2Scope';
import {
  argsNoFlags,
  cleanedAfterInstall,
  cmdHasArgs,
  commandsOf,
  hasCacheMountAt,
  runStepsMentioning,
} from './p2Support';
import type { HadolintRule } from './rule';

// Both names contain `dnf`: RUNs whose script never mentions it are skipped unread.
const DNF = ['dnf', 'microdnf'];
const INSTALL = ['install', 'in', 'groupinstall', 'localinstall', 'reinstall', 'rei'];
const CHANGES = [...INSTALL, 'upgrade', 'up', 'update', 'upgrade-minimal', 'up-min'];
const CACHE_DIRS = ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'];

export const dl3038: HadolintRule = {
  code: 'DL3038',
  severity: 'warning',
  message: 'dnf may stop to ask for confirmation: add `-y` (`--assumeyes`).',
  check: (ctx) =>
    runStepsMentioning(ctx, 'dnf')
      .filter((step) =>
        commandsOf(ctx, step).some((cmd) => cmdHasArgs(cmd, DNF, INSTALL) && !hasFlag(cmd, 'y', 'assumeyes')),
      )
      .map((step) => ({ range: step.outer.range })),
};

/** `rm` of one of dnf's cache directories (or of everything in it). */
function removesCache(cmd: ShellCommand): boolean {
  if (cmd.name !== 'rm') return false;
  return argsNoFlags(cmd).some((path) => {
    const dir = path.replace(/\/\*?$/, '').replace(/\/$/, '');
    return CACHE_DIRS.includes(dir);
  });
}

export const dl3040: HadolintRule = {
  code: 'DL3040',
  severity: 'warning',
  message: 'Run `dnf clean all` after installing with dnf so the package cache stays out of the layer.',
  check: (ctx) =>
    runStepsMentioning(ctx, 'dnf')
      .filter((step) => {
        if (hasCacheMountAt(step.inst, CACHE_DIRS)) return false;
        const commands = commandsOf(ctx, step);
        return DNF.some(
          (tool) =>
            !cleanedAfterInstall(
              commands,
              (cmd) => cmdHasArgs(cmd, [tool], CHANGES),
              (cmd) => (cmd.name === tool && hasArgs(cmd, 'clean', 'all')) || removesCache(cmd),
            ),
        );
      })
      .map((step) => ({ range: step.outer.range })),
};

function hasArgs(cmd: ShellCommand, ...wanted: string[]): boolean {
  return wanted.every((word) => cmd.args.some((arg) => arg.value === word));
}

const VERSION_PART = /^[0-9A-Za-z.~^_:+]+$/;

/** `name-version[-release]`: some part after the first dash starts with a digit. */
function packagePinned(pkg: string): boolean {
  if (pkg.endsWith('.rpm')) return true;
  const parts = pkg.split('-').slice(1);
  return (
    parts.length > 0 &&
    parts.every((part) => VERSION_PART.test(part)) &&
    parts.some((part) => /^[0-9]/.test(part))
  );
}

/** The packages a dnf command installs, split into plain packages and modules. */
function installed(cmd: ShellCommand): { packages: string[]; modules: string[] } {
  if (!cmdHasArgs(cmd, DNF, ['install'])) return { packages: [], modules: [] };
  if (cmdHasArgs(cmd, DNF, ['group', 'groupinstall'])) return { packages: [], modules: [] };
  const args = argsNoFlags(cmd).filter((arg) => arg !== 'install' && arg !== 'module');
  return cmdHasArgs(cmd, DNF, ['module']) ? { packages: [], modules: args } : { packages: args, modules: [] };
}

export const dl3041: HadolintRule = {
  code: 'DL3041',
  severity: 'warning',
  message: 'Pin versions in dnf install: use `dnf install -y <package>-<version>`.',
  check: (ctx) =>
    runStepsMentioning(ctx, 'dnf')
      .filter((step) => {
        let vars: Map<string, string | undefined> | undefined;
        return commandsOf(ctx, step).some((cmd) => {
          const { packages, modules } = installed(cmd);
          if (modules.some((name) => !name.includes(':'))) return true;
          return packages.some((pkg) => {
            if (!pkg.includes('$')) return !packagePinned(pkg);
            vars ??= variablesAt(ctx, step.outer);
            const expanded = expandKnown(pkg, vars);
            return !expanded.unknown && !packagePinned(expanded.text);
          });
        });
      })
      .map((step) => ({ range: step.outer.range })),
};
