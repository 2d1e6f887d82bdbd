import * as assert from 'node:assert/strict';
import {
  envLookup,
  processWord,
  processWords,
  variableReferences,
} from '../../../src/server/syntax/wordExpansion';

describe('word expansion', () => {
  const env = envLookup({ HOME: '/root', EMPTY: '', LIST: 'a b  c' });

  it('expands with the backtick escape character', () => {
    const result = processWord('C:\\dir `$HOME $HOME', env, { escape: '`' });
    assert.ok(result.ok);
    assert.equal(result.value, 'C:\\dir $HOME /root');
  });

  it('splits unquoted expansions into words and keeps quoted ones whole', () => {
    const result = processWords('x $LIST "$LIST"', env);
    assert.ok(result.ok);
    assert.deepEqual(result.value, ['x', 'a', 'b', 'c', 'a b  c']);
  });

  it('keeps unset references as written when asked to', () => {
    const result = processWord('$UNSET ${OTHER} $HOME', env, { skipUnsetEnv: true });
    assert.ok(result.ok);
    assert.equal(result.value, '$UNSET ${OTHER} /root');
    assert.deepEqual([...result.unmatched].sort(), ['OTHER', 'UNSET']);
  });

  it('reports errors instead of throwing', () => {
    for (const bad of ['${', '${}', '"open', "'open", '${X:=y}', '${EMPTY:?must be set}']) {
      const result = processWord(bad, env);
      assert.equal(result.ok, false, bad);
    }
  });

  it('lists references with their offsets, but none in single quotes or escaped', () => {
    const text = `echo $HOME '\${NOT}' \\$NOPE "\${A:-$B}" \${C//x/y}`;
    assert.deepEqual(
      variableReferences(text).map((r) => [r.name, text.slice(r.start, r.end), r.modifier]),
      [
        ['HOME', '$HOME', undefined],
        ['B', '$B', undefined],
        ['A', '${A:-$B}', ':-'],
        ['C', '${C//x/y}', '//'],
      ],
    );
  });
});
