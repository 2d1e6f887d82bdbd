// Base image rules: an explicit tag (DL3006), not `latest` (DL3007), only trusted registries
// (DL3026) and no fixed `--platform` (DL3029).
import type { Range } from '../../syntax/ast';
import { parseImageReference, type ImageReference } from '../../semantics/imageReference';
import type { Stage, StageModel } from '../../semantics/stages';
import { indexesOf } from './engine';
import type { HadolintContext, HadolintHit, HadolintRule } from './rule';
import { dropQuotes, runMounts } from './p1Support';

/** True when the stage starts from an earlier stage rather than an image. */
function fromEarlierStage(stage: Stage, stages: StageModel): boolean {
  return stages.stageNamed(stage.base, stage.index) !== undefined;
}

/** The stage's base image as a reference, read once per document for every rule that asks. */
function baseReference(ctx: HadolintContext, stage: Stage): ImageReference | undefined {
  const references = indexesOf(ctx).shared('p1:baseReferences', () =>
    ctx.stages.stages.map((each) => parseImageReference(dropQuotes(each.base))),
  );
  return references[stage.index];
}

function baseRange(stage: Stage): Range {
  return stage.baseRange ?? stage.from.range;
}

export const DL3006: HadolintRule = {
  code: 'DL3006',
  severity: 'warning',
  message: 'Always tag the image version explicitly: use `FROM <image>:<tag>`.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const stage of ctx.stages.stages) {
      const ref = baseReference(ctx, stage);
      if (ref === undefined || ref.variables || ref.scratch) continue;
      if (ref.tag !== undefined || ref.digest !== undefined || fromEarlierStage(stage, ctx.stages)) continue;
      hits.push({
        range: baseRange(stage),
        message: `Tag the version of \`${stage.base}\` explicitly: use \`${stage.base}:<tag>\`.`,
      });
    }
    return hits;
  },
};

export const DL3007: HadolintRule = {
  code: 'DL3007',
  severity: 'warning',
  message: 'Using `latest` is prone to errors if the image ever updates: pin a specific version tag.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const stage of ctx.stages.stages) {
      const ref = baseReference(ctx, stage);
      if (ref?.tag === 'latest' && ref.digest === undefined) hits.push({ range: baseRange(stage) });
    }
    return hits;
  },
};

/** True when `registry` matches a trusted entry: a host, `*.domain` or `*`. */
function matchesTrusted(registry: string, trusted: readonly string[]): boolean {
  const host = registry.toLowerCase();
  return trusted.some((entry) => {
    const wanted = entry.toLowerCase();
    if (wanted === '*') return true;
    if (wanted.startsWith('*.')) return host.endsWith(wanted.slice(1));
    return host === wanted;
  });
}

function isTrusted(ref: ImageReference, trusted: readonly string[]): boolean {
  if (ref.variables) return true;
  if (ref.registryExplicit) return matchesTrusted(ref.registry, trusted);
  return (
    ref.scratch ||
    trusted.includes('*') ||
    trusted.some((entry) => ['docker.io', 'hub.docker.com'].includes(entry.toLowerCase()))
  );
}

export const DL3026: HadolintRule = {
  code: 'DL3026',
  severity: 'error',
  message: 'Use only an allowed registry in the FROM image.',
  check(ctx) {
    const trusted = ctx.config.trustedRegistries;
    if (trusted.length === 0) return [];
    const hits: HadolintHit[] = [];
    const untrusted = (text: string): ImageReference | undefined => {
      const ref = parseImageReference(dropQuotes(text));
      return ref === undefined || isTrusted(ref, trusted) ? undefined : ref;
    };
    const messageFor = (ref: ImageReference): string =>
      `Registry \`${ref.registryExplicit ? ref.registry : 'docker.io'}\` is not in trustedRegistries.`;
    // `--from` names a stage (by name or index) or else an image.
    const namesStage = (value: string): boolean =>
      /^[0-9]+$/.test(value) || ctx.stages.stageNamed(value) !== undefined;

    for (const stage of ctx.stages.stages) {
      if (fromEarlierStage(stage, ctx.stages)) continue;
      const ref = untrusted(stage.base);
      if (ref !== undefined) hits.push({ range: baseRange(stage), message: messageFor(ref) });
    }
    for (const outer of ctx.doc.instructions) {
      const instruction = outer.keyword === 'ONBUILD' ? outer.trigger : outer;
      if (instruction === undefined) continue;
      if (instruction.keyword === 'COPY') {
        for (const flag of instruction.flags) {
          if (flag.name !== 'from' || flag.value === undefined || namesStage(flag.value)) continue;
          const ref = untrusted(flag.value);
          if (ref !== undefined) hits.push({ range: flag.range, message: messageFor(ref) });
        }
      } else if (instruction.keyword === 'RUN') {
        for (const mount of runMounts(instruction)) {
          if (mount.from === undefined || namesStage(mount.from)) continue;
          const ref = untrusted(mount.from);
          if (ref !== undefined) hits.push({ range: mount.range, message: messageFor(ref) });
        }
      }
    }
    return hits;
  },
};

/** Variables BuildKit sets for the platforms a build runs on and targets. */
const PLATFORM_VARIABLES = /^\$(?:\{)?(?:BUILD|TARGET)(?:PLATFORM|OS|ARCH|VARIANT)\b/;

function isPlatformVariable(value: string): boolean {
  const text = dropQuotes(value);
  if (!text.startsWith('$')) return false;
  // Every `$` reference names one of BuildKit's automatic platform variables.
  return text.split('/').every((part) => PLATFORM_VARIABLES.test(part));
}

export const DL3029: HadolintRule = {
  code: 'DL3029',
  severity: 'warning',
  message: 'Do not use `--platform` with FROM unless it names `$BUILDPLATFORM` or `$TARGETPLATFORM`.',
  check(ctx) {
    const hits: HadolintHit[] = [];
    for (const stage of ctx.stages.stages) {
      for (const flag of stage.from.flags) {
        if (flag.name !== 'platform' || flag.value === undefined || flag.value === '') continue;
        if (!isPlatformVariable(flag.value)) hits.push({ range: flag.range });
      }
    }
    return hits;
  },
};

export const imageRules: readonly HadolintRule[] = [DL3006, DL3007, DL3026, DL3029];
