// A 10 MB Dockerfile through the built server: its first parse must not hold up the requests on
// other documents, and its requests are then answered on the version they were asked about.
import * as assert from 'node:assert/strict';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  LSPErrorCodes,
  ResponseError,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { generateDockerfile, generateDockerfileOfSize } from '../../bench/generate';
import { startServer, type ServerUnderTest } from './serverProcess';

function markdown(hover: Hover | null): string {
  return hover === null ? '' : (hover.contents as MarkupContent).value;
}

describe('language server over stdio: a 10 MB document', function () {
  // Generating, sending and parsing 10 MB takes seconds on a busy machine; nothing here is timed.
  this.timeout(120_000);
  let server: ServerUnderTest;
  const huge = generateDockerfileOfSize(10 * 1024 * 1024);
  const hugeLines = huge.split('\n');
  const lastUser = hugeLines.findLastIndex((line) => line.startsWith('USER '));
  const smallUri = 'file:///w/large/small/Dockerfile';

  before(async () => {
    server = await startServer({ settings: { rules: { shellcheck: false } } });
    await server.open(smallUri, generateDockerfile(60));
  });

  after(async () => {
    await server.stop();
  });

  /** Opens without waiting for diagnostics: the huge document's take long and are not asked about. */
  const openHuge = (uri: string): Promise<void> =>
    server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: huge },
    });

  const hoverAt = (uri: string, line: number, character: number): Promise<Hover | null> =>
    server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line, character },
    });

  it('answers a request on another document while its first parse runs', async () => {
    const uri = 'file:///w/large/huge/Dockerfile';
    await openHuge(uri);
    const order: string[] = [];
    const onHuge = hoverAt(uri, lastUser, 1).then((hover) => {
      order.push('huge');
      return hover;
    });
    const onSmall = hoverAt(smallUri, 4, 1).then((hover) => {
      order.push('small');
      return hover;
    });
    const [hugeHover, smallHover] = await Promise.all([onHuge, onSmall]);
    assert.deepEqual(order, ['small', 'huge']);
    assert.match(markdown(smallHover), /^\*\*FROM\*\*/);
    // The huge document is then answered from its whole parse, down to its last stage.
    assert.match(markdown(hugeHover), /^\*\*USER\*\*/);
    assert.deepEqual(hugeHover?.range, {
      start: { line: lastUser, character: 0 },
      end: { line: lastUser, character: 4 },
    });
    assert.match(markdown(await hoverAt(uri, 4, 1)), /^\*\*FROM\*\*/);
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  });

  it('answers on the version a request was asked about when the document changes meanwhile', async () => {
    const uri = 'file:///w/large/edited/Dockerfile';
    await openHuge(uri);
    const at = { line: lastUser, character: 0 };
    const first = hoverAt(uri, lastUser, 1);
    // A line put in while the first parse runs: the first hover's position belongs to version 1,
    // where USER stands on that line; in version 2 it is LABEL.
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: at, end: at }, text: 'LABEL added=yes\n' }],
    });
    const second = hoverAt(uri, lastUser, 1);
    await assert.rejects(
      first,
      (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.ContentModified,
    );
    const hover = await second;
    assert.match(markdown(hover), /^\*\*LABEL\*\*/);
    assert.deepEqual(hover?.range?.start, at);
    assert.match(markdown(await hoverAt(uri, lastUser + 1, 1)), /^\*\*USER\*\*/);
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  });
});
