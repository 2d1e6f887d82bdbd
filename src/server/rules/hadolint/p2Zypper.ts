// zypper rules: non-interactive installs (DL3034), no dist-upgrade (DL3035), cache cleaning
// (DL3036) and version pinning (DL3037).
import type { ShellCommand } from '../../semantics/shell';
import { hasFlag } from '../../semantics/shell';
import {
  argsNoFlags,
  cleanedAfterInstall,
  cmdHasArgs,
  commandsOf,
  hasCacheMountAt,
  runStepsMentioning,
} from './p2Support';
import type { HadolintContext, HadolintHit, HadolintRule } from './rule';

const ZYPPER = ['zypper'];
const INSTALL = ['install', 'in'];
const CHANGES = [...INSTALL, 'remove', 'rm', 'source-install', 'si', 'patch'];

const isInstall = (cmd: ShellCommand): boolean => cmdHasArgs(cmd, ZYPPER, INSTALL);
const isClean = (cmd: ShellCommand): boolean => cmdHasArgs(cmd, ZYPPER, ['clean', 'cc']);

/** Hits on every RUN (ONBUILD ones included) where some zypper command matches. */
function runsWhere(ctx: HadolintContext, matches: (cmd: ShellCommand) => boolean): HadolintHit[] {
  return runStepsMentioning(ctx, 'zypper')
    .filter((step) => commandsOf(ctx, step).some(matches))
    .map((step) => ({ range: step.outer.range }));
}

export const dl3034: HadolintRule = {
  code: 'DL3034',
  severity: 'warning',
  message: 'zypper may stop to ask for confirmation: add `-n` (`--non-interactive`) or `-y`.',
  check: (ctx) =>
    runsWhere(
      ctx,
      (cmd) => cmdHasArgs(cmd, ZYPPER, CHANGES) && !hasFlag(cmd, 'non-interactive', 'n', 'no-confirm', 'y'),
    ),
};

export const dl3035: HadolintRule = {
  code: 'DL3035',
  severity: 'warning',
  message: 'Do not run `zypper dist-upgrade` in a build; pin the base image instead.',
  check: (ctx) => runsWhere(ctx, (cmd) => cmdHasArgs(cmd, ZYPPER, ['dist-upgrade', 'dup'])),
};

export const dl3036: HadolintRule = {
  code: 'DL3036',
  severity: 'warning',
  message: 'Run `zypper clean` after `zypper install` so the package cache stays out of the layer.',
  check: (ctx) =>
    // Without a zypper command there is no install to clean up after.
    runStepsMentioning(ctx, 'zypper')
      .filter(
        (step) =>
          !cleanedAfterInstall(commandsOf(ctx, step), isInstall, isClean) &&
          !hasCacheMountAt(step.inst, ['/var/cache/zypp']),
      )
      .map((step) => ({ range: step.outer.range })),
};

/** A zypper package is pinned by a version operator or by naming an .rpm file. */
function zypperPinned(pkg: string): boolean {
  return pkg.includes('=') || pkg.includes('>') || pkg.includes('<') || pkg.endsWith('.rpm');
}

export const dl3037: HadolintRule = {
  code: 'DL3037',
  severity: 'warning',
  message: 'Pin versions in zypper install: use `zypper install -y <package>=<version>`.',
  check: (ctx) =>
    runsWhere(
      ctx,
      (cmd) =>
        isInstall(cmd) &&
        argsNoFlags(cmd)
          .filter((arg) => !INSTALL.includes(arg))
          .some((pkg) => !zypperPinned(pkg)),
    ),
};
