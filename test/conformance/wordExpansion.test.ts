// BuildKit's shell-lexer tests: word expansion, word splitting, matched and unmatched names.
import { envLookup, processWord, processWords } from '../../src/server/syntax/wordExpansion';
import { holdFloor, loadSuite } from './support';

interface LexCase {
  id: string;
  kind: 'expand' | 'words';
  platform: 'all' | 'unix' | 'windows';
  input: string;
  env: Record<string, string>;
  escape: '\\' | '`';
  expected: string | string[] | { error: true; errorContains?: string };
  matches?: string[];
  unmatched?: string[];
}

function failure(c: LexCase): string | undefined {
  const env = envLookup(c.env, c.platform === 'windows');
  const result =
    c.kind === 'words'
      ? processWords(c.input, env, { escape: c.escape })
      : processWord(c.input, env, { escape: c.escape });
  const expected = c.expected;
  const label = `${c.id} ${JSON.stringify(c.input)}`;
  if (typeof expected === 'object' && !Array.isArray(expected)) {
    if (result.ok) return `${label}: expected an error, got ${JSON.stringify(result.value)}`;
    if (expected.errorContains !== undefined && !result.error.includes(expected.errorContains)) {
      return `${label}: error ${JSON.stringify(result.error)} lacks ${JSON.stringify(expected.errorContains)}`;
    }
    return undefined;
  }
  if (!result.ok) return `${label}: unexpected error ${result.error}`;
  if (JSON.stringify(result.value) !== JSON.stringify(expected)) {
    return `${label}: ${JSON.stringify(result.value)} != ${JSON.stringify(expected)}`;
  }
  const sorted = (set: Set<string>): string => JSON.stringify([...set].sort());
  if (c.matches !== undefined && sorted(result.matched) !== JSON.stringify(c.matches)) {
    return `${label}: matched ${sorted(result.matched)} != ${JSON.stringify(c.matches)}`;
  }
  if (c.unmatched !== undefined && sorted(result.unmatched) !== JSON.stringify(c.unmatched)) {
    return `${label}: unmatched ${sorted(result.unmatched)} != ${JSON.stringify(c.unmatched)}`;
  }
  return undefined;
}

describe('conformance: BuildKit shell lexer', function () {
  it('buildkit-shell-lex.jsonl', function () {
    const cases = loadSuite<LexCase>('buildkit-shell-lex.jsonl');
    if (cases === undefined) this.skip();
    const failures = cases.map(failure).filter((f): f is string => f !== undefined);
    holdFloor('buildkit-shell-lex', cases.length, failures);
  });
});
