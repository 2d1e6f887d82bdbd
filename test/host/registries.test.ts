// The Registries view and FROM completion from registries, in the real VS Code: the open test
// registry (made known through the dockwright.registries.extra setting) lists its repositories and
// tags, Pull on a tag row puts that image into the Images view, and completion after
// `FROM host:port/…:` offers the registry's tags.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { DockerClient } from '../../src/extension/docker/client';
import { pushImage } from '../../src/extension/docker/pushImage';
import type { DockwrightApi } from '../../src/extension/extension';
import type { RegistryNode } from '../../src/extension/views/registryNodes';
import { activateDockwright, poll, stubbed, useTestDaemon, waitFor } from './helpers';

type Window = typeof vscode.window;

const labelOf = (item: vscode.CompletionItem) =>
  typeof item.label === 'string' ? item.label : item.label.label;

describe('Registries in VS Code', function () {
  this.timeout(120_000);
  const host = process.env.DOCKWRIGHT_TEST_DOCKER_HOST ?? '';
  const registry = process.env.DOCKWRIGHT_TEST_REGISTRY_OPEN ?? '';
  const run = randomBytes(3).toString('hex');
  const repository = `dw-host/pull-${run}`;
  const reference = `${registry}/${repository}:v1`;
  let api: DockwrightApi;
  let client: DockerClient;

  before(async function () {
    if (host === '' || registry === '') {
      console.log(
        '  skipped: DOCKWRIGHT_TEST_DOCKER_HOST or DOCKWRIGHT_TEST_REGISTRY_OPEN is not set (start the test environment and source its env.sh)',
      );
      this.skip();
    }
    api = (await activateDockwright()).api;
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('registries.extra', [{ url: registry }], vscode.ConfigurationTarget.Global);
    await useTestDaemon(api, host);
    const connected = api.connection.client;
    assert.ok(connected);
    client = connected;
    // A repository of this run only, in the registry and not in the daemon: tag, push, untag.
    await client.tagImage('dockwright-seed/plain:latest', `${registry}/${repository}`, 'v1');
    await pushImage(client, reference, undefined);
    await client.removeImage(reference);
    await vscode.commands.executeCommand('dockwright.registries.focus');
  });

  after(async () => {
    await client?.removeImage(reference).catch(() => undefined);
    const settings = vscode.workspace.getConfiguration('dockwright');
    await settings.update('registries.extra', undefined, vscode.ConfigurationTarget.Global);
    await settings.update('docker.host', undefined, vscode.ConfigurationTarget.Global);
  });

  /** The rows under a row of the Registries view (the roots without one), once `pick` finds one. */
  function row(
    what: string,
    parent: RegistryNode | undefined,
    pick: (node: RegistryNode) => boolean,
  ): Promise<RegistryNode> {
    return poll(what, async () => {
      const rows = await api.registries.getChildren(parent);
      const found = rows.find(pick);
      // A listing read before the push does not have it yet: read that row again.
      if (found === undefined && parent !== undefined) api.registries.refresh(parent);
      return found;
    });
  }

  async function tagRow(name: string, tag: string): Promise<RegistryNode> {
    const root = await row(
      `${registry} in the Registries view`,
      undefined,
      (n) => n.kind === 'registry' && n.entry.host === registry,
    );
    assert.equal(api.registries.getTreeItem(root).label, registry);
    const repo = await row(
      `${name} under ${registry}`,
      root,
      (n) => n.kind === 'repository' && n.repository === name,
    );
    return row(`${name}:${tag}`, repo, (n) => n.kind === 'tag' && n.tag === tag);
  }

  it('lists the test registry with its repositories and their tags', async () => {
    const seed = await tagRow('dockwright-seed/plain', 'latest');
    assert.equal(api.registries.getTreeItem(seed).tooltip, `${registry}/dockwright-seed/plain:latest`);
    await tagRow('dockwright-seed/service', 'latest');
    await tagRow(repository, 'v1');
  });

  it('completes FROM with the registry repositories after host:port/ and their tags after repo:', async () => {
    await api.languageServerReady;
    const text = `FROM ${registry}/dockwright-seed/plain:\nFROM ${registry}/${repository}:\nFROM ${registry}/\n`;
    const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: text });
    await vscode.window.showTextDocument(document);
    const complete = (
      line: number,
      find: (items: vscode.CompletionItem[]) => vscode.CompletionItem | undefined,
    ) =>
      poll(`completion on line ${line + 1}`, async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          document.uri,
          document.lineAt(line).range.end,
        );
        return find(list.items);
      });
    await complete(0, (items) => items.find((item) => labelOf(item) === 'latest'));
    const v1 = await complete(1, (items) => items.find((item) => labelOf(item) === 'v1'));
    assert.equal(v1.detail, `${registry}/${repository}:v1 (on ${registry})`);
    const repo = await complete(2, (items) =>
      items.find((item) => labelOf(item) === `${registry}/${repository}`),
    );
    assert.equal(repo.detail, `Repository on ${registry}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Pull on a tag row puts the image into the Images view', async () => {
    const tag = await tagRow(repository, 'v1');
    const images = api.views.trees.images;
    const shown = () => {
      const repo = images.getChildren().find((n) => n.row.label === `${registry}/${repository}`);
      return repo === undefined
        ? undefined
        : images.getChildren(repo).find((n) => n.kind === 'image' && n.key === reference);
    };
    assert.equal(shown(), undefined, 'not in the daemon before the pull');
    // With several daemons connected the pull asks which one: this window's own.
    const primary = ((items: readonly (vscode.QuickPickItem & { daemon?: unknown })[]) =>
      Promise.resolve(
        items.find((item) => item.daemon === api.daemons.primary),
      )) as unknown as Window['showQuickPick'];
    await stubbed('showQuickPick', primary, () =>
      Promise.resolve(vscode.commands.executeCommand('dockwright.registries.pull', tag)),
    );
    assert.ok((await client.inspectImage(reference)) !== undefined, 'the daemon has the pulled image');
    await waitFor(`${reference} in the Images view`, shown, images.onDidChangeTreeData);
    await client.removeImage(reference);
    await waitFor(
      `${reference} gone from the Images view`,
      () => (shown() === undefined ? true : undefined),
      images.onDidChangeTreeData,
    );
  });
});
