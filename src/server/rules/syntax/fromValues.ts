// What BuildKit refuses when it expands each FROM with the global ARGs, for every stage before
// building any: a base image name that comes out empty, and a --platform that comes out empty
// or is not a platform. Only values no build argument can change are judged: constants, and
// expressions whose every variable is declared nowhere.
import { metaScope, type Expansion, type MetaScope } from '../../semantics/scope';
import type { StageModel } from '../../semantics/stages';
import type { Dockerfile } from '../../syntax/ast';
import { suggestName } from '../buildkit/context';
import { expanderFor } from '../buildkit/expander';
import { report, type Sink } from './support';

const OPERATING_SYSTEMS = new Set(
  'aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos macos'.split(
    ' ',
  ),
);
const ARCHITECTURES = new Set(
  '386 i386 amd64 x86_64 x86-64 amd64p32 arm armhf armel arm64 aarch64 arm64be armbe loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm'.split(
    ' ',
  ),
);
const COMPONENT = /^[A-Za-z0-9_.-]+$/;
const COMPONENT_SHOWN = '^[A-Za-z0-9_-]+$';

/** The error of containerd's platform parser for a specifier, undefined when it parses. */
export function platformProblem(specifier: string): string | undefined {
  const quoted = JSON.stringify(specifier);
  if (specifier.includes('*')) return `${quoted}: wildcards not yet supported: invalid argument`;
  const parts = specifier.split('/');
  for (const [i, part] of parts.entries()) {
    // The OS may carry a version in parentheses: windows(10.0.17763).
    const checked = i === 0 ? part.replace(/\([^()]*\)$/, '') : part;
    if (!COMPONENT.test(checked)) {
      return `${JSON.stringify(part)} is an invalid component of ${quoted}: platform specifier component must match ${JSON.stringify(COMPONENT_SHOWN)}: invalid argument`;
    }
  }
  if (parts.length > 3) return `${quoted}: cannot parse platform specifier: invalid argument`;
  if (parts.length === 1) {
    const only = (parts[0] ?? '').replace(/\([^()]*\)$/, '').toLowerCase();
    if (!OPERATING_SYSTEMS.has(only) && !ARCHITECTURES.has(only)) {
      return `${quoted}: unknown operating system or architecture: invalid argument`;
    }
  }
  return undefined;
}

/** True when no build argument can change the expansion: nothing it names is declared or known. */
function fixed(expansion: Expansion, meta: MetaScope): boolean {
  if (expansion.error !== undefined || expansion.matched.size > 0) return false;
  for (const name of expansion.unmatched) if (meta.declared.has(name)) return false;
  return true;
}

/** BuildKit's did-you-mean for the first unknown name that has one. */
function withNameSuggestion(message: string, expansion: Expansion, meta: MetaScope): string {
  for (const name of expansion.unmatched) {
    const hint = suggestName(name, meta.values.keys());
    if (hint !== undefined) return `${message} (did you mean ${hint}?)`;
  }
  return message;
}

/** Reports FROM lines whose image name or platform BuildKit cannot use. */
export function checkFromValues(sink: Sink, doc: Dockerfile, model: StageModel): void {
  let meta: MetaScope | undefined;
  const expand = expanderFor(doc.escape);
  for (const stage of model.stages) {
    const platformFlag = stage.from.flags.find((flag) => flag.name === 'platform');
    const platform = platformFlag?.value ?? '';
    // Most FROM lines are a plain image name and no platform.
    if (!stage.base.includes('$') && platform === '') continue;
    meta ??= metaScope(model, expand);
    const scope = meta;
    const lookup = (name: string): string | undefined => scope.values.get(name);
    if (stage.base.includes('$')) {
      const base = expand(stage.base, lookup);
      if (fixed(base, scope) && base.result === '') {
        const range = stage.baseRange ?? stage.from.keywordRange;
        report(sink, 'DW017', `base name (${stage.base}) should not be blank`, range, 'from');
      }
    }
    if (platformFlag === undefined || platform === '') continue;
    const expansion = expand(platform, lookup);
    if (!fixed(expansion, scope)) continue;
    const range = platformFlag.valueRange ?? platformFlag.range;
    if (expansion.result === '') {
      const message = withNameSuggestion(
        `empty platform value from expression ${platform}`,
        expansion,
        scope,
      );
      report(sink, 'DW017', message, range, 'from');
      continue;
    }
    const problem = platformProblem(expansion.result);
    if (problem !== undefined) {
      const message = withNameSuggestion(
        `failed to parse platform ${platform}: ${problem}`,
        expansion,
        scope,
      );
      report(sink, 'DW017', message, range, 'from');
    }
  }
}
