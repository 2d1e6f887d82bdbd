import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { formatDocument, formatOnType, formatRange } from '../../../src/server/features/format';
import {
  DEFAULT_FORMAT_SETTINGS,
  indentStyle,
  indentText,
  indentUnit,
  readFormatSettings,
  type FormatSettings,
  type IndentOptions,
} from '../../../src/server/features/formatSettings';
import type { Dockerfile, Instruction } from '../../../src/server/syntax/ast';
import { parseDockerfile, reparseDockerfile } from '../../../src/server/syntax/parser';
import { envLookup, processWord, processWords, type LexResult } from '../../../src/server/syntax/shellLex';

const EOLS: ReadonlyArray<readonly [string, string]> = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
];

const SPACES2: IndentOptions = { tabSize: 2, insertSpaces: true };
const SPACES4: IndentOptions = { tabSize: 4, insertSpaces: true };
const TABS4: IndentOptions = { tabSize: 4, insertSpaces: false };
const KEEP: FormatSettings = { ...DEFAULT_FORMAT_SETTINGS, continuationIndent: 'keep' };
const FLAT: FormatSettings = { ...DEFAULT_FORMAT_SETTINGS, continuationIndent: 'flat' };
/** Every continuation indentation setting. */
const MODES: readonly FormatSettings[] = [DEFAULT_FORMAT_SETTINGS, FLAT, KEEP];
const LOWER: FormatSettings = { ...DEFAULT_FORMAT_SETTINGS, uppercaseKeywords: false };

function apply(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///Dockerfile', 'dockerfile', 1, text), [
    ...edits,
  ]);
}

/** Edits never overlap, never reach past a line's end, and never touch a line twice. */
function assertWellFormed(text: string, edits: readonly TextEdit[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  const seen = new Set<number>();
  for (const edit of edits) {
    const { start, end } = edit.range;
    assert.equal(start.line, end.line, 'an edit stays on its line');
    assert.ok(!seen.has(start.line), `one edit per line (line ${start.line})`);
    seen.add(start.line);
    assert.ok(start.character <= end.character);
    assert.ok(end.character <= (lines[start.line] ?? '').length, 'an edit never touches the line break');
    assert.ok(!/[\r\n]/.test(edit.newText), 'no line breaks inserted');
  }
}

function format(
  text: string,
  options: IndentOptions = SPACES2,
  settings: FormatSettings = DEFAULT_FORMAT_SETTINGS,
): string {
  const edits = formatDocument(parseDockerfile(text), options, settings);
  assertWellFormed(text, edits);
  return apply(text, edits);
}

/** Formats `lines` joined with `eol`, checks it is idempotent, and returns the result's lines. */
function formatLines(
  lines: readonly string[],
  eol: string,
  options: IndentOptions = SPACES2,
  settings: FormatSettings = DEFAULT_FORMAT_SETTINGS,
): string[] {
  const once = format(lines.join(eol), options, settings);
  assert.deepEqual(formatDocument(parseDockerfile(once), options, settings), [], 'formatting is idempotent');
  if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(once), 'CRLF line endings are kept');
  return once.split(eol);
}

const ENV = envLookup({ X: 'x  y', EMPTY: '' });
/** Instructions whose argument is one string: its whitespace counts. */
const ONE_STRING = new Set(['MAINTAINER', 'STOPSIGNAL', 'USER', 'WORKDIR']);

function lexed(result: LexResult<unknown>): string {
  return result.ok ? JSON.stringify(result.value) : 'error';
}

/**
 * Keyword, flags, words (whitespace runs collapsed), JSON, heredocs and trigger of each
 * instruction, and the words BuildKit's lexer makes of the arguments (the whole text, exactly, for
 * the instructions that take one string).
 */
