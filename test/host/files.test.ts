// Container files inside VS Code: the Files row under a container lists folders, a file opens in
// an editor with its content, and saving writes it back into the container.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { DockerClient } from '../../src/extension/docker/client';
import { readTar, writeTar } from '../../src/extension/docker/tar';
import type { DockwrightApi } from '../../src/extension/extension';
import type { ExplorerNode } from '../../src/extension/views/explorerNodes';
import { connectToTestDaemon, waitFor } from './helpers';

describe('Container files in VS Code', function () {
  let api: DockwrightApi;
  let client: DockerClient;
  let id = '';

  before(async function () {
    ({ api, client } = await connectToTestDaemon(this));
    await vscode.commands.executeCommand('dockwright.containers.focus');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (id !== '') {
      await client.removeContainer(id, { force: true }).catch(() => undefined);
    }
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.host', undefined, vscode.ConfigurationTarget.Global);
  });

  it('opens a file from the Files row with its content, and saves edits back into the container', async () => {
    const name = `dw-files-host-${randomBytes(4).toString('hex')}`;
    id = await client.createContainer({
      name,
      Image: 'dockwright-seed/plain:latest',
      HostConfig: { NetworkMode: 'none' },
    });
    await client.startContainer(id);
    const text = `hello from ${name}\n`;
    await client.putArchive(
      id,
      '/www',
      writeTar([
        { name: 'hello.txt', kind: 'file', mode: 0o644, mtimeMs: Date.now(), data: Buffer.from(text) },
      ]),
    );

    const tree = api.views.trees.containers;
    /** The row under `parent` named `label`, once its folder's listing has arrived. */
    const child = (parent: ExplorerNode | undefined, label: string, what: string): Promise<ExplorerNode> =>
      waitFor(
        what,
        () => tree.getChildren(parent).find((n) => n.row.label === label),
        tree.onDidChangeTreeData,
        30_000,
      );
    const findContainer = (nodes: ExplorerNode[]): ExplorerNode | undefined =>
      nodes.find((n) => n.kind === 'container' && n.key === id) ??
      nodes
        .filter((n) => n.kind === 'group' || n.kind === 'daemon')
        .map((g) => findContainer(tree.getChildren(g)))
        .find((n) => n !== undefined);
    const container = await waitFor(
      `${name} in the Containers view`,
      () => findContainer(tree.getChildren()),
      tree.onDidChangeTreeData,
      30_000,
    );
    assert.equal(tree.getTreeItem(container).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const files = await child(container, 'Files', 'the Files row');
    assert.equal(files.row.contextValue, 'files');
    const www = await child(files, 'www', 'the /www folder');
    assert.equal(www.row.contextValue, 'path.folder');
    const hello = await child(www, 'hello.txt', '/www/hello.txt');
    const item = tree.getTreeItem(hello);
    assert.equal(item.contextValue, 'path.file');
    assert.ok(item.command, 'a click opens the file');
    assert.equal(item.resourceUri?.scheme, 'dockwright-container');

    const args: unknown[] = item.command.arguments ?? [];
    await vscode.commands.executeCommand(item.command.command, ...args);
    const editor = await waitFor(
      'the editor of hello.txt',
      () =>
        vscode.window.activeTextEditor?.document.uri.path.endsWith('/www/hello.txt')
          ? vscode.window.activeTextEditor
          : undefined,
      vscode.window.onDidChangeActiveTextEditor,
    );
    assert.equal(editor.document.getText(), text);

    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'edited: '));
    assert.ok(await editor.document.save(), 'saved');
    const stream = await client.getArchive(id, '/www/hello.txt');
    let saved = '';
    for await (const entry of readTar(stream as AsyncIterable<Buffer>, () => true)) {
      saved = entry.data?.toString('utf8') ?? '';
      assert.equal(entry.mode, 0o644);
      break;
    }
    assert.equal(saved, `edited: ${text}`);
  });
});
