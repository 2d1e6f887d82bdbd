// BuildKit's shell-lexer tests (envVarTest, wordsTest, lex_test.go) run against shellLex.
import { envLookup, processWord, processWords } from '../../src/server/syntax/shellLex';
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
  const options = { escape: c.escape, caseInsensitiveEnv: c.platform === 'windows' };
  const env = envLookup(c.env);
  const result =
    c.kind === 'words' ? processWords(c.input, env, options) : processWord(c.input, env, options);
  const label = `${c.id} ${JSON.stringify(c.input)}`;
  const expected = c.expected;
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

describe('conformance: shellLex (BuildKit shell lexer)', function () {
  it('buildkit-shell-lex.jsonl', function () {
    const cases = loadSuite<LexCase>('buildkit-shell-lex.jsonl');
    if (cases === undefined) this.skip();
    const failures = cases.map(failure).filter((f): f is string => f !== undefined);
    holdFloor('buildkit-shell-lex', cases.length, failures);
  });
});
