import * as assert from 'node:assert/strict';
import {
  envLookup,
  processWord,
  processWords,
  variableReferences,
  type LexOptions,
} from '../../../src/server/syntax/shellLex';

const env = envLookup({ HOME: '/root', EMPTY: '', LIST: 'a b  c', PATHS: 'a/b/c.tar.gz', WORD: 'foo' });

function expand(word: string, options?: LexOptions): string {
  const result = processWord(word, env, options);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

function error(word: string, options?: LexOptions): string {
  const result = processWord(word, env, options);
  assert.ok(!result.ok, `expected an error for ${word}`);
  return result.error;
}

describe('shellLex', () => {
  describe('backtick escape', () => {
    const tick: LexOptions = { escape: '`' };

    it('keeps backslashes literal and escapes with the backtick', () => {
      assert.equal(expand('C:\\dir `$HOME $HOME', tick), 'C:\\dir $HOME /root');
      assert.equal(expand('a` b', tick), 'a b');
      assert.equal(expand('``', tick), '`');
    });

    it('escapes quotes, dollars and itself inside double quotes', () => {
      assert.equal(expand('"a`"b`$HOME``c`d"', tick), 'a"b$HOME`c`d');
      assert.equal(expand('"C:\\$HOME"', tick), 'C:\\/root');
    });

    it('drops a trailing escape', () => {
      assert.equal(expand('abc`', tick), 'abc');
    });

    it('keeps escapes with rawEscapes, doubling them inside double quotes as BuildKit does', () => {
      assert.equal(expand('a`$b', { ...tick, rawEscapes: true }), 'a`$b');
      assert.equal(expand('"a`b"', { ...tick, rawEscapes: true }), 'a``b');
    });

    it('reads a backslash in a pattern as the pattern escape, and a backtick as text', () => {
      assert.match(error('${HOME#a\\}', tick), /invalid escape '\\\ufffd'/);
      assert.equal(expand('${HOME#`/}', tick), '/root');
      assert.equal(expand('${HOME#\\/}', tick), 'root');
    });

    it('splits words on unescaped spaces only', () => {
      const result = processWords('a` b c', env, tick);
      assert.ok(result.ok);
      assert.deepEqual(result.value, ['a b', 'c']);
    });

    it('treats a backslash before $ as text, so the reference still counts', () => {
      assert.deepEqual(variableReferences('\\$HOME `$SKIP', { escape: '`' }), [
        { name: 'HOME', start: 1, end: 6 },
      ]);
    });
  });

  describe('variableReferences', () => {
    it('gives offsets of plain and braced references', () => {
      assert.deepEqual(variableReferences('a $X-${Y}'), [
        { name: 'X', start: 2, end: 4 },
        { name: 'Y', start: 5, end: 9 },
      ]);
    });

    it('records modifiers as written and nested references in order', () => {
      const text = '${A:-${B}} ${C##*/} ${D//x/y} ${E%x} ${F+z} ${G:?no}';
      assert.deepEqual(
        variableReferences(text).map((r) => [r.name, r.modifier, text.slice(r.start, r.end)]),
        [
          ['A', ':-', '${A:-${B}}'],
          ['B', undefined, '${B}'],
          ['C', '##', '${C##*/}'],
          ['D', '//', '${D//x/y}'],
          ['E', '%', '${E%x}'],
          ['F', '+', '${F+z}'],
          ['G', ':?', '${G:?no}'],
        ],
      );
    });

    it('finds none inside single quotes or after an escape, but finds them in double quotes', () => {
      assert.deepEqual(
        variableReferences(`'$A' \\$B "$C" "\\$D" '"$E"'`).map((r) => r.name),
        ['C'],
      );
    });

    it('includes positional and special parameters, skips a lone dollar', () => {
      assert.deepEqual(
        variableReferences('$1 $@ $ $- ${#}').map((r) => r.name),
        ['1', '@', '-', '#'],
      );
    });

    it('goes on after a syntax error', () => {
      assert.deepEqual(
        variableReferences('${} ${A B} $C').map((r) => r.name),
        ['C'],
      );
      assert.deepEqual(
        variableReferences('$A ${B').map((r) => r.name),
        ['A'],
      );
    });

    it('is not stopped by evaluation errors such as :?', () => {
      assert.deepEqual(
        variableReferences('${A:?} ${B#\\x} $C').map((r) => r.name),
        ['A', 'B', 'C'],
      );
    });

    it('counts offsets in UTF-16 code units', () => {
      assert.deepEqual(variableReferences('𝒜 $𝒜b'), [{ name: '𝒜b', start: 3, end: 7 }]);
    });
  });

  describe('expansion', () => {
    it('applies the default, alternative and error modifiers', () => {
      assert.equal(expand('${EMPTY-d}|${EMPTY:-d}|${NONE-d}'), '|d|d');
      assert.equal(expand('${EMPTY+a}|${EMPTY:+a}|${NONE+a}'), 'a||');
      assert.match(error('${NONE?gone}'), /NONE: gone/);
      assert.match(error('${EMPTY:?}'), /EMPTY: is not allowed to be empty/);
      assert.match(error('${NONE:?}'), /NONE: is not allowed to be unset/);
    });

    it('trims the shortest or longest prefix and suffix', () => {
      assert.equal(
        expand('${PATHS#*/}|${PATHS##*/}|${PATHS%.*}|${PATHS%%.*}'),
        'b/c.tar.gz|c.tar.gz|a/b/c.tar|a/b/c',
      );
      assert.equal(expand('${PATHS#?}|${PATHS#x}|${PATHS%\\*}'), '/b/c.tar.gz|a/b/c.tar.gz|a/b/c.tar.gz');
    });

    it('decides the longest form on the word as read', () => {
      assert.equal(expand("${PATHS#'#'*/}"), 'c.tar.gz');
    });

    it('does not let * or ? cross a newline, as Go regular expressions do', () => {
      const lines = envLookup({ V: 'a\nb/c' });
      const result = processWord('${V##*/}|${V#?}', lines);
      assert.ok(result.ok);
      assert.equal(result.value, 'a\nb/c|\nb/c');
    });

    it('replaces the first or every match', () => {
      assert.equal(expand('${PATHS/\\//:}|${PATHS//\\//:}'), 'a:b/c.tar.gz|a:b:c.tar.gz');
      assert.equal(expand('${WORD///x}'), 'xfxoxox');
      assert.equal(expand('${WORD//o*/!}'), 'f!');
    });

    it("expands $0 in a replace-all replacement to the match, as Go's templates do", () => {
      assert.equal(expand("${WORD//o/'<$0>'}"), 'f<o><o>');
      assert.equal(expand("${WORD//o/'$$'}"), 'f$$');
      assert.equal(expand("${WORD/o/'$0'}"), 'f$0o');
      assert.equal(expand("${WORD//o/'$x'}"), 'f');
    });

    it('reports bad patterns and substitutions', () => {
      assert.match(error('${WORD#\\x}'), /invalid pattern \(\\x\) in substitution: invalid escape '\\x'/);
      assert.match(error('${WORD'), /unsupported modifier/);
      assert.match(error('${WORD:#x}'), /unsupported modifier \(:#\) in substitution/);
      assert.match(error('${WORD=x}'), /unsupported modifier \(=\) in substitution/);
      assert.match(error('${}'), /bad substitution/);
      assert.match(error('${:x}'), /bad substitution/);
      assert.match(error('${WORD:-x'), /missing '}'/);
      assert.match(error('${WORD/x'), /missing '\/' in \$\{\}/);
      assert.match(
        error("a 'b"),
        /^failed to process "a 'b": unexpected end of statement while looking for matching single-quote$/,
      );
      assert.match(error('"b'), /matching double-quote/);
    });
  });

  describe('options', () => {
    it('keeps quotes with rawQuotes', () => {
      assert.equal(expand(`'a' "b $HOME"`, { rawQuotes: true }), `'a' "b /root"`);
    });

    it('keeps escapes with rawEscapes', () => {
      assert.equal(expand('a\\ b\\$HOME', { rawEscapes: true }), 'a\\ b\\$HOME');
    });

    it('reads default words without raw escapes even when rawEscapes is set', () => {
      assert.equal(expand('${NONE:-a\\b}', { rawEscapes: true }), 'ab');
    });

    it('leaves unset references as written with skipUnsetEnv', () => {
      const options = { skipUnsetEnv: true };
      assert.equal(
        expand('$NONE ${NONE} ${NONE:-d} ${NONE//a/b} $HOME', options),
        '$NONE ${NONE} ${NONE:-d} ${NONE/a/b} /root',
      );
    });

    it('treats quotes as text with skipProcessQuotes', () => {
      assert.equal(expand(`'$HOME' "x`, { skipProcessQuotes: true }), `'/root' "x`);
    });

    it('compares names case-insensitively with caseInsensitiveEnv', () => {
      const result = processWord('$home ${Home:+set} $HOME', env, { caseInsensitiveEnv: true });
      assert.ok(result.ok);
      assert.equal(result.value, '/root set /root');
      assert.deepEqual([...result.matched].sort(), ['HOME', 'Home', 'home']);
      assert.equal(expand('$home'), '');
      assert.equal(envLookup({ Path: 'x' }, true)('PATH'), 'x');
    });
  });

  describe('words', () => {
    it('splits unquoted expansions and keeps quoted text whole', () => {
      const result = processWords('x $LIST "$LIST" \'\' "" y', env);
      assert.ok(result.ok);
      assert.deepEqual(result.value, ['x', 'a', 'b', 'c', 'a b  c', 'y']);
    });

    it('reports matched and unmatched names', () => {
      const result = processWords('$HOME ${NONE:-$EMPTY} $1', env);
      assert.ok(result.ok);
      assert.deepEqual([...result.matched].sort(), ['EMPTY', 'HOME']);
      assert.deepEqual([...result.unmatched].sort(), ['1', 'NONE']);
    });
  });

  describe('robustness', () => {
    it('never throws on arbitrary input', () => {
      const alphabet = [
        '$',
        '{',
        '}',
        ':',
        '-',
        '+',
        '?',
        '#',
        '%',
        '/',
        '*',
        '\\',
        '`',
        "'",
        '"',
        ' ',
        'A',
        'x',
        '\n',
        '0',
        '𝒜',
      ];
      let seed = 42;
      const random = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const fuzzEnv = envLookup({ A: 'x*y', x: '' });
      for (let i = 0; i < 3000; i++) {
        let text = '';
        const length = random(24);
        for (let j = 0; j < length; j++) text += alphabet[random(alphabet.length)];
        for (const escape of ['\\', '`'] as const) {
          assert.doesNotThrow(() => {
            processWord(text, fuzzEnv, { escape });
            processWords(text, fuzzEnv, { escape, rawQuotes: true, skipUnsetEnv: true });
            for (const r of variableReferences(text, { escape })) {
              assert.ok(r.start >= 0 && r.end <= text.length && r.start < r.end, text);
            }
          }, text);
        }
      }
    });

    it('refuses very deep nesting with an error instead of overflowing', () => {
      const depth = 20000;
      const text = '${A:-'.repeat(depth) + 'x' + '}'.repeat(depth);
      const result = processWord(text, env);
      assert.ok(!result.ok);
      assert.ok(variableReferences(text).length > 0);
    });

    it('handles long values and many wildcards', () => {
      const long = envLookup({ V: 'a'.repeat(20000) });
      const stars = `\${V%%${'*a'.repeat(200)}b}`;
      const result = processWord(stars, long);
      assert.ok(result.ok);
      assert.equal(result.value.length, 20000);
      const replaced = processWord('${V//a/bb}', long);
      assert.ok(replaced.ok);
      assert.equal(replaced.value.length, 40000);
    });
  });
});
