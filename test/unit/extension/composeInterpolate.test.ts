import * as assert from 'node:assert/strict';
import { interpolate, parseEnvFile } from '../../../src/extension/compose/interpolate';

const vars: Record<string, string> = { NAME: 'web', EMPTY: '', PORT: '8080' };
const lookup = (name: string): string | undefined => vars[name];
const value = (text: string): string => interpolate(text, lookup).value;

describe('Compose interpolation', () => {
  it('substitutes $VAR and ${VAR}, unset ones as empty', () => {
    assert.equal(value('$NAME-${PORT}/x'), 'web-8080/x');
    assert.equal(value('a${MISSING}b$MISSING'), 'ab');
  });

  it('keeps $$ as one dollar and a lone $ as written', () => {
    assert.equal(value('cost $$5 and $$NAME'), 'cost $5 and $NAME');
    assert.equal(value('ends in $'), 'ends in $');
    assert.equal(value('$ 1'), '$ 1');
  });

  it('tells :- (unset or empty) from - (unset only)', () => {
    assert.equal(value('${EMPTY:-dflt}'), 'dflt');
    assert.equal(value('${EMPTY-dflt}'), '');
    assert.equal(value('${MISSING-dflt}'), 'dflt');
    assert.equal(value('${NAME:-dflt}'), 'web');
  });

  it('expands substitutions inside defaults', () => {
    assert.equal(value('${MISSING:-${NAME}-${OTHER:-x}}'), 'web-x');
    assert.equal(value('${MISSING:-a$$b}'), 'a$b');
  });

  it('reports required variables with their message', () => {
    const result = interpolate('${MISSING:?set it please}', lookup);
    assert.equal(result.value, '');
    assert.deepEqual(result.errors, ['Required variable MISSING is missing a value: set it please']);
    assert.equal(interpolate('${EMPTY?err}', lookup).errors.length, 0);
    assert.equal(interpolate('${EMPTY:?err}', lookup).errors.length, 1);
  });

  it('gives the alternative with + only when set', () => {
    assert.equal(value('${NAME:+yes}'), 'yes');
    assert.equal(value('${EMPTY:+yes}'), '');
    assert.equal(value('${EMPTY+yes}'), 'yes');
    assert.equal(value('${MISSING+yes}'), '');
  });

  it('reports an unclosed brace and a bad name without losing the text', () => {
    const open = interpolate('x ${NAME', lookup);
    assert.equal(open.value, 'x ${NAME');
    assert.equal(open.errors.length, 1);
    assert.equal(interpolate('${1x}', lookup).errors.length, 1);
    assert.equal(interpolate('${NAME/x}', lookup).errors.length, 1);
  });

  it('reads .env files: comments, export, quotes, escapes, inline comments, earlier variables', () => {
    const env = parseEnvFile(
      [
        '# a comment',
        'export A=1',
        'B = two words # comment',
        "C='$A literal'",
        'D="line\\nnext $A"',
        'E=${A}-${UNSET:-d}',
        'F="multi',
        'line"',
        'G=',
        'not a line',
        'H=a#b',
      ].join('\n'),
    );
    assert.deepEqual(Object.fromEntries(env), {
      A: '1',
      B: 'two words',
      C: '$A literal',
      D: 'line\nnext 1',
      E: '1-d',
      F: 'multi\nline',
      G: '',
      H: 'a#b',
    });
  });

  it('lets the outer environment win inside .env values and fill bare names', () => {
    const env = parseEnvFile('A=${HOME_X}\nBARE', (n) => ({ HOME_X: '/h', BARE: 'b' })[n]);
    assert.deepEqual(Object.fromEntries(env), { A: '/h', BARE: 'b' });
  });
});
