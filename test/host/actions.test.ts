// The explorer's actions as commands inside VS Code, on nodes of the live trees: a start and stop
// change the daemon and the row follows; a removal asks first, in a modal naming the container.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { DockerClient } from '../../src/extension/docker/client';
import type { DockwrightApi } from '../../src/extension/extension';
import type { ExplorerNode } from '../../src/extension/views/explorerNodes';
import type { ExplorerTree } from '../../src/extension/views/explorerTree';
import { connectToTestDaemon, stubbed, waitFor } from './helpers';

function allNodes(tree: ExplorerTree, parent?: ExplorerNode): ExplorerNode[] {
  return tree.getChildren(parent).flatMap((node) => [node, ...allNodes(tree, node)]);
}

type Window = typeof vscode.window;

describe('Explorer actions in VS Code', function () {
  const created: string[] = [];
  let api: DockwrightApi;
  let client: DockerClient;

  before(async function () {
    ({ api, client } = await connectToTestDaemon(this));
    await vscode.commands.executeCommand('dockwright.containers.focus');
  });

  after(async () => {
    for (const id of created) {
      await client?.removeContainer(id, { force: true }).catch(() => undefined);
    }
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.host', undefined, vscode.ConfigurationTarget.Global);
  });

  async function createPlain(): Promise<{ id: string; name: string }> {
    const name = `dw-actions-${randomBytes(4).toString('hex')}`;
    const id = await client.createContainer({
      name,
      Image: 'dockwright-seed/plain:latest',
      Labels: { 'dockwright.test': 'host-actions' },
      HostConfig: { NetworkMode: 'none' },
    });
    created.push(id);
    return { id, name };
  }

  /** Waits for the container's row to show `contextValue` (or to be gone, for undefined). */
  function row(id: string, contextValue: string | undefined, what: string): Promise<ExplorerNode | true> {
    const tree = api.views.trees.containers;
    return waitFor<ExplorerNode | true>(
      what,
      () => {
        const node = allNodes(tree).find((n) => n.kind === 'container' && n.key === id);
        if (contextValue === undefined) {
          return node === undefined ? true : undefined;
        }
        return node !== undefined && tree.getTreeItem(node).contextValue === contextValue ? node : undefined;
      },
      tree.onDidChangeTreeData,
    );
  }

  it('starts and stops a container from its node; the daemon and the row follow', async () => {
    const { id, name } = await createPlain();
    const node = await row(id, 'container.created', `${name} in the Containers view`);
    assert.notEqual(node, true);

    await vscode.commands.executeCommand('dockwright.containers.start', node);
    assert.equal((await client.listContainersById([id]))[0]?.state, 'running');
    const running = await row(id, 'container.running', `${name} to show as running`);

    await vscode.commands.executeCommand('dockwright.containers.stop', running, [running]);
    assert.equal((await client.listContainersById([id]))[0]?.state, 'exited');
    await row(id, 'container.exited', `${name} to show as exited`);
  });

  it('asks in a modal naming the container before removing it; Cancel keeps it', async () => {
    const { id, name } = await createPlain();
    const node = await row(id, 'container.created', `${name} in the Containers view`);
    const asked: { message: string; modal: boolean; detail: string; buttons: string[] }[] = [];
    const answering = (answer: string | undefined) =>
      ((message: string, options: vscode.MessageOptions, ...buttons: string[]) => {
        asked.push({ message, modal: options.modal === true, detail: options.detail ?? '', buttons });
        return Promise.resolve(answer);
      }) as unknown as Window['showWarningMessage'];

    await stubbed('showWarningMessage', answering(undefined), () =>
      Promise.resolve(vscode.commands.executeCommand('dockwright.containers.remove', node)),
    );
    assert.equal(asked.length, 1);
    assert.equal(asked[0]?.message, `Remove the container "${name}"?`);
    assert.equal(asked[0]?.modal, true);
    assert.deepEqual(asked[0]?.buttons, ['Remove', 'Remove with Anonymous Volumes']);
    assert.equal((await client.listContainersById([id])).length, 1, 'Cancel removes nothing');

    await stubbed('showWarningMessage', answering('Remove'), () =>
      Promise.resolve(vscode.commands.executeCommand('dockwright.containers.remove', node)),
    );
    assert.equal(asked.length, 2);
    assert.deepEqual(await client.listContainersById([id]), [], 'removed from the daemon');
    await row(id, undefined, `${name} to leave the Containers view`);
  });

  it('refuses to remove a running container unless forced, with one clear message', async () => {
    const { id, name } = await createPlain();
    await client.startContainer(id);
    const node = await row(id, 'container.running', `${name} to show as running`);
    const errors: string[] = [];
    let buttons: string[] = [];
    const warn = ((_m: string, _o: vscode.MessageOptions, ...items: string[]) => {
      buttons = items;
      return Promise.resolve('Remove');
    }) as unknown as Window['showWarningMessage'];
    const error = ((message: string) => {
      errors.push(message);
      return Promise.resolve(undefined);
    }) as unknown as Window['showErrorMessage'];
    await stubbed('showWarningMessage', warn, () =>
      stubbed('showErrorMessage', error, () =>
        Promise.resolve(vscode.commands.executeCommand('dockwright.containers.remove', node)),
      ),
    );
    assert.ok(buttons.includes('Force Remove Running'));
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', new RegExp(`^Could not remove "${name}": Conflict: .*running`, 'i'));
    assert.equal((await client.listContainersById([id]))[0]?.state, 'running', 'still running');

    const force = ((_m: string, _o: vscode.MessageOptions, ..._items: string[]) =>
      Promise.resolve('Force Remove Running')) as unknown as Window['showWarningMessage'];
    await stubbed('showWarningMessage', force, () =>
      Promise.resolve(vscode.commands.executeCommand('dockwright.containers.remove', node)),
    );
    assert.deepEqual(await client.listContainersById([id]), []);
  });

  it('opens the inspect JSON of a container in a read-only document', async () => {
    const { id, name } = await createPlain();
    const node = await row(id, 'container.created', `${name} in the Containers view`);
    await vscode.commands.executeCommand('dockwright.containers.inspect', node);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.scheme, 'dockwright-inspect');
    assert.equal(editor.document.languageId, 'json');
    const json = JSON.parse(editor.document.getText()) as { Id: string; Name: string };
    assert.equal(json.Id, id);
    assert.equal(json.Name, `/${name}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('starts a container chosen from the palette quick pick, offering only stopped ones', async () => {
    const { id, name } = await createPlain();
    await row(id, 'container.created', `${name} in the Containers view`);
    let offered: string[] = [];
    const pick = ((items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => {
      offered = items.map((item) => item.label);
      const chosen = items.filter((item) => item.label === name);
      return Promise.resolve(options?.canPickMany === true ? chosen : chosen[0]);
    }) as unknown as Window['showQuickPick'];
    await stubbed('showQuickPick', pick, () =>
      Promise.resolve(vscode.commands.executeCommand('dockwright.containers.start')),
    );
    assert.ok(offered.includes(name));
    assert.equal((await client.listContainersById([id]))[0]?.state, 'running');
    const running = (await client.listContainers()).filter((c) => c.state === 'running').map((c) => c.name);
    assert.ok(
      offered.every((label) => !running.includes(label) || label === name),
      'running containers are not offered by Start',
    );
    await client.stopContainer(id, { timeoutSeconds: 2 });
  });

  it('shows image history and disk usage as read-only markdown documents', async () => {
    const images = api.views.trees.images;
    const seed = await waitFor(
      'the plain seed image',
      () => {
        const repo = images.getChildren().find((n) => n.row.label === 'dockwright-seed/plain');
        return repo === undefined ? undefined : images.getChildren(repo)[0];
      },
      images.onDidChangeTreeData,
    );
    await vscode.commands.executeCommand('dockwright.images.history', seed);
    const history = vscode.window.activeTextEditor?.document;
    assert.equal(history?.uri.scheme, 'dockwright-inspect');
    assert.equal(history?.languageId, 'markdown');
    assert.match(history?.getText() ?? '', /^# History of dockwright-seed\/plain:latest/);
    assert.match(history?.getText() ?? '', /\| Layer \| Created \| Size \| Created by \|/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    await vscode.commands.executeCommand('dockwright.system.diskUsage');
    const usage = vscode.window.activeTextEditor?.document;
    assert.match(usage?.getText() ?? '', /^# Docker disk usage at /);
    assert.match(usage?.getText() ?? '', /\| Images \| \d+ \| \d+ \|/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
