// Checks on FROM lines, evaluated against the global ARGs: undeclared args in the image name or
// --platform, a --platform of $TARGETPLATFORM or of a constant, and global ARG defaults that leave
// the image name empty or invalid.
import { parseImageReference } from '../../semantics/imageReference';
import type { Expansion, MetaScope } from '../../semantics/scope';
import type { Stage } from '../../semantics/stages';
import type { Range } from '../../syntax/ast';
import type { CheckContext } from './context';
import { RULES } from './rules';

const ARCHITECTURES: Record<string, string> = {
  i386: '386',
  '386': '386',
  x86_64: 'amd64',
  'x86-64': 'amd64',
  amd64: 'amd64',
  aarch64: 'arm64',
  arm64: 'arm64',
  armhf: 'arm',
  armel: 'arm',
  arm: 'arm',
};
const OPERATING_SYSTEMS = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'illumos',
  'ios',
  'js',
  'linux',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
]);
const COMPONENT = /^[A-Za-z0-9_.-]+$/;

/** A platform string as containerd reads it (`os[/arch[/variant]]`), or undefined if invalid. */
export function parsePlatform(text: string): { os: string; architecture: string } | undefined {
  const parts = text.split('/');
  if (parts.length > 3) return undefined;
  const osPart = (parts[0] ?? '').replace(/\(.*\)$/, '');
  if (!parts.every((part, i) => COMPONENT.test(i === 0 ? osPart : part))) return undefined;
  const first = osPart.toLowerCase();
  if (parts.length === 1) {
    const arch = ARCHITECTURES[first];
    if (arch !== undefined) return { os: 'linux', architecture: arch };
    return OPERATING_SYSTEMS.has(first) ? { os: first, architecture: 'amd64' } : undefined;
  }
  const arch = (parts[1] ?? '').toLowerCase();
  return { os: first, architecture: ARCHITECTURES[arch] ?? arch };
}

/** Names a FROM line may use: every global ARG, valued or not, and the predefined args. */
class KnownNames {
  private names: Set<string> | undefined;

  constructor(private readonly meta: MetaScope) {}

  get all(): Set<string> {
    this.names ??= new Set([...this.meta.declared, ...this.meta.values.keys()]);
    return this.names;
  }
}

function reportUndeclared(
  ctx: CheckContext,
  stage: Stage,
  expansion: Expansion,
  known: KnownNames,
  range: Range,
): void {
  if (expansion.unmatched.size === 0) return;
  for (const name of expansion.unmatched) {
    if (known.all.has(name)) continue;
    const hint = ctx.suggest(name, () => known.all);
    const detail = `FROM argument '${name}' is not declared${hint === undefined ? '' : ` (did you mean ${hint}?)`}`;
    ctx.report(RULES.UndefinedArgInFrom, range, detail, stage.from);
  }
}

/** Checks each stage's FROM against the global scope. */
export function fromChecks(ctx: CheckContext): void {
  const meta = ctx.meta;
  const defaults = ctx.metaDefaults;
  const known = new KnownNames(meta);
  const lookupMeta = (name: string): string | undefined => meta.values.get(name);
  const lookupDefault = (name: string): string | undefined => defaults.values.get(name);
  // Many stages start from the same image; its reference is read once.
  const invalidBase = new Map<string, boolean>();
  for (const stage of ctx.stages.stages) {
    const from = stage.from;
    const baseRange = ctx.onHead(from, stage.baseRange);
    const nameMatch = ctx.expand(stage.base, lookupMeta);
    reportUndeclared(ctx, stage, nameMatch, known, baseRange);

    const flag = from.flags.length === 0 ? undefined : from.flags.find((f) => f.name === 'platform');
    if (flag?.value !== undefined && flag.value !== '') {
      const platformRange = ctx.onHead(from, flag.range);
      const platform = ctx.expand(flag.value, lookupMeta);
      reportUndeclared(ctx, stage, platform, known, platformRange);
      if (
        platform.matched.size === 1 &&
        platform.unmatched.size === 0 &&
        platform.matched.has('TARGETPLATFORM') &&
        platform.result === meta.values.get('TARGETPLATFORM')
      ) {
        ctx.report(
          RULES.RedundantTargetPlatform,
          platformRange,
          `Setting platform to predefined ${flag.value} in FROM is redundant as this is the default behavior`,
          from,
        );
      }
      if (platform.matched.size === 0 && platform.unmatched.size === 0 && platform.error === undefined) {
        const parsed = parsePlatform(platform.result);
        const name = stage.name?.toLowerCase() ?? '';
        if (parsed !== undefined && !name.includes(parsed.os) && !name.includes(parsed.architecture)) {
          ctx.report(
            RULES.FromPlatformFlagConstDisallowed,
            platformRange,
            `FROM --platform flag should not use constant value ${JSON.stringify(platform.result)}`,
            from,
          );
        }
      }
    }

    const byDefault = defaults === meta ? nameMatch : ctx.expand(stage.base, lookupDefault);
    if (byDefault.error !== undefined) continue;
    let invalid = invalidBase.get(byDefault.result);
    if (invalid === undefined) {
      const reference = parseImageReference(byDefault.result);
      invalid = reference === undefined || reference.variables || reference.problems.length > 0;
      invalidBase.set(byDefault.result, invalid);
    }
    if (invalid) {
      ctx.report(
        RULES.InvalidDefaultArgInFrom,
        baseRange,
        `Default value for ARG ${stage.base} results in empty or invalid base image name`,
      );
    }
  }
}
