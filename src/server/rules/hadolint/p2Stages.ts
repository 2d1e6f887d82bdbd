// Rules about the shape of a Dockerfile and its stages: instruction order (DL3061), ONBUILD
// contents (DL3043), stage names and platforms (DL3063, DL3065), COPY destinations (DL3045,
// DL3067), HEALTHCHECK (DL3057) and repeated or deprecated instructions (DL4000, DL4003, DL4004).
import type { Instruction } from '../../syntax/ast';
import type { Stage } from '../../semantics/stages';
import { ancestorsOf, parentOf, resolvedBase } from './p2Scope';
import { plainSteps, stripQuotes } from './p2Support';
import type { HadolintContext, HadolintHit, HadolintRule } from './rule';

export const dl3061: HadolintRule = {
  code: 'DL3061',
  severity: 'error',
  message: 'Invalid instruction order: a Dockerfile must begin with `FROM`, `ARG` or a comment.',
  check: (ctx) => ctx.stages.beforeFirstFrom.map((instruction) => ({ range: instruction.range })),
};

const NOT_IN_ONBUILD = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

/** The keyword an ONBUILD registers, even when the parser gave it no trigger. */
function triggerKeyword(instruction: Instruction): string {
  return instruction.trigger?.keyword ?? (/^\S+/.exec(instruction.argText)?.[0] ?? '').toUpperCase();
}

export const dl3043: HadolintRule = {
  code: 'DL3043',
  severity: 'error',
  message: '`ONBUILD`, `FROM` and `MAINTAINER` are not allowed inside `ONBUILD`.',
  check: (ctx) =>
    ctx.doc.instructions
      .filter(
        (instruction) => instruction.keyword === 'ONBUILD' && NOT_IN_ONBUILD.has(triggerKeyword(instruction)),
      )
      .map((instruction) => ({
        range: instruction.range,
        message: `\`${triggerKeyword(instruction)}\` is not allowed inside \`ONBUILD\`.`,
      })),
};

const RESERVED_STAGE_NAMES = new Set(['scratch', 'context']);

export const dl3063: HadolintRule = {
  code: 'DL3063',
  severity: 'error',
  message: 'Reserved stage name: `scratch` and `context` cannot name a stage.',
  check: (ctx) =>
    ctx.stages.stages
      .filter((stage) => stage.name !== undefined && RESERVED_STAGE_NAMES.has(stage.name.toLowerCase()))
      .map((stage) => ({
        range: stage.nameRange ?? stage.from.range,
        message: `\`${stage.name ?? ''}\` is reserved and cannot name a stage; choose another name.`,
      })),
};

export const dl3065: HadolintRule = {
  code: 'DL3065',
  severity: 'warning',
  message: '`FROM --platform=$TARGETPLATFORM` is redundant: it is the default; remove the flag.',
  check: (ctx) => {
    const hits: HadolintHit[] = [];
    for (const stage of ctx.stages.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      if (flag?.value === '$TARGETPLATFORM' || flag?.value === '${TARGETPLATFORM}')
        hits.push({ range: flag.range });
    }
    return hits;
  },
};

/** The source and destination words of a COPY or ADD, quotes removed. */
function copyPaths(instruction: Instruction): string[] {
  if (instruction.json !== undefined) return [...instruction.json];
  return instruction.words.map((word) => stripQuotes(word.text));
}

/** An absolute destination: POSIX, a Windows drive, or a variable that may hold either. */
function absoluteDestination(dest: string): boolean {
  return dest.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dest) || dest.startsWith('$');
}

