// The editor features of the language server seen through VS Code's own provider commands, as the
// editor calls them: completion of mount types, hover docs on FROM, and a quick fix applied.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateDockwright, codeOf, poll, waitFor } from './helpers';

async function openFixture(name: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  await vscode.window.showTextDocument(document);
  await (
    await activateDockwright()
  ).api.languageServerReady;
  return document;
}

/** The text of a hover's contents, whatever form each part takes. */
function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((part) => (typeof part === 'string' ? part : part.value))
    .join('\n');
}

describe('Dockerfile editor features in VS Code', () => {
  it('completes the mount types after RUN --mount=type=', async () => {
    const document = await openFixture('features.dockerfile');
    const line = document.lineAt(2).text;
    const position = new vscode.Position(2, line.indexOf('type=') + 'type='.length);
    const list = await poll('completion items for the mount type', async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        position,
      );
      return result.items.length > 0 ? result : undefined;
    });
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    for (const type of ['bind', 'cache', 'tmpfs', 'secret', 'ssh']) {
      assert.ok(labels.includes(type), `the mount type ${type} is offered (got ${labels.join(', ')})`);
    }
  });

  it('shows our documentation when hovering over FROM', async () => {
    const document = await openFixture('features.dockerfile');
    const hovers = await poll('a hover on FROM', async () => {
      const result = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        new vscode.Position(1, 2),
      );
      return result.length > 0 ? result : undefined;
    });
    const text = hoverText(hovers);
    assert.match(text, /Every Dockerfile needs at least one FROM/);
    assert.match(text, /docs\.docker\.com\/reference\/dockerfile\/#from/);
  });

  it('applies the quick fix that turns MAINTAINER into a LABEL', async () => {
    const document = await openFixture('features.dockerfile');
    const uri = document.uri;
    const diagnostic = await waitFor(
      'the MaintainerDeprecated check on the fixture',
      () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'MaintainerDeprecated'),
      vscode.languages.onDidChangeDiagnostics,
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => action.edit !== undefined && /MAINTAINER/.test(action.title));
    assert.ok(fix?.edit, `a quick fix with an edit (got: ${actions.map((a) => a.title).join(' | ')})`);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(document.lineAt(8).text, 'LABEL org.opencontainers.image.authors="someone@example.com"');
      await waitFor(
        'MaintainerDeprecated gone after the fix',
        () =>
          vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'MaintainerDeprecated')
            ? undefined
            : true,
        vscode.languages.onDidChangeDiagnostics,
      );
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