function meaning(doc: Dockerfile): unknown[] {
  const one = (instruction: Instruction | undefined): unknown =>
    instruction === undefined
      ? undefined
      : {
          keyword: instruction.keyword,
          flags: instruction.flags.map((flag) => flag.text),
          // ONBUILD's text is its trigger, compared below with the trigger's keyword in any case.
          args: instruction.trigger === undefined ? instruction.argText.replace(/\s+/g, ' ') : undefined,
          words:
            instruction.trigger === undefined
              ? instruction.words.map((word) => word.text.replace(/\s+/g, ' '))
              : undefined,
          json: instruction.json,
          lexed:
            instruction.trigger !== undefined
              ? undefined
              : ONE_STRING.has(instruction.keyword) || instruction.pairs.some((pair) => pair.legacy)
                ? lexed(processWord(instruction.argText, ENV, { escape: doc.escape }))
                : lexed(processWords(instruction.argText, ENV, { escape: doc.escape })),
          heredocs: instruction.heredocs.map((heredoc) => [heredoc.name, heredoc.content, heredoc.chomp]),
          trigger: one(instruction.trigger),
        };
  return [
    doc.escape,
    doc.directives.map((directive) => [directive.name, directive.value]),
    doc.comments.map((comment) => comment.text),
    doc.problems.map((problem) => problem.code),
    doc.instructions.map(one),
  ];
}

/** Asserts that formatting keeps the parse and is idempotent; returns the formatted text. */
function assertSafe(
  text: string,
  options: IndentOptions = SPACES2,
  settings = DEFAULT_FORMAT_SETTINGS,
): string {
  const before = parseDockerfile(text);
  const edits = formatDocument(before, options, settings);
  // Positions count from after a byte-order mark, as the parse does.
  assertWellFormed(before.text, edits);
  for (const instruction of before.instructions) {
    for (const heredoc of [...instruction.heredocs, ...(instruction.trigger?.heredocs ?? [])]) {
      const touched = edits.find(
        (edit) =>
          edit.range.start.line >= heredoc.range.start.line &&
          edit.range.start.line <= heredoc.range.end.line,
      );
      assert.equal(touched, undefined, 'heredoc bodies are never edited');
    }
  }
  const once = apply(before.text, edits);
  const after = parseDockerfile(once);
  assert.deepEqual(meaning(after), meaning(before), 'formatting keeps what the parser reads');
  assert.deepEqual(formatDocument(after, options, settings), [], 'formatting is idempotent');
  return once;
}

