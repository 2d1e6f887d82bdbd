// BuildKit's own check tests: each offline case must give exactly the expected (rule, line,
// detail) list for the lint request, and the `lint violation` build error where one is expected.
import { buildkitChecks } from '../../src/server/rules/buildkit/index';
import { parseDockerfile } from '../../src/server/syntax/parser';
import { holdFloor, loadSuite } from './support';

interface Expected {
  rule: string;
  line: number;
  detail: string;
  url: string;
}

interface CheckCase {
  id: string;
  dockerfile: string;
  dockerignore?: string;
  buildArgs?: Record<string, string>;
  expected: Expected[];
  expectedBuild?: Expected[];
  buildError?: string;
  needs: string | null;
  /** The fields that differ in the Windows variant of the test. */
  windows?: Partial<Omit<CheckCase, 'windows' | 'id'>>;
}

function describeList(list: ReadonlyArray<{ rule: string; line: number; detail: string }>): string {
  return list.length === 0 ? '(none)' : list.map((w) => `${w.rule}@${w.line} ${w.detail}`).join(' | ');
}

/** Why a case fails, or undefined when it passes. */
export function checkFailure(c: CheckCase): string | undefined {
  const result = buildkitChecks(parseDockerfile(c.dockerfile), {
    buildArgs: c.buildArgs,
    dockerignore: c.dockerignore,
  });
  const got = result.warnings.map((w) => ({
    rule: w.rule.name,
    line: w.range.start.line + 1,
    detail: w.detail,
    url: w.rule.url,
  }));
  // BuildKit's harness asserts lines only on the build path; a warning that only the lint request
  // gives (a stage the build does not reach) carries a line nothing checks, so only its rule and
  // detail are compared.
  const lineChecked = (w: Expected): boolean =>
    c.expectedBuild === undefined || c.expectedBuild.some((b) => b.rule === w.rule && b.detail === w.detail);
  const key = (w: Expected): string => `${w.rule}\u0000${w.detail}\u0000${w.url}`;
  const unmatched = [...got];
  const same =
    got.length === c.expected.length &&
    c.expected.every((w) => {
      const at = unmatched.findIndex((g) => key(g) === key(w) && (!lineChecked(w) || g.line === w.line));
      if (at < 0) return false;
      unmatched.splice(at, 1);
      return true;
    });
  const want = c.expected;
  if (!same) return `${c.id}: want ${describeList(want)}; got ${describeList(got)}`;
  const wantLintError = c.buildError?.startsWith('lint violation') === true ? c.buildError : undefined;
  if (result.buildError !== wantLintError) {
    return `${c.id}: build error want ${String(wantLintError)}, got ${String(result.buildError)}`;
  }
  return undefined;
}

describe('conformance: buildkit checks', function () {
  it('buildkit-checks.jsonl', function () {
    const cases = loadSuite<CheckCase>('buildkit-checks.jsonl');
    if (cases === undefined) this.skip();
    const offline = cases.filter((c) => c.needs === null);
    // The Windows variants (nanoserver instead of busybox/alpine, other build args) count as cases too.
    const windows = offline
      .filter((c) => c.windows !== undefined)
      .map((c) => ({ ...c, ...c.windows, id: `${c.id} (windows)` }));
    const all = [...offline, ...windows];
    const failures = all.map(checkFailure).filter((f): f is string => f !== undefined);
    holdFloor('buildkit-checks', all.length, failures);
  });
});
