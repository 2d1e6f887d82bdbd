// Language package managers: pip's cache (DL3042), yarn's cache (DL3060) and pinned Go module
// versions (DL3062).
import type { Instruction } from '../../syntax/ast';
import type { ShellCommand } from '../../semantics/shell';
import type { Stage } from '../../semantics/stages';
import { indexesOf } from './engine';
import { parentOf } from './p2Scope';
import type { Step } from './p2Support';
import {
  cleanedAfterInstall,
  cmdHasArgs,
  commandsOf,
  hasCacheMountAt,
  onbuildSteps,
  runStepsMentioning,
  scriptOf,
  unquote,
} from './p2Support';
import type { HadolintContext, HadolintHit, HadolintRule } from './rule';

const TRUTHY = ['1', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'yes', 'Yes', 'YES'];

function isPipInstall(cmd: ShellCommand): boolean {
  const args = cmd.args.map((arg) => arg.value);
  if (/^pip[0-9.]*$/.test(cmd.name)) return args.includes('install');
  if (/^python[0-9.]*$/.test(cmd.name)) {
    const m = args.indexOf('-m');
    return m >= 0 && /^pip[0-9.]*$/.test(args[m + 1] ?? '') && args.slice(m + 2).includes('install');
  }
  return false;
}

function forgotNoCacheDir(cmd: ShellCommand): boolean {
  return (
    isPipInstall(cmd) &&
    !cmd.args.some((arg) => arg.value === '--no-cache-dir' || arg.value.startsWith('--no-cache-dir='))
  );
}

/** ENV setting PIP_NO_CACHE_DIR to a true value. */
function envDisablesPipCache(instruction: Instruction): boolean {
  return (
    instruction.keyword === 'ENV' &&
    instruction.pairs.some(
      (pair) => unquote(pair.key) === 'PIP_NO_CACHE_DIR' && TRUTHY.includes(unquote(pair.value ?? '')),
    )
  );
}

