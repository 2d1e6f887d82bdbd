// The language server seen through VS Code: a Dockerfile in the workspace gets its diagnostics.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateDockwright, codeOf, waitFor } from './helpers';

describe('Dockerfile diagnostics in VS Code', () => {
  it('reports DW001 for the unknown instruction in the fixture Dockerfile', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the fixture workspace is open');
    const uri = vscode.Uri.joinPath(folder.uri, 'Dockerfile');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'dockerfile');
    await vscode.window.showTextDocument(document);
    await (
      await activateDockwright()
    ).api.languageServerReady;

    const diagnostic = await waitFor(
      'a DW001 diagnostic on the fixture Dockerfile',
      () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'DW001'),
      vscode.languages.onDidChangeDiagnostics,
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, 0);
    assert.equal(document.getText(diagnostic.range), 'FORM');
  });
});
