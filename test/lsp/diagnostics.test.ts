import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './serverProcess';

/** Only the syntax errors (DW codes): these tests are about what `docker build` rejects. */
function syntaxErrors(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => String(d.code).startsWith('DW'));
}

describe('language server over stdio: diagnostics', () => {
  let server: ServerUnderTest;

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    await server.stop();
  });

  it('announces incremental text sync and its name', () => {
    assert.equal(server.initializeResult.serverInfo?.name, 'dockwright-dockerfile');
    assert.equal(server.initializeResult.capabilities.textDocumentSync, 2);
  });

  it('reports an unknown instruction with code, source, link, range and a did-you-mean', async () => {
    const published = await server.open('file:///w/Dockerfile', 'FORM alpine\nRUN echo hi\n');
    const errors = syntaxErrors(published.diagnostics);
    assert.equal(errors.length, 1);
    const [d] = errors;
    assert.equal(d?.code, 'DW001');
    assert.equal(d?.source, 'dockwright');
    assert.equal(d?.severity, DiagnosticSeverity.Error);
    assert.equal(d?.message, 'unknown instruction: FORM (did you mean FROM?)');
    assert.ok(d?.codeDescription?.href.startsWith('https://'));
    assert.deepEqual(d?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } });
  });

  it('publishes no diagnostics for a valid file, and clears them after a fix', async () => {
    const uri = 'file:///w/fix/Dockerfile';
    const broken = await server.open(uri, 'FROM alpine\nRUNN echo hi\n');
    assert.equal(syntaxErrors(broken.diagnostics).length, 1);
    assert.equal(syntaxErrors(broken.diagnostics)[0]?.range.start.line, 1);
    const fixed = await server.change(uri, 'FROM alpine:3.20\nRUN echo hi\n', 2);
    assert.deepEqual(fixed.diagnostics, []);
  });

  it('does not mistake continuation lines, comments or heredoc bodies for instructions', async () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM alpine AS base',
      'RUN apk add \\',
      '# a comment inside the continuation',
      '',
      '    curl \\',
      '    git',
      'RUN <<EOF',
      'set -e',
      'echo hello',
      'EOF',
      'COPY <<-CONF /etc/app.conf',
      '\tkey = value',
      '\tCONF',
      'CMD ["sh"]',
    ].join('\n');
    const published = await server.open('file:///w/valid/Dockerfile', text);
    assert.deepEqual(syntaxErrors(published.diagnostics), []);
  });

  it('honours the escape directive', async () => {
    const text =
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir `\n    c:\\\nUSER ContainerUser\n';
    const published = await server.open('file:///w/win/Dockerfile', text);
    assert.deepEqual(syntaxErrors(published.diagnostics), []);
  });

  it('survives arbitrary bytes and keeps serving', async () => {
    const junk = '\u0000\uFEFF{{{\n\\\n<<<<EOF\n`\r\n\r' + 'x'.repeat(10_000);
    const published = await server.open('file:///w/junk/Dockerfile', junk);
    assert.ok(Array.isArray(published.diagnostics));
    const after = await server.open('file:///w/after/Dockerfile', 'FORM x\n');
    assert.equal(syntaxErrors(after.diagnostics)[0]?.code, 'DW001');
    assert.equal(server.process.exitCode, null, server.stderr());
  });
});
