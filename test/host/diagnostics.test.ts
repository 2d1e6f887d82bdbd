// The language server seen through VS Code: Dockerfiles in the workspace get their diagnostics,
// and the suppression comments users write take them away again.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateDockwright, codeOf, waitFor } from './helpers';

async function openFixture(name: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  assert.equal(document.languageId, 'dockerfile');
  await vscode.window.showTextDocument(document);
  await (
    await activateDockwright()
  ).api.languageServerReady;
  return document;
}

function codes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .map((d) => codeOf(d) ?? '')
    .sort();
}

describe('Dockerfile diagnostics in VS Code', () => {
  it('reports DW001 for the unknown instruction in the fixture Dockerfile', async () => {
    const document = await openFixture('Dockerfile');
    const diagnostic = await waitFor(
      'a DW001 diagnostic on the fixture Dockerfile',
      () => vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'DW001'),
      vscode.languages.onDidChangeDiagnostics,
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, 0);
    assert.equal(document.getText(diagnostic.range), 'FORM');
  });

  it('shows a BuildKit check, a hadolint rule and a syntax error together; pragmas remove the first two', async () => {
    const document = await openFixture('problems.dockerfile');
    const uri = document.uri;
    const wanted = ['DL3003', 'DW001', 'FromAsCasing'];
    await waitFor(
      `diagnostics ${wanted.join(', ')} on problems.dockerfile`,
      () => (wanted.every((code) => codes(uri).includes(code)) ? true : undefined),
      vscode.languages.onDidChangeDiagnostics,
    );
    const byCode = new Map(vscode.languages.getDiagnostics(uri).map((d) => [codeOf(d), d]));
    assert.equal(byCode.get('DW001')?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(byCode.get('FromAsCasing')?.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.getText(byCode.get('DW001')?.range), 'COPYY');
    for (const diagnostic of byCode.values()) {
      assert.equal(diagnostic.source, 'dockwright');
      const code = diagnostic.code;
      assert.ok(
        typeof code === 'object' && code.target.scheme === 'https',
        'each code links to its documentation',
      );
    }

    // The comments a user writes to silence a check and a rule, as an edit in the editor.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '# check=skip=FromAsCasing\n');
    edit.insert(uri, new vscode.Position(1, 0), '# hadolint ignore=DL3003\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(
      'only DW001 left after the check=skip and hadolint ignore comments',
      () => (JSON.stringify(codes(uri)) === JSON.stringify(['DW001']) ? true : undefined),
      vscode.languages.onDidChangeDiagnostics,
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