describe('format', () => {
  describe('settings', () => {
    it('reads valid values and falls back to the defaults', () => {
      assert.deepEqual(readFormatSettings(undefined), DEFAULT_FORMAT_SETTINGS);
      assert.deepEqual(readFormatSettings({ continuationIndent: 'keep', uppercaseKeywords: false }), {
        continuationIndent: 'keep',
        uppercaseKeywords: false,
      });
      assert.equal(readFormatSettings({ continuationIndent: 'flat' }).continuationIndent, 'flat');
      assert.equal(DEFAULT_FORMAT_SETTINGS.continuationIndent, 'indent');
      assert.deepEqual(readFormatSettings({ continuationIndent: 'tabs', uppercaseKeywords: 'yes' }), {
        continuationIndent: 'indent',
        uppercaseKeywords: true,
      });
    });

    it('turns the formatting options into one unit of indentation', () => {
      assert.equal(indentUnit({ tabSize: 4, insertSpaces: true }), '    ');
      assert.equal(indentUnit({ tabSize: 4, insertSpaces: false }), '\t');
      assert.equal(indentUnit({ tabSize: 0, insertSpaces: true }), ' ');
      assert.equal(indentUnit({ tabSize: Number.NaN, insertSpaces: true }), '    ');
    });

    it('writes a width in columns as spaces, or as tabs and then spaces', () => {
      assert.deepEqual(indentStyle(TABS4), { unit: '\t', width: 4, tabSize: 4, tabs: true });
      assert.deepEqual(indentStyle({ tabSize: 99, insertSpaces: true }).width, 32);
      assert.equal(indentText(indentStyle(TABS4), 10), '\t\t  ');
      assert.equal(indentText(indentStyle(TABS4), 3), '   ');
      assert.equal(indentText(indentStyle(SPACES2), 5), '     ');
    });
  });

  for (const [name, eol] of EOLS) {
    describe(`with ${name} line endings`, () => {
      it('takes leading whitespace off instruction and comment lines and trims trailing blanks', () => {
        const out = formatLines(
          ['  # a comment  ', '   FROM alpine AS base\t', '\t', '    RUN true   ', '  #another', ''],
          eol,
        );
        assert.deepEqual(out, ['# a comment', 'FROM alpine AS base', '', 'RUN true', '#another', '']);
      });

      it('leaves parser directives as written except their trailing blanks', () => {
        const out = formatLines(
          [' # syntax=docker/dockerfile:1  ', '#  check=skip=all\t', '  # a comment', 'FROM scratch'],
          eol,
        );
        assert.deepEqual(out, [
          ' # syntax=docker/dockerfile:1',
          '#  check=skip=all',
          '# a comment',
          'FROM scratch',
        ]);
      });

      it('indents every continuation line by one unit with continuationIndent "flat"', () => {
        const source = ['FROM alpine', 'RUN apk add \\', 'curl \\', '        git  \\  ', '   jq'];
        assert.deepEqual(formatLines(source, eol, SPACES2, FLAT), [
          'FROM alpine',
          'RUN apk add \\',
          '  curl \\',
          '  git  \\',
          '  jq',
        ]);
        assert.deepEqual(formatLines(source, eol, SPACES4, FLAT).slice(2), [
          '    curl \\',
          '    git  \\',
          '    jq',
        ]);
        assert.deepEqual(formatLines(source, eol, TABS4, FLAT).slice(2), ['\tcurl \\', '\tgit  \\', '\tjq']);
      });

      it('gives the shallowest continuation line one unit and keeps the others nested under it', () => {
        const source = [
          'RUN apt-get update \\',
          '      && apt-get install -y \\',
          '          curl \\',
          '          git \\',
          '      && rm -rf /var/lib/apt/lists/*',
        ];
        const nested = (unit: string, deeper: string): string[] => [
          'RUN apt-get update \\',
          `${unit}&& apt-get install -y \\`,
          `${unit}${deeper}curl \\`,
          `${unit}${deeper}git \\`,
          `${unit}&& rm -rf /var/lib/apt/lists/*`,
        ];
        assert.deepEqual(formatLines(source, eol), nested('  ', '    '));
        assert.deepEqual(formatLines(source, eol, SPACES4), nested('    ', '    '));
        assert.deepEqual(formatLines(source, eol, TABS4), nested('\t', '\t'));
        // The depth is counted in columns, a tab reaching the next multiple of tabSize.
        const tabbed = ['RUN a \\', '\t&& b \\', '\t  c \\', '\t\td \\', '  \t  e'];
        assert.deepEqual(formatLines(tabbed, eol, TABS4), [
          'RUN a \\',
          '\t&& b \\',
          '\t  c \\',
          '\t\td \\',
          '\t  e',
        ]);
        assert.deepEqual(formatLines(tabbed, eol, SPACES4), [
          'RUN a \\',
          '    && b \\',
          '      c \\',
          '        d \\',
          '      e',
        ]);
        assert.deepEqual(formatLines(tabbed, eol, SPACES2), [
          'RUN a \\',
          '  && b \\',
          '    c \\',
          '    d \\',
          '      e',
        ]);
        // Continuation lines written at the margin move out by one unit, nesting and all.
        assert.deepEqual(formatLines(['RUN a \\', 'b \\', '   c \\', 'd'], eol), [
          'RUN a \\',
          '  b \\',
          '     c \\',
          '  d',
        ]);
      });

      it('nests comments with the commands, one unit at least', () => {
        const source = [
          'RUN set -eux; \\',
          '# at the margin',
          '    apt-get update; \\',
          '        # under the install',
          '    apt-get install -y \\',
          '  # shallower than every command',
          '        curl',
          'WORKDIR /a \\',
          '      # only comments move here',
          '        # and keep their nesting',
          '    b',
        ];
        assert.deepEqual(formatLines(source, eol), [
          'RUN set -eux; \\',
          '  # at the margin',
          '  apt-get update; \\',
          '      # under the install',
          '  apt-get install -y \\',
          '  # shallower than every command',
          '      curl',
          'WORKDIR /a \\',
          '  # only comments move here',
          '    # and keep their nesting',
          '    b',
        ]);
      });

      it('measures nesting only on the lines whose indentation may change', () => {
        // The string's continuation and the one-string WORKDIR line are left as written and do
        // not count as the shallowest line.
        const source = ['RUN echo "a \\', 'b" \\', '      && c \\', '          d', 'WORKDIR /x \\', 'y'];
        assert.deepEqual(formatLines(source, eol), [
          'RUN echo "a \\',
          'b" \\',
          '  && c \\',
          '      d',
          'WORKDIR /x \\',
          'y',
        ]);
      });

      it('leaves continuation indentation alone with continuationIndent "keep"', () => {
        const source = ['  run apk add \\  ', 'curl \\', '        # why git', '        git', ''];
        assert.deepEqual(formatLines(source, eol, SPACES2, KEEP), [
          'RUN apk add \\',
          'curl \\',
          '        # why git',
          '        git',
          '',
        ]);
      });

      it('upper-cases keywords, ONBUILD triggers included, unless told not to', () => {
        const source = ['from alpine as base', 'onbuild run make', 'Copy a b', 'frob x'];
        assert.deepEqual(formatLines(source, eol), [
          'FROM alpine as base',
          'ONBUILD RUN make',
          'COPY a b',
          'frob x',
        ]);
        assert.deepEqual(formatLines(source, eol, SPACES2, LOWER), source);
      });

      it('upper-cases a trigger keyword that stands on a continuation line', () => {
        assert.deepEqual(formatLines(['onbuild \\', 'run make'], eol), ['ONBUILD \\', '  RUN make']);
      });

      it('keeps comment and empty lines of a continued instruction in place', () => {
        const source = ['RUN apk add \\', '# why curl  ', '\t', 'curl \\', '      # and git', '    git'];
        assert.deepEqual(formatLines(source, eol, SPACES2, FLAT), [
          'RUN apk add \\',
          '  # why curl',
          '',
          '  curl \\',
          '  # and git',
          '  git',
        ]);
        assert.deepEqual(formatLines(source, eol).slice(3), ['  curl \\', '        # and git', '      git']);
      });

      it('never touches heredoc bodies or their closing lines', () => {
        const source = [
          '  RUN <<EOF  ',
          '   set -e   ',
          '\t  echo hi \\',
          '  EOF',
          'EOF',
          'RUN <<-EOT bash',
          '\t\techo tabs  ',
          '\tEOT',
          '  COPY <<a.txt <<b.txt /dst/',
          ' one ',
          'a.txt',
          '\ttwo',
          'b.txt',
          '  onbuild run <<X',
          '  body',
          'X',
          '   CMD  ["true"]',
        ];
        assert.deepEqual(formatLines(source, eol), [
          'RUN <<EOF',
          '   set -e   ',
          '\t  echo hi \\',
          '  EOF',
          'EOF',
          'RUN <<-EOT bash',
          '\t\techo tabs  ',
          '\tEOT',
          'COPY <<a.txt <<b.txt /dst/',
          ' one ',
          'a.txt',
          '\ttwo',
          'b.txt',
          'ONBUILD RUN <<X',
          '  body',
          'X',
          'CMD  ["true"]',
        ]);
      });

      it('leaves an unterminated heredoc body alone to the end of the file', () => {
        const source = ['RUN <<EOF', '  a  ', '    b'];
        assert.deepEqual(formatLines(source, eol), source);
      });

      it('follows the escape directive', () => {
        const source = [
          '# escape=`',
          'FROM mcr.microsoft.com/windows',
          'RUN dir `',
          'c:\\ `',
          '    /s',
          'RUN echo \\',
          '  x',
        ];
        assert.deepEqual(formatLines(source, eol), [
          '# escape=`',
          'FROM mcr.microsoft.com/windows',
          'RUN dir `',
          '  c:\\ `',
          '      /s',
          'RUN echo \\',
          'x',
        ]);
      });

      it('never edits inside a string, an expansion or an escape that spans a line break', () => {
        const source = [
          'RUN echo "a \\',
          '     b" \\',
          "     && echo 'c \\",
          "  d' \\",
          '     && echo ${X:-e \\',
          '        f} \\',
          '     && echo g\\ \\',
          'h',
          'CMD ["echo", "x \\',
          '      y", \\',
          '"z"]',
        ];
        assert.deepEqual(formatLines(source, eol), [
          'RUN echo "a \\',
          '     b" \\',
          "  && echo 'c \\",
          "  d' \\",
          '  && echo ${X:-e \\',
          '        f} \\',
          '  && echo g\\ \\',
          'h',
          'CMD ["echo", "x \\',
          '      y", \\',
          '  "z"]',
        ]);
      });

      it('does not split a word that a line break runs through', () => {
        const source = ['RUN echo abc\\', 'def \\', '  ghi', 'ENV A=1\\', '2'];
        assert.deepEqual(formatLines(source, eol), ['RUN echo abc\\', 'def \\', '  ghi', 'ENV A=1\\', '2']);
      });

      it('keeps continuation lines of instructions that take their text as one value', () => {
        const source = [
          'WORKDIR /a \\',
          '    b',
          'USER me \\',
          'x',
          'ENV NAME hello \\',
          '     world',
          'LABEL a=1 \\',
          'b=2',
        ];
        assert.deepEqual(formatLines(source, eol), [
          'WORKDIR /a \\',
          '    b',
          'USER me \\',
          'x',
          'ENV NAME hello \\',
          '     world',
          'LABEL a=1 \\',
          '  b=2',
        ]);
      });

      it('formats flags, exec form and key=value continuation lines', () => {
        const source = [
          'FROM --platform=$BUILDPLATFORM \\',
          'golang:1.22 AS build',
          'RUN --mount=type=cache,target=/root/.cache \\',
          '      go build ./...',
          'HEALTHCHECK --interval=5s \\',
          'CMD ["curl", \\',
          '         "-f", "http://localhost/"]',
          'ARG A=1 \\',
          ' B',
        ];
        assert.deepEqual(formatLines(source, eol), [
          'FROM --platform=$BUILDPLATFORM \\',
          '  golang:1.22 AS build',
          'RUN --mount=type=cache,target=/root/.cache \\',
          '  go build ./...',
          'HEALTHCHECK --interval=5s \\',
          '  CMD ["curl", \\',
          '           "-f", "http://localhost/"]',
          'ARG A=1 \\',
          '  B',
        ]);
      });

      it('returns no edits for formatted text and minimal edits otherwise', () => {
        const formatted = ['# syntax=docker/dockerfile:1', 'FROM alpine', 'RUN a \\', '  b', ''].join(eol);
        assert.deepEqual(formatDocument(parseDockerfile(formatted), SPACES2, DEFAULT_FORMAT_SETTINGS), []);
        const text = ['from alpine', 'RUN a \\', '      b', 'CMD x   '].join(eol);
        const edits = formatDocument(parseDockerfile(text), SPACES2, DEFAULT_FORMAT_SETTINGS);
        assert.deepEqual(edits, [
          { range: r(0, 0, 0, 4), newText: 'FROM' },
          { range: r(2, 2, 2, 6), newText: '' },
          { range: r(3, 5, 3, 8), newText: '' },
        ]);
      });

      it('keeps what the parser reads on a mixed file', () => {
        const source = [
          '# syntax=docker/dockerfile:1',
          '  ARG BASE=alpine',
          'from ${BASE} as build',
          '  RUN set -eux; \\',
          '    apk add --no-cache \\',
          "\t\t'a b' \\",
          '  # comment',
          '\t\tc; \\',
          '',
          '      echo "$(ls \\',
          '   -la)"',
          '  copy --chown=1:1 \\',
          '  --from=build /a /b',
          'ENTRYPOINT ["/bin/sh", \\',
          '"-c"]',
        ].join(eol);
        for (const settings of MODES) {
          assertSafe(source, SPACES2, settings);
          assertSafe(source, TABS4, settings);
        }
      });
    });
  }

  describe('range formatting', () => {
    for (const [name, eol] of EOLS) {
      it(`formats only the instructions the range touches, each whole (${name})`, () => {
        const lines = [
          '  from alpine', // 0
          '  run a \\', // 1
          '      b \\', // 2
          '      c', // 3
          '   # note  ', // 4
          '  run d', // 5
          '  run e', // 6
        ];
        const text = lines.join(eol);
        const doc = parseDockerfile(text);
        const out = apply(text, formatRange(doc, r(2, 3, 4, 2), SPACES2, DEFAULT_FORMAT_SETTINGS)).split(eol);
        assert.deepEqual(out, ['  from alpine', 'RUN a \\', '  b \\', '  c', '# note', '  run d', '  run e']);
        // A range that ends at the start of a line leaves that line alone.
        const whole = apply(text, formatRange(doc, r(5, 0, 6, 0), SPACES2, DEFAULT_FORMAT_SETTINGS)).split(
          eol,
        );
        assert.deepEqual(whole, [...lines.slice(0, 5), 'RUN d', '  run e']);
        assert.deepEqual(formatRange(doc, r(0, 0, 0, 0), SPACES2, DEFAULT_FORMAT_SETTINGS), [
          { range: r(0, 0, 0, 6), newText: 'FROM' },
        ]);
      });

      it(`formats the instruction of a heredoc body the range falls in, not the body (${name})`, () => {
        const text = ['  run <<EOF', '   x  ', 'EOF', '  run y'].join(eol);
        const doc = parseDockerfile(text);
        const out = apply(text, formatRange(doc, r(1, 1, 1, 2), SPACES2, DEFAULT_FORMAT_SETTINGS)).split(eol);
        assert.deepEqual(out, ['RUN <<EOF', '   x  ', 'EOF', '  run y']);
      });
    }
  });

  describe('on-type formatting', () => {
    for (const [name, eol] of EOLS) {
      const onType = (
        lines: readonly string[],
        line: number,
        character: number,
        ch: string,
        options = SPACES2,
        settings = DEFAULT_FORMAT_SETTINGS,
      ): string[] => {
        const text = lines.join(eol);
        const edits = formatOnType(parseDockerfile(text), { line, character }, ch, options, settings);
        assertWellFormed(text, edits);
        return apply(text, edits).split(eol);
      };

      it(`indents the new line after Enter on a continued line (${name})`, () => {
        assert.deepEqual(onType(['FROM alpine', 'RUN apk add \\', ''], 2, 0, '\n'), [
          'FROM alpine',
          'RUN apk add \\',
          '  ',
        ]);
        // The editor's own indentation is replaced by one unit.
        assert.deepEqual(onType(['RUN a \\', '  b \\', '      ', 'CMD x'], 2, 6, '\n', SPACES2, FLAT), [
          'RUN a \\',
          '  b \\',
          '  ',
          'CMD x',
        ]);
        assert.deepEqual(onType(['RUN a \\', ''], 1, 0, '\n', { tabSize: 4, insertSpaces: false }), [
          'RUN a \\',
          '\t',
        ]);
        // Enter in front of existing text.
        assert.deepEqual(onType(['RUN a \\', 'b'], 1, 0, '\n'), ['RUN a \\', '  b']);
      });

      it(`indents the new line as deep as the line above once formatted (${name})`, () => {
        const lines = ['RUN a \\', '    && b \\', '        c \\', '', '    && d'];
        assert.deepEqual(onType(lines, 3, 0, '\n')[3], '      ');
        assert.deepEqual(onType(lines, 3, 0, '\n', TABS4)[3], '\t\t');
        assert.deepEqual(onType(lines, 3, 0, '\n', SPACES2, FLAT)[3], '  ');
        // Below a line at the shallowest depth, and below the keyword line: one unit.
        assert.deepEqual(onType(['RUN a \\', '    && b \\', '    ', '    && d'], 2, 4, '\n')[2], '  ');
        assert.deepEqual(onType(['RUN a \\', '   ', '        && b'], 1, 3, '\n')[1], '  ');
        // The new line does not count: text moved down by Enter goes where the line above is.
        assert.deepEqual(
          onType(['RUN a \\', '  b \\', '      c \\', 'd', 'CMD e'], 3, 0, '\n')[3],
          '      d',
        );
        // The escape typed at the end of a nested line carries the line below to its depth.
        assert.deepEqual(onType(['RUN a \\', '  b \\', '    c \\', '    d \\', 'e'], 3, 7, '\\')[4], '    e');
        // Below a line whose indentation is part of a string: one unit.
        assert.deepEqual(onType(['RUN echo "a \\', '      b" \\', ''], 2, 0, '\n')[2], '  ');
      });

      it(`changes nothing after Enter anywhere else (${name})`, () => {
        const cases: Array<[string[], number]> = [
          [['RUN a', ''], 1],
          [['# comment \\', ''], 1],
          [['RUN <<EOF', 'echo \\', '', 'EOF'], 2],
          [['RUN echo "a \\', ''], 1],
          [['RUN echo a\\', ''], 1],
          [['WORKDIR /a \\', ''], 1],
          [['RUN a \\', '  '], 1],
        ];
        for (const [lines, line] of cases.slice(0, -1))
          assert.deepEqual(onType(lines, line, 0, '\n'), lines, lines.join('|'));
        // Already indented by one unit: no edit.
        const [lines, line] = cases[cases.length - 1] ?? [[], 0];
        assert.deepEqual(
          formatOnType(
            parseDockerfile(lines.join(eol)),
            { line, character: 2 },
            '\n',
            SPACES2,
            DEFAULT_FORMAT_SETTINGS,
          ),
          [],
        );
        assert.deepEqual(onType(['RUN a \\', ''], 1, 0, '\n', SPACES2, KEEP), ['RUN a \\', '']);
      });

      it(`indents the line below when the escape character ends a line (${name})`, () => {
        assert.deepEqual(onType(['RUN a \\', 'b', 'CMD c'], 0, 7, '\\'), ['RUN a \\', '  b', 'CMD c']);
        assert.deepEqual(onType(['# escape=`', 'RUN a `', 'b'], 1, 7, '`'), ['# escape=`', 'RUN a `', '  b']);
        // Typed in the middle of a line, typed as a plain character, or with nothing below.
        assert.deepEqual(onType(['RUN a\\b c', 'CMD d'], 0, 6, '\\'), ['RUN a\\b c', 'CMD d']);
        assert.deepEqual(onType(['RUN a `', 'b'], 0, 7, '`'), ['RUN a `', 'b']);
        assert.deepEqual(onType(['RUN a \\', ''], 0, 7, '\\'), ['RUN a \\', '']);
        assert.deepEqual(onType(['RUN a \\', 'b'], 1, 1, 'b'), ['RUN a \\', 'b']);
      });
    }
  });

  describe('robustness', () => {
    it('never throws and keeps the parse on odd input', () => {
      const odd = [
        '',
        '\\',
        '\\\n\\\n',
        'RUN \\',
        'RUN "\\\n\'\\\n"',
        'RUN ${\\\n}\\\n',
        '# escape=`\nRUN `\n`',
        '# escape=x\nRUN a \\\n b',
        'ONBUILD\nONBUILD \\\n',
        'RUN <<\nRUN <<EOF <<EOF\nEOF',
        'RUN <<"EOF\n',
        'CMD ["a\\\n  b"]\\\n',
        '\uFEFF  from x',
        '\r\r\n\n\r',
        'FROM a\f\\\n b',
        'RUN a \\\f\n  b',
      ];
      for (const text of odd) {
        for (const settings of MODES) {
          assertSafe(text, SPACES2, settings);
          assertSafe(text, TABS4, settings);
          const doc = parseDockerfile(text);
          for (let line = 0; line <= doc.lines.length; line++) {
            for (let character = 0; character <= (doc.lines[line] ?? '').length + 1; character++) {
              for (const ch of ['\n', '\\', '`', 'a'])
                formatOnType(doc, { line, character }, ch, SPACES2, settings);
            }
            formatRange(doc, r(line, 0, line + 1, 0), SPACES2, settings);
          }
        }
      }
    });

    it('keeps the parse and is idempotent on generated files; ranges agree with the whole', () => {
      const pieces = [
        'FROM alpine',
        '  from  alpine as x  ',
        'RUN a \\',
        '   b \\',
        'c\\',
        '  # c  ',
        '\t  && e \\',
        '      f \\',
        '\t\t# g',
        ' \t h',
        '   ',
        '"q \\',
        "'s \\",
        '${v \\',
        '} \\',
        'd\\ \\',
        'CMD ["a", \\',
        '  "b \\',
        'c"]',
        'RUN <<EOF',
        '  body  ',
        'EOF',
        'WORKDIR /w \\',
        'ENV K V \\',
        'onbuild run x \\',
        'x',
        '\t',
      ];
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...pieces), { maxLength: 14 }),
          fc.constantFrom('\n', '\r\n'),
          fc.constantFrom(...MODES),
          fc.constantFrom(SPACES2, TABS4, { tabSize: 3, insertSpaces: true }),
          (lines, eol, settings, options) => {
            assertSafe(lines.join(eol), options, settings);
            // Range formatting makes a subset of the whole document's edits.
            const doc = parseDockerfile(lines.join(eol));
            const whole = new Set(formatDocument(doc, options, settings).map((edit) => JSON.stringify(edit)));
            for (let line = 0; line < doc.lines.length; line++) {
              for (const edit of formatRange(doc, r(line, 0, line, 1), options, settings)) {
                assert.ok(whole.has(JSON.stringify(edit)), `range edit on line ${line} not in the whole`);
              }
            }
          },
        ),
        { numRuns: 400 },
      );
    });

    it('gives the same edits after incremental edits as on a fresh parse, whatever was asked before', () => {
      const pieces = [
        'FROM alpine',
        '  from  alpine as x  ',
        'RUN a \\',
        '   b \\',
        '\t  && e \\',
        '  # c  ',
        '"q \\',
        'd',
        'CMD ["a", \\',
        '  "b"]',
        'RUN <<EOF',
        '  body  ',
        'EOF',
        'run x',
        '   ',
        '',
      ];
      const requests = fc.record({
        settings: fc.constantFrom(...MODES, LOWER),
        options: fc.constantFrom(SPACES2, TABS4, SPACES4),
      });
      const edit = fc.record({
        line: fc.nat(20),
        text: fc.constantFrom(' ', '\t', 'x', '', ...pieces),
        replace: fc.boolean(),
        request: requests,
      });
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 12 }),
          fc.constantFrom('\n', '\r\n'),
          fc.array(edit, { maxLength: 8 }),
          (start, eol, edits) => {
            let lines = start;
            let doc = parseDockerfile(lines.join(eol));
            formatDocument(doc, SPACES2, DEFAULT_FORMAT_SETTINGS);
            for (const step of edits) {
              const at = step.line % lines.length;
              lines = lines.map((line, i) => (i !== at ? line : step.replace ? step.text : step.text + line));
              doc = reparseDockerfile(doc, lines.join(eol));
              const fresh = parseDockerfile(lines.join(eol));
              const { settings, options } = step.request;
              assert.deepEqual(
                formatDocument(doc, options, settings),
                formatDocument(fresh, options, settings),
              );
              assert.deepEqual(
                formatRange(doc, r(at, 0, at, 1), options, settings),
                formatRange(fresh, r(at, 0, at, 1), options, settings),
              );
            }
          },
        ),
        { numRuns: 300 },
      );
    });

    it('keeps the parse and is idempotent on every corpus Dockerfile', function () {
      const dir = '/work/shared/corpus';
      if (!existsSync(dir)) {
        console.log('  skipped: /work/shared/corpus is absent');
        this.skip();
      }
      const files = readdirSync(dir).filter((name) => name.endsWith('Dockerfile'));
      assert.ok(files.length > 0);
      for (const name of files) {
        const text = readFileSync(join(dir, name), 'utf8');
        for (const variant of [text, text.replace(/\r?\n/g, '\r\n')]) {
          try {
            for (const settings of MODES) {
              assertSafe(variant, SPACES2, settings);
              assertSafe(variant, TABS4, { ...settings, uppercaseKeywords: false });
            }
          } catch (err) {
            assert.fail(`${name}: ${String(err)}`);
          }
        }
      }
    });
  });
});

function r(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}
