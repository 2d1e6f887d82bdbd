// Debian package rules: pinned versions (DL3008), cleaned lists (DL3009), non-interactive
// installs (DL3014), no recommended extras (DL3015) and apt-get over apt (DL3027).
import type { Instruction } from '../../syntax/ast';
import { commandFlags, type ShellCommand, type ShellScript } from '../../semantics/shell';
import type { Stage } from '../../semantics/stages';
import type { HadolintHit, HadolintRule } from './rule';
import { hasArgs, mountsCacheAt, operands, runSites } from './p1Support';
import { commandHitsPerRun, hitsPerRun, pinMessage, unpinned, unwrapped } from './p1Hits';

function isAptGetInstall(command: ShellCommand): boolean {
  return hasArgs(command, 'apt-get', 'install');
}

const APT_VALUE_OPTIONS = ['t', 'target-release', 'o', 'option', 'c', 'config-file'];

export const DL3008: HadolintRule = {
  code: 'DL3008',
  severity: 'warning',
  message: 'Pin versions in apt-get install: use `apt-get install <package>=<version>`.',
  check(ctx) {
    return hitsPerRun(
      ctx,
      ['apt-get'],
      (command) =>
        isAptGetInstall(command)
          ? unpinned(
              operands(command, APT_VALUE_OPTIONS),
              (p) => p === 'install' || p.includes('=') || p.includes('/') || p.endsWith('.deb'),
            )
          : [],
      (labels) => pinMessage(labels, (p) => `apt-get install ${p}=<version>`),
    );
  },
};

const UPDATERS = new Set(['apt-get', 'apt', 'aptitude']);

function updatesLists(script: ShellScript): boolean {
  return script.commands.some((each) => {
    const command = unwrapped(each);
    return UPDATERS.has(command.name) && hasArgs(command, command.name, 'update');
  });
}

/**
 * True when the script removes the lists. hadolint counts any `rm` given the lists' glob or a
 * literal `-rf`, whatever it removes; the directory itself (with or without its trailing slash)
 * counts here too.
 */
function removesLists(script: ShellScript): boolean {
  return script.commands.some((each) => {
    const command = unwrapped(each);
    return (
      command.name === 'rm' &&
      command.args.some((arg) => arg.value === '-rf' || /^\/var\/lib\/apt\/lists\/?\*?$/.test(arg.value))
    );
  });
}

function cachesLists(run: Instruction): boolean {
  return (
    mountsCacheAt(run, '/var/lib/apt/lists') ||
    (mountsCacheAt(run, '/var/lib/apt') && mountsCacheAt(run, '/var/cache/apt'))
  );
}

/** True when a stage's image is built on by a later FROM (naming it). */
function usedLater(stage: Stage, stages: readonly Stage[]): boolean {
  const name = stage.name?.toLowerCase();
  if (name === undefined) return false;
  return stages.some((other) => other.index > stage.index && other.base.toLowerCase() === name);
}

/**
 * True when two stages start with the same FROM (image, name and platform): hadolint tells the
 * final stage by its FROM, so a stage written like it counts as final too.
 */
function sameFrom(a: Stage, b: Stage): boolean {
  return a.base === b.base && a.name === b.name && a.platform === b.platform;
}

export const DL3009: HadolintRule = {
  code: 'DL3009',
  severity: 'info',
  message: 'Delete the apt lists after installing: add `&& rm -rf /var/lib/apt/lists/*` to the RUN.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    const stages = ctx.stages.stages;
    const last = stages[stages.length - 1];
    for (const site of runSites(ctx)) {
      if (!updatesLists(site.script) || removesLists(site.script) || cachesLists(site.run)) continue;
      // The lists only matter in an image that ships: the last stage, or one a later stage builds
      // on. A trigger runs in whatever image builds on this one, so it always counts.
      const stage = ctx.stages.stageOf(site.instruction);
      const ships =
        site.instruction.keyword === 'ONBUILD' ||
        stage === undefined ||
        stage === last ||
        (last !== undefined && sameFrom(stage, last)) ||
        usedLater(stage, stages);
      if (ships) hits.push({ range: site.instruction.range });
    }
    return hits;
  },
};

/** How quiet an apt-get command is: each `-q`/`--quiet` adds one, `-q=N` sets N. */
function quietLevel(command: ShellCommand): number {
  let level = 0;
  for (const arg of command.args) {
    const v = arg.value;
    const set = /^(?:-q|--quiet)=(\d+)$/.exec(v);
    if (set) level = Number(set[1]);
    else if (v === '--quiet') level++;
    else if (/^-[a-zA-Z]+$/.test(v)) level += (v.match(/q/g) ?? []).length;
  }
  return level;
}

export const DL3014: HadolintRule = {
  code: 'DL3014',
  severity: 'warning',
  message: 'Use the `-y` switch to avoid manual input: `apt-get -y install <package>`.',
  check(ctx) {
    return commandHitsPerRun(ctx, ['apt-get'], (command) => {
      if (!isAptGetInstall(command)) return false;
      const flags = commandFlags(command);
      return !flags.some((f) => f === 'y' || f === 'yes' || f === 'assume-yes') && quietLevel(command) < 2;
    });
  },
};

export const DL3015: HadolintRule = {
  code: 'DL3015',
  severity: 'info',
  message: 'Avoid additional packages by specifying `--no-install-recommends`.',
  check(ctx) {
    return commandHitsPerRun(
      ctx,
      ['apt-get'],
      (command) =>
        isAptGetInstall(command) &&
        !commandFlags(command).includes('no-install-recommends') &&
        !command.args.some((arg) => /^APT::Install-Recommends=(false|0|no)$/i.test(arg.value)),
    );
  },
};

export const DL3027: HadolintRule = {
  code: 'DL3027',
  severity: 'warning',
  message: 'Do not use `apt`: its interface is not stable in scripts; use `apt-get` or `apt-cache`.',
  check(ctx) {
    return commandHitsPerRun(ctx, ['apt'], () => true);
  },
};

export const aptRules: readonly HadolintRule[] = [DL3008, DL3009, DL3014, DL3015, DL3027];
