import * as assert from 'node:assert/strict';
import { unknownInstructions } from '../../../src/server/rules/unknownInstruction';
import { closest, editDistance } from '../../../src/server/rules/suggest';

describe('did-you-mean suggestions', () => {
  it('measures edit distance', () => {
    assert.equal(editDistance('form', 'from'), 2);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('copy', 'copy'), 0);
  });

  it('suggests options below distance 3 in the case the user typed', () => {
    assert.equal(closest('FORM', ['from', 'run']), 'FROM');
    assert.equal(closest('form', ['FROM', 'RUN']), 'from');
    assert.equal(closest('Runn', ['run']), 'run');
    assert.equal(closest('BADCMD', ['from', 'run', 'cmd']), undefined);
  });

  it('keeps the first of equally close options', () => {
    // "cap" is two edits from both "cmd" and "copy": the one listed first wins.
    assert.equal(closest('cap', ['cmd', 'copy']), 'cmd');
    assert.equal(closest('cap', ['copy', 'cmd']), 'copy');
  });
});

describe('unknown instruction rule', () => {
  it('reports the keyword range and message', () => {
    const [finding, ...rest] = unknownInstructions('FROM a\n  BADCMD x\n');
    assert.equal(rest.length, 0);
    assert.equal(finding?.message, 'unknown instruction: BADCMD');
    assert.deepEqual(finding?.span, { startLine: 1, startChar: 2, endLine: 1, endChar: 8 });
  });

  it('ignores ONBUILD triggers, heredoc bodies and continued lines', () => {
    const text = 'FROM a\nONBUILD RUN <<X\nnot an instruction\nX\nRUN a \\\n\n  b\n';
    assert.deepEqual(unknownInstructions(text), []);
  });
});
