// ShellCheck through the server: findings arrive after the fast pass, follow the document's
// latest version, honour hadolint's pragmas and disappear quietly when the binary is missing.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './serverProcess';

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));

function hasShellcheck(): boolean {
  try {
    execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('language server over stdio: ShellCheck', function () {
  let server: ServerUnderTest;

  before(async function () {
    if (!hasShellcheck()) {
      console.log('      skipped: no shellcheck on PATH (Debian package "shellcheck")');
      this.skip();
    }
    server = await startServer({ settings: {} });
  });

  after(async () => {
    await server?.stop();
  });

  it('publishes SC findings for a RUN script, on the right words', async () => {
    const uri = 'file:///w/sc/Dockerfile';
    const text = 'FROM alpine:3.20\nARG TARGET=/srv\nRUN echo $TARGET $UNSET_NAME\n';
    const arrived = server.diagnostics(uri, (p) => codes(p).includes('SC2086'));
    await server.open(uri, text);
    const published = await arrived;
    // TARGET is declared by ARG, so only the unknown name needs quoting.
    const quoted = published.diagnostics.filter((d) => d.code === 'SC2086');
    assert.deepEqual(
      quoted.map((d) => d.range.start),
      [{ line: 2, character: 17 }],
    );
    assert.ok(quoted.every((d) => d.codeDescription?.href === 'https://www.shellcheck.net/wiki/SC2086'));
    // ARG names are declared to ShellCheck: TARGET is not "referenced but not assigned".
    const unassigned = published.diagnostics
      .filter((d) => d.code === 'SC2154')
      .map((d) => (typeof d.message === 'string' ? d.message : JSON.stringify(d.message)));
    assert.ok(
      unassigned.every((message) => !message.includes('TARGET')),
      JSON.stringify(unassigned),
    );
  });

  it('follows the latest version and honours hadolint ignore pragmas for SC codes', async () => {
    const uri = 'file:///w/sc2/Dockerfile';
    await server.open(uri, 'FROM alpine:3.20\nRUN echo $1\n');
    const latest = server.diagnostics(uri, (p) => p.version === 3 && codes(p).includes('SC2046'));
    await server.change(uri, 'FROM alpine:3.20\nRUN echo $2\n', 2).catch(() => undefined);
    await server.change(uri, 'FROM alpine:3.20\n# hadolint ignore=SC2086\nRUN echo $3 $(ls)\n', 3);
    const published = await latest;
    assert.ok(!codes(published).includes('SC2086'), JSON.stringify(codes(published)));
  });

  it('stays quiet when the configured binary does not exist', async () => {
    const quiet = await startServer({ settings: { shellcheck: { path: '/nonexistent/shellcheck' } } });
    try {
      const published = await quiet.open('file:///w/sc3/Dockerfile', 'FROM alpine:3.20\nRUN echo $1\n');
      assert.ok(!codes(published).some((code) => code.startsWith('SC')));
      const check = await quiet.open('file:///w/sc4/Dockerfile', 'FORM x\n');
      assert.ok(codes(check).includes('DW001'));
      assert.equal(quiet.process.exitCode, null);
    } finally {
      await quiet.stop();
    }
  });
});
