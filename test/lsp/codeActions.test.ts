// Code actions through the built server: quick fixes and ignore actions for the diagnostics it
// published, and "pin to digest" with the test answering the image details request as the client.
import * as assert from 'node:assert/strict';
import {
  CodeActionRequest,
  HoverRequest,
  type CodeAction,
  type Command,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './serverProcess';

const DIGEST = `sha256:${'4'.repeat(64)}`;

function actionsOf(result: (Command | CodeAction)[] | null): CodeAction[] {
  return (result ?? []).filter((item): item is CodeAction => 'kind' in item || 'edit' in item);
}

describe('language server over stdio: code actions', () => {
  let server: ServerUnderTest;
  /** What the test, acting as the client, does with the server's image details requests. */
  let answerDetails: (params: { reference: string }) => Promise<unknown>;
  const asked: string[] = [];

  before(async () => {
    server = await startServer({ settings: { rules: { shellcheck: false } } });
    server.connection.onRequest('dockwright/imageDetails', (params: { reference: string }) => {
      asked.push(params.reference);
      return answerDetails(params);
    });
  });

  after(async () => {
    await server.stop();
  });

  const actionsAt = async (
    uri: string,
    range: Diagnostic['range'],
    diagnostics: Diagnostic[] = [],
    only?: string[],
  ): Promise<CodeAction[]> =>
    actionsOf(
      await server.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range,
        context: { diagnostics, ...(only !== undefined ? { only } : {}) },
      }),
    );

  it('announces quick fixes and rewrites', () => {
    assert.deepEqual(server.initializeResult.capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'refactor.rewrite'],
    });
  });

  it('fixes and ignores what it reported, with edits and no commands', async () => {
    const uri = 'file:///w/actions/fix/Dockerfile';
    answerDetails = () => Promise.resolve(null);
    const published = await server.open(uri, 'FROM alpine:3.20\nCMD node server.js\n');
    const json = published.diagnostics.filter((d) => d.range.start.line === 1);
    assert.ok(json.some((d) => d.code === 'JSONArgsRecommended'));
    const actions = await actionsAt(uri, json[0]?.range, json);
    const fix = actions.find((action) => action.isPreferred === true);
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.command, undefined);
    assert.deepEqual(fix.edit?.changes?.[uri], [
      {
        range: { start: { line: 1, character: 4 }, end: { line: 1, character: 18 } },
        newText: '["node", "server.js"]',
      },
    ] satisfies TextEdit[]);
    assert.ok(actions.some((action) => action.title === 'Skip the check JSONArgsRecommended in this file'));
    assert.ok(actions.some((action) => action.title === 'Ignore DL3025 for this instruction'));
    assert.equal(asked.length, 0, 'no image request for a range without FROM');
  });

  it('pins the image to the digest the client reports', async () => {
    const uri = 'file:///w/actions/pin/Dockerfile';
    answerDetails = (params) =>
      Promise.resolve({
        id: `sha256:${'9'.repeat(64)}`,
        size: 1_000_000,
        created: '2025-02-03T04:05:06Z',
        repoTags: [params.reference],
        repoDigests: [`alpine@${DIGEST}`],
      });
    await server.open(uri, 'FROM alpine:3.20 AS base\nRUN true\n');
    const line = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const actions = await actionsAt(uri, line);
    assert.equal(asked[asked.length - 1], 'alpine:3.20');
    const pin = actions.find((action) => action.kind === 'refactor.rewrite');
    assert.ok(pin, actions.map((a) => a.title).join(' | '));
    assert.equal(pin.title, 'Pin alpine:3.20 to sha256:444444444444…');
    assert.deepEqual(pin.edit?.changes?.[uri], [
      {
        range: { start: { line: 0, character: 16 }, end: { line: 0, character: 16 } },
        newText: `@${DIGEST}`,
      },
    ]);
    const quickOnly = await actionsAt(uri, line, [], ['quickfix']);
    assert.deepEqual(quickOnly, []);
  });

  it('goes on without the details when the client never answers', async () => {
    const uri = 'file:///w/actions/silent/Dockerfile';
    const pending: Array<() => void> = [];
    answerDetails = () =>
      new Promise((resolve) => {
        pending.push(() => resolve(null));
      });
    await server.open(uri, 'FROM debian:12 AS base\nRUN true\n');
    const before = asked.length;
    const started = Date.now();
    const [actions, hover] = await Promise.all([
      actionsAt(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }),
      server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 0, character: 7 },
      }),
    ]);
    const elapsed = Date.now() - started;
    assert.ok(asked.length > before, 'the server asked');
    assert.deepEqual(actions, []);
    const text = hover === null ? '' : (hover.contents as { value: string }).value;
    assert.match(text, /\*\*Image\*\* `debian`/);
    assert.doesNotMatch(text, /Local image/);
    // The server waits its few hundred milliseconds at most; this bound only catches a server that
    // waited for an answer that never came.
    assert.ok(elapsed < 5_000, `answered after ${elapsed} ms`);
    for (const release of pending) release();
  });
});
