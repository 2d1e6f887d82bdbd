import * as assert from 'node:assert/strict';
import { BUILD_IMAGE_COMMAND, codeLenses } from '../../../src/server/features/codeLens';
import { parseDockerfile } from '../../../src/server/syntax/parser';

const EOLS: ReadonlyArray<readonly [string, string]> = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
];
const URI = 'file:///w/Dockerfile';

describe('code lenses', () => {
  for (const [name, eol] of EOLS) {
    it(`builds the image over the first FROM and each named stage (${name})`, () => {
      const source = [
        'ARG BASE=alpine',
        'FROM ${BASE} AS deps',
        'RUN true',
        '',
        'FROM deps',
        'FROM \\',
        '  deps AS final',
      ].join('\n');
      const lenses = codeLenses(parseDockerfile(source.replace(/\n/g, eol)), URI);
      assert.deepEqual(
        lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
        [
          [1, 'Build image', BUILD_IMAGE_COMMAND, [URI]],
          [1, 'Build stage deps', BUILD_IMAGE_COMMAND, [URI, 'deps']],
          [5, 'Build stage final', BUILD_IMAGE_COMMAND, [URI, 'final']],
        ],
      );
      assert.deepEqual(lenses[0]?.range, {
        start: { line: 1, character: 0 },
        end: { line: 1, character: 4 },
      });
    });
  }

  it('offers nothing without a FROM and still builds an unnamed single stage', () => {
    assert.deepEqual(codeLenses(parseDockerfile('ARG X\n'), URI), []);
    assert.deepEqual(
      codeLenses(parseDockerfile('FROM alpine\nRUN true\n'), URI).map((l) => l.command?.title),
      ['Build image'],
    );
    assert.deepEqual(
      codeLenses(parseDockerfile('FROM alpine AS $NAME\n'), URI).map((l) => l.command?.title),
      ['Build image'],
    );
  });
});
