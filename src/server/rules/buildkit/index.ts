// BuildKit's build checks (`docker build --check`), computed offline over one parse. Every stage
// is checked, as the lint request does. The options come from the `# check=` directive or the
// BUILDKIT_DOCKERFILE_CHECK build argument; with `error=true` the warnings become errors and the
// build error BuildKit would give is returned beside them.
import { stagesOf } from '../../semantics/stages';
import type { Dockerfile } from '../../syntax/ast';
import type { Finding } from '../finding';
import { fileCheckOptions, lintViolationError } from './checkDirective';
import { CheckContext, type CheckOptions, type CheckWarning } from './context';
import { dispatchChecks } from './dispatchChecks';
import { expanderFor } from './expander';
import { fromChecks } from './fromChecks';
import { casingChecks, emptyContinuationChecks, parseTimeChecks, stageNameChecks } from './parseChecks';

export type { CheckOptions } from './context';

export interface BuildkitCheckResult {
  /** The warnings, sorted by line and detail as BuildKit's harness lists them. */
  readonly warnings: CheckWarning[];
  /** True when `error=true` is in force. */
  readonly asErrors: boolean;
  /**
   * The build error from the checks: `lint violation found for rules: …` when `error=true` and
   * some check fired, or the reason the check options could not be read.
   */
  readonly buildError: string | undefined;
}

function byLineThenDetail(a: CheckWarning, b: CheckWarning): number {
  return a.range.start.line - b.range.start.line || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0);
}

/** Runs every offline check. Never throws. */
export function buildkitChecks(doc: Dockerfile, options: CheckOptions = {}): BuildkitCheckResult {
  const parsed = fileCheckOptions(doc, options.buildArgs);
  // BuildKit stops before any check when its options cannot be read.
  if (parsed.config === undefined) return { warnings: [], asErrors: false, buildError: parsed.error };
  const config = parsed.config;
  const stages = options.stages ?? stagesOf(doc.instructions);
  const ctx = new CheckContext(doc, stages, config, options, expanderFor(doc.escape));
  emptyContinuationChecks(ctx);
  parseTimeChecks(ctx);
  stageNameChecks(ctx);
  casingChecks(ctx);
  fromChecks(ctx);
  dispatchChecks(ctx);
  const seen = new Set<string>();
  const warnings = ctx.warnings
    .filter((warning) => {
      const key = `${warning.rule.name}\u0000${warning.range.start.line}\u0000${warning.detail}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(byLineThenDetail);
  return {
    warnings,
    asErrors: config.error,
    buildError: config.error ? lintViolationError(ctx.fired) : undefined,
  };
}

/** The checks as findings for the diagnostics engine. */
export function buildkitFindings(doc: Dockerfile, options?: CheckOptions): Finding[] {
  const result = buildkitChecks(doc, options);
  return result.warnings.map((warning) => ({
    code: warning.rule.name,
    message: warning.detail,
    range: warning.range,
    severity: result.asErrors ? 'error' : 'warning',
    ruleSet: 'buildkit',
    href: warning.rule.url,
    ...(warning.rule.name === 'MaintainerDeprecated' ? { deprecated: true } : {}),
  }));
}
