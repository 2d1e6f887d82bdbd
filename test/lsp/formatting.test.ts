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
