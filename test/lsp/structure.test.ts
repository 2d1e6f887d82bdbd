// The structural features through the built server: document symbols, folding ranges, semantic
// tokens (full and range), document links and code lenses, also after an incremental edit.
import * as assert from 'node:assert/strict';
import {
  CodeLensRequest,
  DidChangeTextDocumentNotification,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  type DocumentSymbol,
  type SemanticTokensLegend,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './serverProcess';

const TEXT = [
  '# syntax=docker/dockerfile:1',
  'ARG BASE=alpine:3.20',
  'FROM ${BASE} AS build',
  'ENV A=1 \\',
  '    B=2',
  'RUN <<EOF',
  'echo $A',
  'EOF',
  '',
  'FROM quay.io/prometheus/busybox AS final',
  'COPY --from=build /a /b',
  'CMD ["sh"]',
  '',
].join('\r\n');

/** `line:character text type` for each token. */
function decode(text: string, data: readonly number[], legend: SemanticTokensLegend): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    line += data[i] ?? 0;
    character = data[i] === 0 ? character + (data[i + 1] ?? 0) : (data[i + 1] ?? 0);
    const token = (lines[line] ?? '').slice(character, character + (data[i + 2] ?? 0));
    out.push(`${line}:${character} ${token} ${legend.tokenTypes[data[i + 3] ?? 0] ?? '?'}`);
  }
  return out;
}

describe('language server over stdio: symbols, folding, tokens, links and lenses', () => {
  let server: ServerUnderTest;
  const uri = 'file:///w/structure/Dockerfile';

  before(async () => {
    server = await startServer({ settings: { rules: { shellcheck: false } } });
    await server.open(uri, TEXT);
  });

  after(async () => {
    await server.stop();
  });

  it('announces the providers and the token legend', () => {
    const caps = server.initializeResult.capabilities;
    assert.ok(caps.documentSymbolProvider);
    assert.ok(caps.foldingRangeProvider);
    assert.ok(caps.documentLinkProvider);
    assert.ok(caps.codeLensProvider);
    const tokens = caps.semanticTokensProvider;
    assert.ok(tokens);
    assert.equal(tokens.full, true);
    assert.equal(tokens.range, true);
    assert.ok(tokens.legend.tokenTypes.includes('keyword'));
    assert.ok(tokens.legend.tokenModifiers.includes('declaration'));
  });

  it('answers document symbols as a stage tree', async () => {
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri },
    })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, (s.children ?? []).map((c) => c.name)]),
      [
        ['ARG', 'BASE=alpine:3.20', ['BASE']],
        ['build', '${BASE}', ['ENV', 'RUN']],
        ['final', 'quay.io/prometheus/busybox', ['COPY', 'CMD']],
      ],
    );
  });

  it('answers folding ranges', async () => {
    const ranges = await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    assert.deepEqual(
      ranges?.map((r) => `${r.startLine}-${r.endLine}`),
      ['2-7', '3-4', '5-7', '9-11'],
    );
  });

  it('answers semantic tokens in full and for a range', async () => {
    const legend = server.initializeResult.capabilities.semanticTokensProvider?.legend;
    assert.ok(legend);
    const full = await server.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    const tokens = decode(TEXT, full?.data ?? [], legend);
    for (const expected of [
      '0:2 syntax macro',
      '2:0 FROM keyword',
      '2:5 ${BASE} variable',
      '2:16 build class',
      '5:4 <<EOF label',
      '7:0 EOF label',
      '9:5 quay.io/prometheus/busybox type',
      '10:12 build class',
      '11:5 "sh" string',
    ]) {
      assert.ok(tokens.includes(expected), `${expected} not in ${tokens.join(', ')}`);
    }
    const ranged = await server.connection.sendRequest(SemanticTokensRangeRequest.type, {
      textDocument: { uri },
      range: { start: { line: 9, character: 0 }, end: { line: 10, character: 0 } },
    });
    assert.deepEqual(
      decode(TEXT, ranged?.data ?? [], legend),
      tokens.filter((t) => /^(9|10):/.test(t)),
    );
  });

  it('answers document links to registry pages', async () => {
    const links = await server.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } });
    assert.deepEqual(
      links?.map((l) => [l.range.start.line, l.target]),
      [[9, 'https://quay.io/repository/prometheus/busybox']],
    );
  });

  it('answers build lenses with the document and the stage as target', async () => {
    const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.deepEqual(
      lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [2, 'Build image', 'dockwright.buildImage', [uri]],
        [2, 'Build stage build', 'dockwright.buildImage', [uri, 'build']],
        [9, 'Build stage final', 'dockwright.buildImage', [uri, 'final']],
      ],
    );
  });

  it('answers on the edited version after an incremental change', async () => {
    const edited = 'file:///w/structure/edited/Dockerfile';
    await server.open(edited, 'FROM alpine AS a\nRUN true\n');
    const next = server.diagnostics(edited, (p) => p.version === 2);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: edited, version: 2 },
      contentChanges: [
        {
          range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
          text: 'FROM a AS b\n',
        },
        { range: { start: { line: 0, character: 15 }, end: { line: 0, character: 16 } }, text: 'first' },
      ],
    });
    await next;
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: edited },
    })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['first', 'b'],
    );
    const lenses = await server.connection.sendRequest(CodeLensRequest.type, {
      textDocument: { uri: edited },
    });
    assert.deepEqual(
      lenses?.map((l) => l.command?.title),
      ['Build image', 'Build stage first', 'Build stage b'],
    );
    const folds = await server.connection.sendRequest(FoldingRangeRequest.type, {
      textDocument: { uri: edited },
    });
    assert.deepEqual(
      folds?.map((r) => `${r.startLine}-${r.endLine}`),
      ['0-1'],
    );
  });

  it('answers nothing for a document it does not have', async () => {
    const unknown = { textDocument: { uri: 'file:///w/structure/missing/Dockerfile' } };
    assert.equal(await server.connection.sendRequest(DocumentSymbolRequest.type, unknown), null);
    assert.deepEqual(await server.connection.sendRequest(SemanticTokensRequest.type, unknown), { data: [] });
  });
});
