// Settings and project files change diagnostics without a restart: severity overrides, rule sets
// switched off, a .hadolint.yaml beside the Dockerfile and the file watcher telling of its edits.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { startServer, type ServerUnderTest } from './serverProcess';

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code)).sort();
// MAINTAINER is deprecated for hadolint (DL4000); FORM is an unknown instruction (DW001).
const TEXT = 'FROM alpine:3.20\nMAINTAINER someone@example.com\nFORM x\n';

describe('language server over stdio: settings and project files', () => {
  let server: ServerUnderTest;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dockwright-settings-'));
    server = await startServer({
      settings: { severity: { DW001: 'warning' }, rules: { shellcheck: false } },
      workspaceFolders: [pathToFileURL(dir).toString()],
    });
  });

  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies severity overrides and switches rule sets off and on without a restart', async () => {
    const uri = 'file:///w/settings/Dockerfile';
    const first = await server.open(uri, TEXT);
    assert.ok(codes(first).includes('DL4000'), JSON.stringify(codes(first)));
    assert.equal(first.diagnostics.find((d) => d.code === 'DW001')?.severity, DiagnosticSeverity.Warning);

    const quiet = server.diagnostics(uri, (p) => !codes(p).includes('DW001') && !codes(p).includes('DL4000'));
    await server.setSettings({ severity: { DW001: 'off' }, rules: { hadolint: false, shellcheck: false } });
    await quiet;

    const back = server.diagnostics(uri, (p) => codes(p).includes('DW001') && codes(p).includes('DL4000'));
    await server.setSettings({ severity: { DW001: 'error' }, rules: { shellcheck: false } });
    const restored = await back;
    assert.equal(restored.diagnostics.find((d) => d.code === 'DW001')?.severity, DiagnosticSeverity.Error);
  });

  it('publishes the first diagnostics under the client settings, even when the client answers slowly', async () => {
    const slow = await startServer({
      settings: { severity: { DW001: 'hint' }, rules: { shellcheck: false } },
      configurationDelayMs: 300,
    });
    try {
      const first = await slow.open('file:///w/settings/slow/Dockerfile', TEXT);
      assert.equal(first.diagnostics.find((d) => d.code === 'DW001')?.severity, DiagnosticSeverity.Hint);
    } finally {
      await slow.stop();
    }
  });

  it('reads .hadolint.yaml from the Dockerfile folder upwards and follows its edits', async () => {
    const config = join(dir, '.hadolint.yaml');
    writeFileSync(config, 'ignored:\n  - DL4000\n');
    const sub = join(dir, 'service');
    mkdirSync(sub);
    const uri = pathToFileURL(join(sub, 'Dockerfile')).toString();
    const first = await server.open(uri, TEXT);
    assert.ok(!codes(first).includes('DL4000'), `ignored by the config: ${JSON.stringify(codes(first))}`);

    writeFileSync(config, 'override:\n  error:\n    - DL4000\n');
    const next = server.diagnostics(uri, (p) => codes(p).includes('DL4000'));
    await server.filesChanged([pathToFileURL(config).toString()]);
    const after = await next;
    assert.equal(after.diagnostics.find((d) => d.code === 'DL4000')?.severity, DiagnosticSeverity.Error);
  });
});
