import * as assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { documentSymbols } from '../../../src/server/features/symbols';
import { parseDockerfile } from '../../../src/server/syntax/parser';

const EOLS: ReadonlyArray<readonly [string, string]> = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
];

/** The tree as `name (detail)` lines, indented by depth. */
function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''}`,
    ...outline(s.children ?? [], depth + 1),
  ]);
}

function within(inner: Range, outer: Range): boolean {
  const le = (a: Range['start'], b: Range['start']): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

/** Every selection range inside its range, every child inside its parent, names never empty. */
function assertNested(symbols: readonly DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const symbol of symbols) {
    assert.ok(symbol.name.length > 0);
    assert.ok(within(symbol.selectionRange, symbol.range), `${symbol.name}: selection outside range`);
    if (parent !== undefined)
      assert.ok(within(symbol.range, parent.range), `${symbol.name} outside ${parent.name}`);
    assertNested(symbol.children ?? [], symbol);
  }
}

describe('document symbols', () => {
  for (const [name, eol] of EOLS) {
    describe(`with ${name} line endings`, () => {
      const source = [
        '# syntax=docker/dockerfile:1',
        'ARG BASE=alpine:3.20',
        'ARG VERSION',
        '',
        'FROM --platform=$BUILDPLATFORM ${BASE} AS build',
        'ENV A=1 \\',
        '    B="two words"',
        'RUN echo one \\',
        '  # inside',
        '  && echo two',
        'COPY <<EOF /app/x',
        'hello',
        'EOF',
        '',
        'FROM build',
        'LABEL org.opencontainers.image.title="app"',
        'ONBUILD ENV X=1',
        'CMD ["app"]',
      ].join('\n');
      const text = source.replace(/\n/g, eol);
      const symbols = documentSymbols(parseDockerfile(text));

      it('lists global ARGs, then stages with their instructions and pairs', () => {
        assert.deepEqual(outline(symbols), [
          'ARG (BASE=alpine:3.20)',
          '  BASE (alpine:3.20)',
          'ARG (VERSION)',
          '  VERSION',
          'build (${BASE} ($BUILDPLATFORM))',
          '  ENV (A=1 B="two words")',
          '    A (1)',
          '    B ("two words")',
          '  RUN (echo one && echo two)',
          '  COPY (<<EOF /app/x)',
          'stage 1 (build)',
          '  LABEL (org.opencontainers.image.title="app")',
          '    org.opencontainers.image.title ("app")',
          '  ONBUILD ENV (X=1)',
          '    X (1)',
          '  CMD (["app"])',
        ]);
      });

      it('gives kinds and ranges a client accepts', () => {
        assertNested(symbols);
        const stage = symbols[2];
        assert.equal(stage?.kind, SymbolKind.Module);
        assert.deepEqual(stage?.range, { start: { line: 4, character: 0 }, end: { line: 12, character: 3 } });
        assert.deepEqual(stage?.selectionRange, {
          start: { line: 4, character: 42 },
          end: { line: 4, character: 47 },
        });
        assert.equal(stage?.children?.[0]?.children?.[0]?.kind, SymbolKind.Variable);
        assert.equal(symbols[3]?.children?.[0]?.children?.[0]?.kind, SymbolKind.Property);
        const run = stage?.children?.[1];
        assert.equal(run?.kind, SymbolKind.Function);
        assert.deepEqual(run?.range, { start: { line: 7, character: 0 }, end: { line: 9, character: 13 } });
        // An unnamed stage is selected at its FROM keyword.
        assert.deepEqual(symbols[3]?.selectionRange, {
          start: { line: 14, character: 0 },
          end: { line: 14, character: 4 },
        });
      });
    });
  }

  it('keeps instructions before the first FROM, and shortens long details', () => {
    const long = 'x'.repeat(300);
    const symbols = documentSymbols(parseDockerfile(`RUN echo ${long}\nFROM scratch\nRUN a    b\n`));
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['RUN', 'stage 0'],
    );
    assert.equal(symbols[0]?.detail?.length, 80);
    assert.ok(symbols[0]?.detail?.endsWith('…'));
    assert.equal(symbols[1]?.children?.[0]?.detail, 'a b');
  });

  it('is empty for a file without instructions and never throws on odd input', () => {
    assert.deepEqual(documentSymbols(parseDockerfile('')), []);
    assert.deepEqual(documentSymbols(parseDockerfile('# only a comment\n')), []);
    for (const odd of [
      'FROM',
      'FROM AS',
      'ENV',
      'LABEL =',
      'ARG =x',
      'ONBUILD',
      'FROM a AS\nENV "" x',
      '\\\n\\',
    ]) {
      assertNested(documentSymbols(parseDockerfile(odd)));
    }
  });

  it('builds the tree once per parse', () => {
    const doc = parseDockerfile('FROM alpine\nRUN true\n');
    assert.equal(documentSymbols(doc), documentSymbols(doc));
  });
});
