// Rules about the shape of a Dockerfile and its stages: instruction order (DL3061), ONBUILD
// contents (DL3043), stage names and platforms (DL3063, DL3065), COPY destinations (DL3045,
// DL3067), HEALTHCHECK (DL3057) and repeated or deprecated instructions (DL4000, DL4003, DL4004).
import type { Instruction } from '../../syntax/ast';
import type { Stage } from '../../semantics/stages';
import { indexesOf } from './engine';
import { parentOf, resolvedBase, stageParents } from './p2Scope';
import { stripQuotes } from './p2Support';
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
    indexesOf(ctx)
      .instructionsOf('ONBUILD')
      .filter((instruction) => NOT_IN_ONBUILD.has(triggerKeyword(instruction)))
      .map((instruction) => ({
        range: instruction.range,
        message: `\`${triggerKeyword(instruction)}\` is not allowed inside \`ONBUILD\`.`,
      })),
};

const RESERVED_STAGE_NAMES = new Set(['scratch', 'context']);

export const dl3063: HadolintRule = {
  code: 'DL3063',
  // hadolint's own severity: BuildKit builds such a stage and only warns (ReservedStageName).
  severity: 'warning',
  message: 'Reserved stage name: `scratch` and `context` should not name a stage.',
  check: (ctx) =>
    ctx.stages.stages
      .filter((stage) => stage.name !== undefined && RESERVED_STAGE_NAMES.has(stage.name.toLowerCase()))
      .map((stage) => ({
        range: stage.nameRange ?? stage.from.range,
        message: `\`${stage.name ?? ''}\` is a reserved word: choose another stage name.`,
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
    const visit = (instruction: Instruction, stage: Stage | undefined): void => {
      const keyword = instruction.keyword;
      if (keyword === 'WORKDIR') {
        workdirSet.add(stage);
      } else if (keyword === 'COPY' && !workdirSet.has(stage) && instruction.heredocs.length === 0) {
        const paths = copyPaths(instruction);
        const dest = paths[paths.length - 1];
        if (paths.length >= 2 && dest !== undefined && !absoluteDestination(dest)) {
          hits.push({ range: instruction.range });
        }
      }
    };
    // Instructions before the first FROM come first in the document, then each stage in turn.
    for (const instruction of ctx.stages.beforeFirstFrom) visit(instruction, undefined);
    for (const stage of ctx.stages.stages) {
      const parent = parentOf(ctx, stage);
      // A base we cannot resolve may be a stage with a WORKDIR: give it the benefit of the doubt.
      const unknown = parent === undefined && resolvedBase(ctx, stage).includes('$');
      if (unknown || (parent !== undefined && workdirSet.has(parent))) workdirSet.add(stage);
      for (const instruction of stage.instructions) visit(instruction, stage);
    }
    return hits;
  },
};

export const dl3067: HadolintRule = {
  code: 'DL3067',
  severity: 'warning',
  message: 'Do not copy the whole filesystem of another stage (`COPY --from=… / /`); copy what you need.',
  check: (ctx) =>
    indexesOf(ctx)
      .instructionsOf('COPY')
      .filter((inst) => {
        if (!inst.flags.some((flag) => flag.name === 'from')) return false;
        const paths = copyPaths(inst);
        return paths.length >= 2 && paths[paths.length - 1] === '/' && paths.slice(0, -1).includes('/');
      })
      .map((inst) => ({ range: inst.range })),
};

/** Hits on every instruction with `keyword` after the first of its stage. */
function repeatedInStage(ctx: HadolintContext, keyword: string): HadolintHit[] {
  const hits: HadolintHit[] = [];
  const list = indexesOf(ctx).instructionsOf(keyword);
  // Instructions before the first FROM share one stage, `undefined`.
  for (let i = 1; i < list.length; i++) {
    if (ctx.stages.stageOf(list[i]) === ctx.stages.stageOf(list[i - 1])) hits.push({ range: list[i].range });
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
    indexesOf(ctx)
      .instructionsOf('MAINTAINER')
      .map((instruction) => ({ range: instruction.range })),
};

export const dl3057: HadolintRule = {
  code: 'DL3057',
  severity: 'info',
  message: '`HEALTHCHECK` instruction missing: add one (or `HEALTHCHECK NONE`) to the image.',
  check: (ctx) => {
    const stages = ctx.stages.stages;
    const parents = stageParents(ctx);
    const own = new Set<Stage>();
    for (const instruction of indexesOf(ctx).instructionsOf('HEALTHCHECK')) {
      const stage = ctx.stages.stageOf(instruction);
      if (stage !== undefined) own.add(stage);
    }
    // A stage has a health check when it or a stage it builds on declares one (parents come first).
    const covered = stages.map(() => false);
    for (const stage of stages) {
      const parent = parents[stage.index];
      covered[stage.index] = own.has(stage) || (parent !== undefined && covered[parent.index] === true);
    }
    // A base stage is fine when an image built on it has a health check: mark the ancestors of
    // covered stages, latest stage first so marks pass down whole chains.
    const feedsCovered = stages.map(() => false);
    for (let index = stages.length - 1; index >= 0; index--) {
      const parent = parents[index];
      if (parent !== undefined && (covered[index] === true || feedsCovered[index] === true)) {
        feedsCovered[parent.index] = true;
      }
    }
    return stages
      .filter((stage) => covered[stage.index] !== true && feedsCovered[stage.index] !== true)
      .map((stage) => ({ range: stage.from.range }));
  },
};
