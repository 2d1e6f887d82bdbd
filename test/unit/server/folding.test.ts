import * as assert from 'node:assert/strict';
import { FoldingRangeKind } from 'vscode-languageserver-types';
import { foldingRanges } from '../../../src/server/features/folding';
import { parseDockerfile } from '../../../src/server/syntax/parser';

const EOLS: ReadonlyArray<readonly [string, string]> = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
];

function folds(source: string, eol: string, rangeLimit?: number): string[] {
  const doc = parseDockerfile(source.replace(/\n/g, eol));
  return foldingRanges(doc, rangeLimit === undefined ? {} : { rangeLimit }).map(
    (r) => `${r.startLine}-${r.endLine}${r.kind !== undefined ? ` ${r.kind}` : ''}`,
  );
}

describe('folding ranges', () => {
  for (const [name, eol] of EOLS) {
    describe(`with ${name} line endings`, () => {
      it('folds comment runs, stages, multi-line instructions and heredoc bodies', () => {
        const source = [
          '# syntax=docker/dockerfile:1', // 0
          '# about this file', // 1
          'ARG BASE=alpine', // 2
          '# one line alone', // 3
          'FROM ${BASE} AS build', // 4
          'RUN apk add \\', // 5
          '  # why curl', // 6
          '  # and git', // 7
          '  curl git', // 8
          'COPY <<a.txt <<b.txt /dst/', // 9
          'one', // 10
          'a.txt', // 11
          'two', // 12
          'b.txt', // 13
          'RUN <<-EOF', // 14
          '\techo hi', // 15
          '\tEOF', // 16
          '', // 17
          'FROM build', // 18
          'CMD ["true"]', // 19
        ].join('\n');
        assert.deepEqual(folds(source, eol), [
          '0-1 comment',
          '4-16',
          '5-8',
          '6-7 comment',
          '9-11',
          '11-13',
          '14-16',
          '18-19',
        ]);
      });

      it('keeps the outer range when two start on one line', () => {
        // The stage and its multi-line FROM start together; the stage wins.
        const source = ['FROM \\', '  alpine', 'RUN a \\', '  b'].join('\n');
        assert.deepEqual(folds(source, eol), ['0-3', '2-3']);
      });

      it('folds a heredoc of an ONBUILD trigger', () => {
        const source = ['FROM alpine', 'ONBUILD RUN <<EOF', 'echo', 'EOF'].join('\n');
        assert.deepEqual(folds(source, eol), ['0-3', '1-3']);
      });

      it('keeps the outermost ranges within the client limit', () => {
        const source = [
          'FROM alpine',
          'RUN a \\',
          '  b',
          'RUN c \\',
          '  d',
          'FROM x',
          'RUN e \\',
          '  f',
        ].join('\n');
        assert.deepEqual(folds(source, eol), ['0-4', '1-2', '3-4', '5-7', '6-7']);
        assert.deepEqual(folds(source, eol, 3), ['0-4', '1-2', '5-7']);
        assert.deepEqual(folds(source, eol, 0), []);
      });
    });
  }

  it('returns nothing for one-line files and never throws', () => {
    assert.deepEqual(foldingRanges(parseDockerfile('FROM alpine')), []);
    for (const odd of ['', '\\', 'RUN <<EOF', 'RUN <<EOF\nx', '#\n#\n#', 'FROM a\nRUN \\\n\n\n']) {
      for (const range of foldingRanges(parseDockerfile(odd))) {
        assert.ok(range.endLine > range.startLine);
        assert.ok(range.kind === undefined || range.kind === FoldingRangeKind.Comment);
      }
    }
  });
});
