// Formatting through the built server: whole document, range and on-type (also after an
// incremental edit), with the client's settings and without them.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DidChangeTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentOnTypeFormattingRequest,
  DocumentRangeFormattingRequest,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './serverProcess';

const TEXT = [
  '# syntax=docker/dockerfile:1  ',
  '  from alpine:3.20 as build',
  'run apk add \\',
  '      curl \\',
  '   # and git',
  '      git',
  'RUN <<EOF',
  '   keep   ',
  'EOF',
  '  CMD ["sh"]  ',
  '',
].join('\r\n');

const OPTIONS = { tabSize: 2, insertSpaces: true };

/** Continuation lines nested on purpose, written with a tab and spaces. */
const NESTED = [
  'FROM debian',
  'RUN apt-get update \\',
  '\t&& apt-get install -y \\',
  '\t    curl \\',
  '\t    git \\',
  '\t&& rm -rf /var/lib/apt/lists/*',
  '',
].join('\r\n');

function apply(text: string, edits: TextEdit[] | null): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'dockerfile', 1, text), edits ?? []);
}

describe('formatting over LSP', function () {
  let server: ServerUnderTest;

  before(async function () {
    server = await startServer();
  });

  after(async function () {
    await server.stop();
  });

  it('announces document, range and on-type formatting', () => {
    const capabilities = server.initializeResult.capabilities;
    assert.equal(capabilities.documentFormattingProvider, true);
    assert.equal(capabilities.documentRangeFormattingProvider, true);
    assert.deepEqual(capabilities.documentOnTypeFormattingProvider, {
      firstTriggerCharacter: '\n',
      moreTriggerCharacter: ['\\', '`'],
    });
  });

  it('formats a whole CRLF document and then has nothing left to do', async () => {
    const uri = 'file:///work/format/Dockerfile';
    await server.open(uri, TEXT);
    const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: OPTIONS,
    });
    const formatted = apply(TEXT, edits);
    assert.equal(
      formatted,
      [
        '# syntax=docker/dockerfile:1',
        'FROM alpine:3.20 as build',
        'RUN apk add \\',
        '  curl \\',
        '  # and git',
        '  git',
        'RUN <<EOF',
        '   keep   ',
        'EOF',
        'CMD ["sh"]',
        '',
      ].join('\r\n'),
    );
    await server.change(uri, formatted, 2);
    const again = await server.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: OPTIONS,
    });
    assert.deepEqual(again, []);
  });

  it('formats only the instructions a range touches', async () => {
    const uri = 'file:///work/format/range/Dockerfile';
    await server.open(uri, TEXT);
    const edits = await server.connection.sendRequest(DocumentRangeFormattingRequest.type, {
      textDocument: { uri },
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } },
      options: { tabSize: 4, insertSpaces: false },
    });
    assert.deepEqual(apply(TEXT, edits).split('\r\n').slice(0, 7), [
      '# syntax=docker/dockerfile:1  ',
      '  from alpine:3.20 as build',
      'RUN apk add \\',
      '\tcurl \\',
      '\t# and git',
      '\tgit',
      'RUN <<EOF',
    ]);
  });

  it('indents the line after Enter on a continued line, after an incremental edit', async () => {
    const uri = 'file:///work/format/type/Dockerfile';
    const text = ['FROM alpine', 'RUN apk add \\', '  curl', ''].join('\n');
    await server.open(uri, text);
    // " \" and Enter typed at the end of "  curl": line 3 is the new, empty line.
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 2, character: 6 }, end: { line: 2, character: 6 } }, text: ' \\\n' },
      ],
    });
    const edits = await server.connection.sendRequest(DocumentOnTypeFormattingRequest.type, {
      textDocument: { uri },
      position: { line: 3, character: 0 },
      ch: '\n',
      options: OPTIONS,
    });
    assert.deepEqual(edits, [
      { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '  ' },
    ]);
    const nothing = await server.connection.sendRequest(DocumentOnTypeFormattingRequest.type, {
      textDocument: { uri },
      position: { line: 1, character: 0 },
      ch: '\n',
      options: OPTIONS,
    });
    assert.deepEqual(nothing, []);
  });

  it('keeps nested continuation lines nested, in spaces or tabs', async () => {
    const uri = 'file:///work/format/nested/Dockerfile';
    await server.open(uri, NESTED);
    const spaces = await server.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: OPTIONS,
    });
    assert.deepEqual(apply(NESTED, spaces).split('\r\n').slice(1, 6), [
      'RUN apt-get update \\',
      '  && apt-get install -y \\',
      '      curl \\',
      '      git \\',
      '  && rm -rf /var/lib/apt/lists/*',
    ]);
    const tabs = await server.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: { tabSize: 4, insertSpaces: false },
    });
    assert.deepEqual(apply(NESTED, tabs).split('\r\n').slice(2, 6), [
      '\t&& apt-get install -y \\',
      '\t\tcurl \\',
      '\t\tgit \\',
      '\t&& rm -rf /var/lib/apt/lists/*',
    ]);
    // Enter after a nested line: the new line is as deep as that line once formatted.
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 4, character: 10 }, end: { line: 4, character: 10 } }, text: '\r\n' },
      ],
    });
    const typed = await server.connection.sendRequest(DocumentOnTypeFormattingRequest.type, {
      textDocument: { uri },
      position: { line: 5, character: 0 },
      ch: '\n',
      options: { tabSize: 4, insertSpaces: false },
    });
    assert.deepEqual(typed, [
      { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: '\t\t' },
    ]);
  });

  it('counts a byte-order mark on the first line', async () => {
    const uri = 'file:///work/format/bom/Dockerfile';
    const text = '\uFEFF  from alpine\n';
    await server.open(uri, text);
    const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: OPTIONS,
    });
    assert.equal(apply(text, edits), '\uFEFFFROM alpine\n');
  });
});

describe('formatting over LSP with settings', function () {
  let server: ServerUnderTest;

  before(async function () {
    // The test client serves the same object for every section it is asked about.
    server = await startServer({ settings: { continuationIndent: 'keep', uppercaseKeywords: false } });
  });

  after(async function () {
    await server.stop();
  });

  it('keeps continuation indentation and keyword case when told to', async () => {
    const uri = 'file:///work/format/settings/Dockerfile';
    await server.open(uri, TEXT);
    const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: OPTIONS,
    });
    assert.deepEqual(apply(TEXT, edits).split('\r\n').slice(0, 6), [
      '# syntax=docker/dockerfile:1',
      'from alpine:3.20 as build',
      'run apk add \\',
      '      curl \\',
      '   # and git',
      '      git',
    ]);
    const typed = await server.connection.sendRequest(DocumentOnTypeFormattingRequest.type, {
      textDocument: { uri },
      position: { line: 3, character: 0 },
      ch: '\n',
      options: OPTIONS,
    });
    assert.deepEqual(typed, []);
  });
});

describe('formatting over LSP with flat continuation indentation', function () {
  let server: ServerUnderTest;

  before(async function () {
    server = await startServer({ settings: { continuationIndent: 'flat' } });
  });

  after(async function () {
    await server.stop();
  });

  it('gives every continuation line one unit', async () => {
    const uri = 'file:///work/format/flat/Dockerfile';
    await server.open(uri, NESTED);
    const edits = await server.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri },
      options: OPTIONS,
    });
    assert.deepEqual(apply(NESTED, edits).split('\r\n').slice(1, 6), [
      'RUN apt-get update \\',
      '  && apt-get install -y \\',
      '  curl \\',
      '  git \\',
      '  && rm -rf /var/lib/apt/lists/*',
    ]);
  });
});
