import * as assert from 'node:assert/strict';
import {
  CompletionRequest,
  CompletionResolveRequest,
  DidChangeTextDocumentNotification,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './serverProcess';

function itemsOf(result: CompletionItem[] | CompletionList | null): CompletionItem[] {
  if (result === null) return [];
  return Array.isArray(result) ? result : result.items;
}

describe('language server over stdio: completion', () => {
  let server: ServerUnderTest;
  /** What the test, acting as the client, does with the server's image requests. */
  let answerImages: (params: { prefix: string }) => Promise<unknown>;
  const asked: string[] = [];

  before(async () => {
    server = await startServer();
    server.connection.onRequest('dockwright/images', (params: { prefix: string }) => {
      asked.push(params.prefix);
      return answerImages(params);
    });
  });

  after(async () => {
    await server.stop();
  });

  const complete = async (uri: string, line: number, character: number, triggerCharacter?: string) =>
    itemsOf(
      await server.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line, character },
        ...(triggerCharacter !== undefined ? { context: { triggerKind: 2, triggerCharacter } } : {}),
      }),
    );

  it('announces completion with trigger characters and resolve', () => {
    const provider = server.initializeResult.capabilities.completionProvider;
    assert.ok(provider);
    assert.equal(provider.resolveProvider, true);
    for (const ch of ['-', '=', '$', '{', ',', ':']) assert.ok(provider.triggerCharacters?.includes(ch), ch);
  });

  it('completes instructions, flags and mount types, and resolves documentation', async () => {
    const uri = 'file:///w/completion/Dockerfile';
    await server.open(uri, 'FROM alpine AS base\nRUN --mount=type=\n\n');
    const types = await complete(uri, 1, 17, '=');
    assert.deepEqual(
      types.map((i) => i.label),
      ['bind', 'cache', 'tmpfs', 'secret', 'ssh'],
    );
    const keywords = await complete(uri, 2, 0);
    const copy = keywords.find((i) => i.label === 'COPY');
    assert.ok(copy);
    assert.ok(!keywords.some((i) => i.label === '# syntax=docker/dockerfile:1'));
    const resolved = await server.connection.sendRequest(CompletionResolveRequest.type, copy);
    assert.ok(typeof resolved.documentation === 'object' && resolved.documentation.value.includes('COPY'));
  });

  it('completes on the edited version after an incremental change', async () => {
    const uri = 'file:///w/completion/edited/Dockerfile';
    await server.open(uri, 'FROM alpine\nENV A=1\nRUN echo \n');
    const next = server.diagnostics(uri, (p) => p.version === 2);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 1, character: 7 }, end: { line: 1, character: 7 } }, text: ' B=2' },
        { range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } }, text: '${' },
      ],
    });
    await next;
    const variables = await complete(uri, 2, 11, '{');
    assert.deepEqual(
      variables.map((i) => i.label),
      ['A', 'B'],
    );
  });

  it('adds the images the client reports, and their tags', async () => {
    answerImages = () =>
      Promise.resolve({
        images: [
          { name: 'nginx', tags: ['1.27', 'latest'] },
          { name: 'node', tags: ['20'] },
        ],
      });
    const uri = 'file:///w/completion/images/Dockerfile';
    await server.open(uri, 'FROM golang AS build\nFROM n\nFROM nginx:\n');
    const names = await complete(uri, 1, 6);
    assert.ok(names.some((i) => i.label === 'nginx'));
    assert.ok(names.some((i) => i.label === 'build'));
    assert.equal(asked[asked.length - 1], 'n');
    const tags = await complete(uri, 2, 11, ':');
    assert.deepEqual(
      tags.map((i) => i.label),
      ['1.27', 'latest'],
    );
    assert.deepEqual((tags[0]?.textEdit as { range: unknown }).range, {
      start: { line: 2, character: 11 },
      end: { line: 2, character: 11 },
    });
  });

  it("completes a registry's repositories after host:port/ and their tags after repo:", async () => {
    answerImages = ({ prefix }) =>
      Promise.resolve({
        images: prefix.endsWith(':')
          ? [{ name: '127.0.0.1:5000/dockwright-seed/plain', tags: ['latest'], registry: '127.0.0.1:5000' }]
          : [
              { name: '127.0.0.1:5000/dockwright-seed/plain', tags: [], registry: '127.0.0.1:5000' },
              { name: '127.0.0.1:5000/dockwright-seed/service', tags: [], registry: '127.0.0.1:5000' },
            ],
      });
    const uri = 'file:///w/completion/registry/Dockerfile';
    await server.open(uri, 'FROM 127.0.0.1:5000/\nFROM 127.0.0.1:5000/dockwright-seed/plain:\nCOPY a/\n');
    const names = await complete(uri, 0, 20, '/');
    assert.equal(asked[asked.length - 1], '127.0.0.1:5000/');
    const service = names.find((i) => i.label === '127.0.0.1:5000/dockwright-seed/service');
    assert.ok(service, names.map((i) => i.label).join());
    assert.equal(service.detail, 'Repository on 127.0.0.1:5000');
    assert.deepEqual(service.textEdit, {
      range: { start: { line: 0, character: 5 }, end: { line: 0, character: 20 } },
      newText: '127.0.0.1:5000/dockwright-seed/service',
    });
    const tags = await complete(uri, 1, 42, ':');
    assert.deepEqual(
      tags.map((i) => [i.label, i.textEdit]),
      [
        [
          'latest',
          {
            range: { start: { line: 1, character: 42 }, end: { line: 1, character: 42 } },
            newText: 'latest',
          },
        ],
      ],
    );
    // `/` elsewhere is no reason to complete.
    assert.deepEqual(await complete(uri, 2, 7, '/'), []);
    assert.ok(server.initializeResult.capabilities.completionProvider?.triggerCharacters?.includes('/'));
  });

  it('completes without images when the client does not answer', async () => {
    // The answer is held back until the completion arrives: a server that waited for it would
    // never answer, so getting the list at all shows it did not wait.
    let release: (() => void) | undefined;
    answerImages = () =>
      new Promise((resolve) => {
        release = () => resolve({ images: [{ name: 'late', tags: [] }] });
      });
    const uri = 'file:///w/completion/silent/Dockerfile';
    await server.open(uri, 'FROM alpine AS one\nFROM \n');
    const items = await complete(uri, 1, 5, ' ');
    assert.ok(release, 'the server asked');
    release();
    assert.deepEqual(
      items.map((i) => i.label),
      ['scratch', 'one'],
    );
  });

  it('completes without images for a client that lacks the request', async () => {
    const plain = await startServer();
    try {
      const uri = 'file:///w/completion/plain/Dockerfile';
      await plain.open(uri, 'FROM alpine AS one\nFROM \n');
      for (let i = 0; i < 2; i++) {
        const items = itemsOf(
          await plain.connection.sendRequest(CompletionRequest.type, {
            textDocument: { uri },
            position: { line: 1, character: 5 },
          }),
        );
        assert.deepEqual(
          items.map((item) => item.label),
          ['scratch', 'one'],
        );
      }
    } finally {
      await plain.stop();
    }
  });
});
