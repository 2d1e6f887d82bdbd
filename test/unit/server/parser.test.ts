import * as assert from 'node:assert/strict';
import type { Range } from '../../../src/server/syntax/ast';
import { parseDockerfile } from '../../../src/server/syntax/parser';

const r = (sl: number, sc: number, el: number, ec: number): Range => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});

/** The text a range covers in a multi-line document. */
function textAt(text: string, range: Range): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) {
    return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  }
  return [
    (lines[range.start.line] ?? '').slice(range.start.character),
    ...lines.slice(range.start.line + 1, range.end.line),
    (lines[range.end.line] ?? '').slice(0, range.end.character),
  ].join('\n');
}

describe('parser', () => {
  it('gives keyword, flag, word and argument ranges', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n';
    const doc = parseDockerfile(text);
    const from = doc.instructions[0];
    assert.ok(from);
    assert.deepEqual(from.keywordRange, r(0, 0, 0, 4));
    assert.equal(from.flags[0]?.name, 'platform');
    assert.equal(from.flags[0]?.value, '$BUILDPLATFORM');
    assert.equal(textAt(text, from.flags[0]?.range ?? r(0, 0, 0, 0)), '--platform=$BUILDPLATFORM');
    assert.equal(textAt(text, from.flags[0]?.valueRange ?? r(0, 0, 0, 0)), '$BUILDPLATFORM');
    assert.deepEqual(
      from.words.map((w) => [w.text, textAt(text, w.range)]),
      [
        ['golang:1.22', 'golang:1.22'],
        ['AS', 'AS'],
        ['build', 'build'],
      ],
    );
    assert.equal(textAt(text, from.argRange), 'golang:1.22 AS build');
  });

  it('maps words across continuation lines, skipping comment and blank lines', () => {
    const text = 'RUN apt-get update \\\n# a comment\n\n    && apt-get install -y curl\n';
    const doc = parseDockerfile(text);
    const run = doc.instructions[0];
    assert.ok(run);
    assert.equal(run.argText, 'apt-get update     && apt-get install -y curl');
    const curl = run.words.find((w) => w.text === 'curl');
    assert.deepEqual(curl?.range, r(3, 26, 3, 30));
    assert.deepEqual(run.range, r(0, 0, 3, 30));
    assert.deepEqual(run.emptyContinuationLines, [2]);
    assert.deepEqual(
      doc.comments.map((c) => c.text),
      ['a comment'],
    );
  });

  it('reads ENV, LABEL and ARG pairs with their ranges, legacy form included', () => {
    const text = 'ENV A=1 B="two words"\nENV LEGACY value with spaces\nARG NAME\nARG V=1\nLABEL "k"=v\n';
    const doc = parseDockerfile(text);
    const [env, legacy, arg, argValue, label] = doc.instructions;
    assert.deepEqual(
      env?.pairs.map((p) => [p.key, p.value, textAt(text, p.valueRange ?? r(0, 0, 0, 0))]),
      [
        ['A', '1', '1'],
        ['B', '"two words"', '"two words"'],
      ],
    );
    assert.equal(legacy?.pairs[0]?.legacy, true);
    assert.equal(legacy?.pairs[0]?.value, 'value with spaces');
    assert.deepEqual(arg?.pairs[0]?.value, undefined);
    assert.equal(argValue?.pairs[0]?.value, '1');
    assert.equal(label?.pairs[0]?.key, '"k"');
  });

  it('keeps heredoc bodies out of the instruction list and records their ranges', () => {
    const text = 'FROM alpine\nRUN <<EOF cat > /a <<-"B"\necho $X\nEOF\n\tliteral\n\tB\nCMD ["sh"]\n';
    const doc = parseDockerfile(text);
    assert.deepEqual(
      doc.instructions.map((i) => i.keyword),
      ['FROM', 'RUN', 'CMD'],
    );
    const run = doc.instructions[1];
    assert.equal(run?.heredocs.length, 2);
    assert.deepEqual(
      run?.heredocs.map((h) => [h.name, h.content, h.expand, h.chomp]),
      [
        ['EOF', 'echo $X\n', true, false],
        ['B', '\tliteral\n', false, true],
      ],
    );
    assert.deepEqual(run?.heredocs[0]?.range, r(2, 0, 3, 3));
    assert.equal(textAt(text, run?.heredocs[1]?.markerRange ?? r(0, 0, 0, 0)), '<<-"B"');
    assert.deepEqual(run?.range.end, { line: 5, character: 2 });
    assert.deepEqual(doc.instructions[2]?.json, ['sh']);
  });

  it('reports an unterminated heredoc and keeps the instruction', () => {
    const doc = parseDockerfile('FROM alpine\nRUN <<EOF\necho hi\n');
    assert.equal(doc.problems[0]?.code, 'DW006');
    assert.equal(doc.instructions[1]?.heredocs[0]?.terminated, false);
  });

  it('honours the escape directive, a BOM and CRLF line ends', () => {
    const text = '\uFEFF# escape=`\r\nFROM windows\r\nRUN dir `\r\n  c:\\\r\n';
    const doc = parseDockerfile(text);
    assert.equal(doc.escape, '`');
    assert.equal(doc.directives[0]?.name, 'escape');
    assert.equal(doc.instructions[1]?.argText, 'dir   c:\\');
    assert.deepEqual(doc.instructions[1]?.range, r(2, 0, 3, 5));
  });

  it('accepts directives only at the top, once each, case-insensitively', () => {
    const late = parseDockerfile('FROM alpine\n# escape=`\nRUN a `\n');
    assert.equal(late.escape, '\\');
    assert.equal(late.directives.length, 0);
    const twice = parseDockerfile('# SYNTAX=docker/dockerfile:1\n# syntax=other\nFROM alpine\n');
    assert.equal(twice.directives[0]?.name, 'syntax');
    assert.equal(twice.problems[0]?.code, 'DW002');
    const afterComment = parseDockerfile('# hello\n# escape=`\nFROM alpine\n');
    assert.equal(afterComment.escape, '\\');
    const bad = parseDockerfile('# escape=x\nFROM alpine\n');
    assert.equal(bad.problems[0]?.code, 'DW002');
  });

  it('parses ONBUILD triggers with their own ranges and flags', () => {
    const text = 'FROM alpine\nONBUILD COPY --from=build /a /b\n';
    const doc = parseDockerfile(text);
    const trigger = doc.instructions[1]?.trigger;
    assert.equal(trigger?.keyword, 'COPY');
    assert.equal(trigger?.flags[0]?.value, 'build');
    assert.equal(textAt(text, trigger?.keywordRange ?? r(0, 0, 0, 0)), 'COPY');
    assert.equal(textAt(text, trigger?.argRange ?? r(0, 0, 0, 0)), '/a /b');
  });

  it('tells JSON form from shell form as BuildKit does', () => {
    const doc = parseDockerfile('CMD ["a", "b"] trailing\nCMD [\'a\']\nCMD [1]\nCMD ["unterminated"\n');
    assert.deepEqual(doc.instructions[0]?.json, ['a', 'b']);
    assert.equal(doc.instructions[1]?.json, undefined);
    assert.equal(doc.problems.filter((p) => p.code === 'DW005').length, 1);
    assert.equal(doc.instructions[3]?.json, undefined);
  });

  it('splits the keyword off at ASCII blanks only, as BuildKit does', () => {
    // A no-break space after the keyword joins it to the next word; elsewhere it is a blank.
    const doc = parseDockerfile('FROM alpine\nRUN\u00a0echo hi\n\u00a0RUN echo\u2003hi\n');
    assert.deepEqual(
      doc.instructions.map((instruction) => [instruction.keyword, instruction.argText]),
      [
        ['FROM', 'alpine'],
        ['RUN\u00a0ECHO', 'hi'],
        ['RUN', 'echo\u2003hi'],
      ],
    );
  });
});
