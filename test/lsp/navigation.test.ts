// Definition, references, highlights and rename through the built server, as an editor asks.
import * as assert from 'node:assert/strict';
import {
  DefinitionRequest,
  DocumentHighlightKind,
  DocumentHighlightRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  type DocumentHighlight,
  type Location,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './serverProcess';

const LINES = [
  'ARG VERSION=3.20', // 0
  'FROM alpine:${VERSION} AS build', // 1
  'ARG VERSION', // 2
  'RUN <<EOF', // 3
  'echo $VERSION', // 4
  'EOF', // 5
  'FROM build AS test', // 6
  'FROM scratch', // 7
  'COPY --from=BUILD /out /out', // 8
  'RUN --mount=from=build,target=/x echo $TARGETARCH', // 9
];

function span(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

describe('language server over stdio: navigation', () => {
  let server: ServerUnderTest;
  const uri = 'file:///w/navigation/Dockerfile';
  const crlfUri = 'file:///w/navigation/crlf.Dockerfile';

  before(async () => {
    server = await startServer({ settings: { rules: { shellcheck: false } } });
    await server.open(uri, LINES.join('\n') + '\n');
    await server.open(crlfUri, LINES.join('\r\n') + '\r\n');
  });

  after(async () => {
    await server.stop();
  });

  it('announces definition, references, highlights and rename with prepare', () => {
    const capabilities = server.initializeResult.capabilities;
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.referencesProvider, true);
    assert.equal(capabilities.documentHighlightProvider, true);
    assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
  });

  for (const which of ['LF', 'CRLF'] as const) {
    const docUri = (): string => (which === 'LF' ? uri : crlfUri);

    it(`goes to a stage and to a variable's declaration (${which})`, async () => {
      const stage = (await server.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri: docUri() },
        position: { line: 8, character: 14 },
      })) as Location[];
      assert.deepEqual(stage, [{ uri: docUri(), range: span(1, 26, 31) }]);
      const variable = (await server.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri: docUri() },
        position: { line: 4, character: 8 },
      })) as Location[];
      assert.deepEqual(variable, [{ uri: docUri(), range: span(2, 4, 11) }]);
    });

    it(`lists references with and without the declaration (${which})`, async () => {
      const ask = (includeDeclaration: boolean): Promise<Location[] | null> =>
        server.connection.sendRequest(ReferencesRequest.type, {
          textDocument: { uri: docUri() },
          position: { line: 1, character: 28 },
          context: { includeDeclaration },
        });
      const all = await ask(true);
      assert.deepEqual(
        all?.map((l) => l.range),
        [span(1, 26, 31), span(6, 5, 10), span(8, 12, 17), span(9, 17, 22)],
      );
      assert.equal((await ask(false))?.length, 3);
    });

    it(`highlights a variable's declarations and uses (${which})`, async () => {
      const highlights = (await server.connection.sendRequest(DocumentHighlightRequest.type, {
        textDocument: { uri: docUri() },
        position: { line: 0, character: 6 },
      })) as DocumentHighlight[];
      assert.deepEqual(highlights, [
        { range: span(0, 4, 11), kind: DocumentHighlightKind.Write },
        { range: span(1, 14, 21), kind: DocumentHighlightKind.Read },
        { range: span(2, 4, 11), kind: DocumentHighlightKind.Write },
        { range: span(4, 6, 13), kind: DocumentHighlightKind.Read },
      ]);
    });

    it(`prepares and performs a rename (${which})`, async () => {
      const prepared = await server.connection.sendRequest(PrepareRenameRequest.type, {
        textDocument: { uri: docUri() },
        position: { line: 5, character: 1 },
      });
      assert.deepEqual(prepared, { range: span(5, 0, 3), placeholder: 'EOF' });
      const edit = (await server.connection.sendRequest(RenameRequest.type, {
        textDocument: { uri: docUri() },
        position: { line: 8, character: 13 },
        newName: 'builder',
      })) as WorkspaceEdit;
      const edits = edit.changes?.[docUri()] ?? [];
      assert.deepEqual(
        edits.map((e) => [e.range, e.newText]),
        [
          [span(1, 26, 31), 'builder'],
          [span(6, 5, 10), 'builder'],
          [span(8, 12, 17), 'builder'],
          [span(9, 17, 22), 'builder'],
        ],
      );
    });

    it(`refuses renames with a message the editor shows (${which})`, async () => {
      await assert.rejects(
        server.connection.sendRequest(RenameRequest.type, {
          textDocument: { uri: docUri() },
          position: { line: 1, character: 28 },
          newName: '2nd',
        }),
        (err: unknown) => err instanceof ResponseError && /invalid name for build stage/.test(err.message),
      );
      await assert.rejects(
        server.connection.sendRequest(PrepareRenameRequest.type, {
          textDocument: { uri: docUri() },
          position: { line: 9, character: 45 },
        }),
        (err: unknown) => err instanceof ResponseError && /predefined by BuildKit/.test(err.message),
      );
      const nothing = await server.connection.sendRequest(PrepareRenameRequest.type, {
        textDocument: { uri: docUri() },
        position: { line: 7, character: 8 },
      });
      assert.equal(nothing, null);
    });
  }

  it('counts a byte-order mark the client sends', async () => {
    const bomUri = 'file:///w/navigation/bom.Dockerfile';
    await server.open(bomUri, '\uFEFFFROM alpine AS build\nCOPY --from=build /a /b\n');
    const found = (await server.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: bomUri },
      position: { line: 1, character: 13 },
    })) as Location[];
    assert.deepEqual(found, [{ uri: bomUri, range: span(0, 16, 21) }]);
  });
});