/** A script that sets PIP_NO_CACHE_DIR to a true value itself. */
function scriptDisablesPipCache(text: string): boolean {
  const at = text.indexOf('PIP_NO_CACHE_DIR=');
  if (at < 0) return false;
  const rest = text.slice(at + 'PIP_NO_CACHE_DIR='.length).replace(/^["']/, '');
  return TRUTHY.some((value) => rest.startsWith(value));
}

function pipForgetsCache(ctx: HadolintContext, step: Step): boolean {
  if (hasCacheMountAt(step.inst, ['/root/.cache/pip'])) return false;
  const script = scriptOf(ctx, step);
  if (script === undefined || scriptDisablesPipCache(script.text)) return false;
  return script.commands.some(forgotNoCacheDir);
}

export const dl3042: HadolintRule = {
  code: 'DL3042',
  severity: 'warning',
  message: "Keep pip's cache out of the image: use `pip install --no-cache-dir <package>`.",
  check: (ctx) => {
    const hits: HadolintHit[] = [];
    // Every pip install names pip (`pip3`, `python -m pip`): RUNs without it are skipped unread.
    const candidates = new Set(indexesOf(ctx).runsMentioning('pip'));
    if (candidates.size === 0) return hits;
    // Plain instructions: PIP_NO_CACHE_DIR set by ENV holds in its stage and in stages built on it.
    const disabled = new Set<Stage | undefined>();
    const visit = (instruction: Instruction, stage: Stage | undefined): void => {
      if (envDisablesPipCache(instruction)) {
        disabled.add(stage);
      } else if (
        instruction.keyword === 'RUN' &&
        candidates.has(instruction) &&
        !disabled.has(stage) &&
        pipForgetsCache(ctx, { outer: instruction, inst: instruction, onbuild: false })
      ) {
        hits.push({ range: instruction.range });
      }
    };
    // Instructions before the first FROM come first in the document, then each stage in turn.
    for (const instruction of ctx.stages.beforeFirstFrom) visit(instruction, undefined);
    for (const stage of ctx.stages.stages) {
      const parent = parentOf(ctx, stage);
      if (parent !== undefined && disabled.has(parent)) disabled.add(stage);
      for (const instruction of stage.instructions) visit(instruction, stage);
    }
    // ONBUILD triggers run later, in a build of their own: only ONBUILD ENV counts for them.
    let onbuildDisabled = false;
    for (const step of onbuildSteps(ctx)) {
      if (envDisablesPipCache(step.inst)) onbuildDisabled = true;
      else if (
        step.inst.keyword === 'RUN' &&
        !onbuildDisabled &&
        candidates.has(step.outer) &&
        pipForgetsCache(ctx, step)
      ) {
        hits.push({ range: step.outer.range });
      }
    }
    return hits;
  },
};

const YARN_CACHE_DIRS = ['/root/.cache/yarn', '/usr/local/share/.cache/yarn'];

function yarnLeavesCache(ctx: HadolintContext, step: Step): boolean {
  if (hasCacheMountAt(step.inst, YARN_CACHE_DIRS)) return false;
  return !cleanedAfterInstall(
    commandsOf(ctx, step),
    (cmd) => cmdHasArgs(cmd, ['yarn'], ['install']),
    (cmd) =>
      cmd.name === 'yarn' && ['cache', 'clean'].every((word) => cmd.args.some((arg) => arg.value === word)),
  );
}

export const dl3060: HadolintRule = {
  code: 'DL3060',
  severity: 'info',
  message: 'Run `yarn cache clean` after `yarn install` so the cache stays out of the image.',
  check: (ctx) => {
    const hits: HadolintHit[] = [];
    // Only a RUN naming yarn can install with it.
    const candidates = runStepsMentioning(ctx, 'yarn');
    if (candidates.length === 0) return hits;
    const stages = ctx.stages.stages;
    const last = stages[stages.length - 1];
    const bases = new Set(stages.map((stage) => stage.base));
    // A stage's leftovers matter when it is the final image or another stage builds on it.
    const reused = (stage: Stage | undefined): boolean =>
      stage === undefined || stage === last || (stage.name !== undefined && bases.has(stage.name));
    for (const step of candidates) {
      if (!step.onbuild && yarnLeavesCache(ctx, step) && reused(ctx.stages.stageOf(step.outer)))
        hits.push({ range: step.outer.range });
    }
    // ONBUILD triggers end up in whatever image builds on this one.
    for (const step of candidates) {
      if (step.onbuild && yarnLeavesCache(ctx, step)) hits.push({ range: step.outer.range });
    }
    return hits;
  },
};

const GO_UNPINNED_VERSIONS = ['latest', 'upgrade', 'patch'];
/** go build flags that take the next word as their value. */
const GO_VALUE_FLAGS = new Set(
  ['C', 'o', 'p', 'tags', 'ldflags', 'gcflags', 'asmflags', 'gccgoflags', 'mod', 'modfile', 'pkgdir', 'exec']
    .concat(['overlay', 'pgo', 'toolexec', 'buildmode', 'compiler', 'installsuffix', 'covermode', 'coverpkg'])
    .flatMap((name) => [`-${name}`, `--${name}`]),
);

/** A module path with a fixed version, or a local package (a path or a .go file). */
function goPackagePinned(pkg: string): boolean {
  if (pkg === '.' || pkg === '..' || /^\.{0,2}\//.test(pkg) || pkg.endsWith('.go')) return true;
  const at = pkg.lastIndexOf('@');
  if (at < 0) return false;
  const version = pkg.slice(at + 1);
  return version !== '' && !GO_UNPINNED_VERSIONS.includes(version);
}

/** The packages a `go install|get|run` command fetches. */
function goPackages(cmd: ShellCommand): string[] {
  if (cmd.name !== 'go') return [];
  const args = cmd.args.map((arg) => arg.value);
  const sub = args[0];
  if (sub !== 'install' && sub !== 'get' && sub !== 'run') return [];
  const packages: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg.startsWith('-')) {
      if (GO_VALUE_FLAGS.has(arg)) i++;
      continue;
    }
    packages.push(arg);
    // `go run` takes one package; what follows are the program's arguments.
    if (sub === 'run') break;
  }
  return packages;
}

export const dl3062: HadolintRule = {
  code: 'DL3062',
  severity: 'warning',
  message: 'Pin the module version: use `go install <module>@<version>` rather than no version or `@latest`.',
  check: (ctx) =>
    runStepsMentioning(ctx, 'go')
      .filter((step) =>
        commandsOf(ctx, step).some((cmd) => goPackages(cmd).some((pkg) => !goPackagePinned(pkg))),
      )
      .map((step) => ({ range: step.outer.range })),
};