export const dl3045: HadolintRule = {
  code: 'DL3045',
  severity: 'warning',
  message: '`COPY` to a relative destination without `WORKDIR` set: set `WORKDIR` or use an absolute path.',
  check: (ctx) => {
    const hits: HadolintHit[] = [];
    // Stages (undefined before the first FROM) whose working directory has been set.
    const workdirSet = new Set<Stage | undefined>();
    for (const step of plainSteps(ctx)) {
      const stage = ctx.stages.stageOf(step.inst);
      const keyword = step.inst.keyword;
      if (keyword === 'FROM' && stage !== undefined) {
        const parent = parentOf(ctx, stage);
        // A base we cannot resolve may be a stage with a WORKDIR: give it the benefit of the doubt.
        const unknown = parent === undefined && resolvedBase(ctx, stage).includes('$');
        if (unknown || (parent !== undefined && workdirSet.has(parent))) workdirSet.add(stage);
      } else if (keyword === 'WORKDIR') {
        workdirSet.add(stage);
      } else if (keyword === 'COPY' && !workdirSet.has(stage) && step.inst.heredocs.length === 0) {
        const paths = copyPaths(step.inst);
        const dest = paths[paths.length - 1];
        if (paths.length >= 2 && dest !== undefined && !absoluteDestination(dest)) {
          hits.push({ range: step.outer.range });
        }
      }
    }
    return hits;
  },
};

export const dl3067: HadolintRule = {
  code: 'DL3067',
  severity: 'warning',
  message: 'Do not copy the whole filesystem of another stage (`COPY --from=… / /`); copy what you need.',
  check: (ctx) =>
    plainSteps(ctx)
      .filter((step) => {
        const inst = step.inst;
        if (inst.keyword !== 'COPY' || !inst.flags.some((flag) => flag.name === 'from')) return false;
        const paths = copyPaths(inst);
        return paths.length >= 2 && paths[paths.length - 1] === '/' && paths.slice(0, -1).includes('/');
      })
      .map((step) => ({ range: step.outer.range })),
};

/** Hits on every instruction with `keyword` after the first of its stage. */
function repeatedInStage(ctx: HadolintContext, keyword: string): HadolintHit[] {
  const hits: HadolintHit[] = [];
  let seen = false;
  for (const step of plainSteps(ctx)) {
    if (step.inst.keyword === 'FROM') seen = false;
    else if (step.inst.keyword === keyword) {
      if (seen) hits.push({ range: step.outer.range });
      seen = true;
    }
  }
  return hits;
}

export const dl4003: HadolintRule = {
  code: 'DL4003',
  severity: 'warning',
  message: 'Multiple `CMD` instructions in one stage: only the last takes effect; keep one.',
  check: (ctx) => repeatedInStage(ctx, 'CMD'),
};

export const dl4004: HadolintRule = {
  code: 'DL4004',
  severity: 'error',
  message: 'Multiple `ENTRYPOINT` instructions in one stage: only the last takes effect; keep one.',
  check: (ctx) => repeatedInStage(ctx, 'ENTRYPOINT'),
};

export const dl4000: HadolintRule = {
  code: 'DL4000',
  severity: 'error',
  message: '`MAINTAINER` is deprecated: use `LABEL maintainer="…"` instead.',
  check: (ctx) =>
    plainSteps(ctx)
      .filter((step) => step.inst.keyword === 'MAINTAINER')
      .map((step) => ({ range: step.outer.range })),
};

export const dl3057: HadolintRule = {
  code: 'DL3057',
  severity: 'info',
  message: '`HEALTHCHECK` instruction missing: add one (or `HEALTHCHECK NONE`) to the image.',
  check: (ctx) => {
    const stages = ctx.stages.stages;
    const own = new Set(
      stages.filter((stage) =>
        stage.instructions.some((instruction) => instruction.keyword === 'HEALTHCHECK'),
      ),
    );
    // A stage has a health check when it or a stage it builds on declares one.
    const covered = new Set(
      stages.filter((stage) => own.has(stage) || ancestorsOf(ctx, stage).some((a) => own.has(a))),
    );
    // A base stage is fine when an image built on it has a health check.
    const feedsCovered = new Set<Stage>();
    for (const stage of covered) for (const ancestor of ancestorsOf(ctx, stage)) feedsCovered.add(ancestor);
    return stages
      .filter((stage) => !covered.has(stage) && !feedsCovered.has(stage))
      .map((stage) => ({ range: stage.from.range }));
  },
};
