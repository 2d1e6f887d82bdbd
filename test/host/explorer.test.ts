// The explorer trees inside VS Code, rendered from the live model of the test daemon(s).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DockwrightApi } from '../../src/extension/extension';
import type { ExplorerNode } from '../../src/extension/views/explorerNodes';
import type { ExplorerTree } from '../../src/extension/views/explorerTree';
import type { Manifest } from './helpers';
import { activateDockwright, waitFor } from './helpers';
import { PrivateDaemon } from '../docker/privateDaemon';

/** Every node of a tree, depth first, as the view would ask for them. */
function allNodes(tree: ExplorerTree, parent?: ExplorerNode): ExplorerNode[] {
  return tree.getChildren(parent).flatMap((node) => [node, ...allNodes(tree, node)]);
}

function iconOf(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

async function useHost(host: string | undefined): Promise<void> {
  await vscode.workspace
    .getConfiguration('dockwright')
    .update('docker.host', host, vscode.ConfigurationTarget.Global);
}

/** Waits until the primary connection has connected to the configured host. */
async function connected(api: DockwrightApi): Promise<void> {
  await waitFor(
    'the connection to the test daemon',
    () => (api.connection.state === 'connected' ? true : undefined),
    api.connection.onDidChangeState,
  );
}

describe('Explorer trees in VS Code', function () {
  const host = process.env.DOCKWRIGHT_TEST_DOCKER_HOST;
  const host2 = process.env.DOCKWRIGHT_TEST_DOCKER_HOST_2;
  const created: string[] = [];
  let api: DockwrightApi;

  before(async function () {
    if (host === undefined || host === '') {
      console.log(
        '  skipped: DOCKWRIGHT_TEST_DOCKER_HOST is not set (start the test daemon and source its env.sh)',
      );
      this.skip();
    }
    api = (await activateDockwright()).api;
    // The models are kept current only while a view is visible.
    await vscode.commands.executeCommand('dockwright.containers.focus');
  });

  after(async () => {
    // The last test points the extension at a missing daemon, so clean up through the CLI.
    for (const id of created) {
      try {
        execFileSync('docker', ['rm', '-f', id], {
          env: { ...process.env, DOCKER_HOST: host },
          stdio: 'ignore',
        });
      } catch {
        // Already gone.
      }
    }
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.additionalEndpoints', undefined, vscode.ConfigurationTarget.Global);
    await useHost(undefined);
  });

  it('shows a running container with its health icon, and its stop without any refresh', async () => {
    await useHost(host);
    await connected(api);
    const client = api.connection.client;
    assert.ok(client, 'connected');
    const name = `dw-explorer-${randomBytes(4).toString('hex')}`;
    const id = await client.createContainer({
      name,
      Image: 'dockwright-seed/service:latest',
      HostConfig: { NetworkMode: 'none' },
    });
    created.push(id);
    await client.startContainer(id);

    const tree = api.views.trees.containers;
    const row = (): { node: ExplorerNode; item: vscode.TreeItem } | undefined => {
      const node = allNodes(tree).find((n) => n.kind === 'container' && n.key === id);
      return node === undefined ? undefined : { node, item: tree.getTreeItem(node) };
    };
    const healthy = await waitFor(
      `${name} to show as healthy in the Containers view`,
      () => {
        const shown = row();
        return shown !== undefined && iconOf(shown.item) === 'pass-filled' ? shown : undefined;
      },
      tree.onDidChangeTreeData,
      40_000,
    );
    assert.equal(healthy.item.label, name);
    assert.equal(healthy.item.contextValue, 'container.running');
    assert.equal(healthy.item.id, `container:primary:${id}`);
    const badge = tree.treeView?.badge;
    assert.ok(badge !== undefined && badge.value >= 1, 'the badge counts running containers');
    assert.match(badge.tooltip, /running container/);
    const resolved = tree.resolveTreeItem(healthy.item, healthy.node);
    assert.ok(resolved.tooltip instanceof vscode.MarkdownString);
    assert.match(resolved.tooltip.value, /healthy/);

    // From here the row changes through events alone; each refresh names that row, not the tree.
    const refreshed: (ExplorerNode | undefined)[] = [];
    const listener = tree.onDidChangeTreeData((node) => refreshed.push(node ?? undefined));
    await client.stopContainer(id, { timeoutSeconds: 2 });
    const stopped = await waitFor(
      `${name} to show as exited`,
      () => {
        const shown = row();
        return shown?.item.contextValue === 'container.exited' ? shown : undefined;
      },
      tree.onDidChangeTreeData,
    );
    assert.equal(iconOf(stopped.item), 'vm-outline');
    listener.dispose();
    assert.equal(stopped.node, healthy.node, 'the same node, updated in place');
    // Containers other suites left behind may change meanwhile; their rows may refresh too, but
    // never the whole tree, and of this container only its own row.
    const ours = refreshed.filter((node) => node === undefined || node.id.includes(id));
    assert.ok(ours.length > 0);
    assert.ok(
      ours.every((node) => node === healthy.node),
      `refreshed: ${refreshed.map((node) => node?.id ?? 'the whole tree').join(', ')}`,
    );
  });

  it('filters the Containers view and shows the seed images by repository with their tags', async () => {
    await useHost(host);
    await connected(api);
    const containers = api.views.trees.containers;
    const images = api.views.trees.images;
    const tagged = await waitFor(
      'the seed image under its repository',
      () => {
        const repo = images.getChildren().find((n) => n.row.label === 'dockwright-seed/plain');
        const tags = repo === undefined ? [] : images.getChildren(repo);
        return tags.length > 0 ? tags : undefined;
      },
      images.onDidChangeTreeData,
    );
    assert.deepEqual(
      tagged.map((n) => [n.row.label, n.row.contextValue, n.id]),
      [['latest', 'image.tag', 'image:primary:dockwright-seed/plain:latest']],
    );

    await containers.setFilter('no-such-container-name');
    try {
      assert.deepEqual(
        allNodes(containers).map((n) => [n.kind, n.row.label]),
        [['message', 'Nothing matches the filter "no-such-container-name".']],
      );
      await containers.setFilter(`  dw-explorer  `);
      assert.equal(containers.filter, 'dw-explorer');
      assert.equal(containers.treeView?.description, 'Filter: dw-explorer');
      const shown = allNodes(containers).filter((n) => n.kind === 'container');
      // The first test's container (stopped, removed after all tests) matches; nothing else does.
      assert.ok(shown.length >= Math.min(1, created.length));
      assert.ok(shown.every((n) => n.row.label.startsWith('dw-explorer')));
    } finally {
      await containers.setFilter('');
    }
    assert.equal(containers.filter, '');
    assert.equal(containers.treeView?.description, undefined);
  });

  it('shows a new volume through events, with its size and users loaded on demand', async () => {
    await useHost(host);
    await connected(api);
    const volumes = api.views.trees.volumes;
    const name = `dw-explorer-${randomBytes(4).toString('hex')}`;
    const docker = (...args: string[]): string =>
      execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8' });
    docker('volume', 'create', name);
    try {
      const row = (): ExplorerNode | undefined =>
        volumes.getChildren().find((n) => n.kind === 'volume' && n.key === name);
      const shown = await waitFor(`volume ${name} to appear`, row, volumes.onDidChangeTreeData);
      assert.equal(shown.row.description, 'local');
      await vscode.commands.executeCommand('dockwright.volumes.loadSizes');
      const loaded = await waitFor(
        'the volume size and users',
        () => (row()?.row.description.includes('0 containers') ? row() : undefined),
        volumes.onDidChangeTreeData,
      );
      assert.match(loaded.row.description, /^local · 0 B · 0 containers$/);
    } finally {
      docker('volume', 'rm', '-f', name);
    }
    await waitFor(
      `volume ${name} to go`,
      () => (volumes.getChildren().some((n) => n.key === name) ? undefined : true),
      volumes.onDidChangeTreeData,
    );
  });

  it('shows one root per daemon when a second daemon is configured', async function () {
    if (host2 === undefined || host2 === '') {
      console.log('  skipped: DOCKWRIGHT_TEST_DOCKER_HOST_2 is not set (the second test daemon)');
      this.skip();
    }
    await useHost(host);
    await connected(api);
    const tree = api.views.trees.containers;
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.additionalEndpoints', [host2], vscode.ConfigurationTarget.Global);
    const roots = await waitFor(
      'two daemon roots, both connected',
      () => {
        const nodes = tree.getChildren();
        return nodes.length === 2 &&
          nodes.every((n) => n.kind === 'daemon' && n.row.contextValue === 'daemon.ready')
          ? nodes
          : undefined;
      },
      tree.onDidChangeTreeData,
    );
    assert.deepEqual(
      roots.map((n) => n.id),
      ['daemon:primary:', `daemon:${host2}:`],
    );
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.additionalEndpoints', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(
      'a single daemon again, without a root level',
      () => (tree.getChildren().every((n) => n.kind !== 'daemon') ? true : undefined),
      tree.onDidChangeTreeData,
    );
  });

  it('shows what failed on the root of an unreachable second daemon, and recovers on its own', async function () {
    if (!host?.startsWith('unix://')) {
      this.skip();
    }
    await useHost(host);
    await connected(api);
    const tree = api.views.trees.containers;
    const dir = mkdtempSync(join(tmpdir(), 'dw-second-'));
    const socket = join(dir, 'docker.sock');
    const entry = `unix://${socket}`;
    const rootOf = (): ExplorerNode | undefined =>
      tree.getChildren().find((n) => n.kind === 'daemon' && n.daemonId === entry);
    try {
      await vscode.workspace
        .getConfiguration('dockwright')
        .update('docker.additionalEndpoints', [entry], vscode.ConfigurationTarget.Global);
      const down = await waitFor(
        'the second daemon to be reported unreachable on its root',
        () => (rootOf()?.row.contextValue === 'daemon.unreachable' ? rootOf() : undefined),
        tree.onDidChangeTreeData,
      );
      const why = tree.getChildren(down);
      assert.equal(why.length, 1);
      assert.equal(why[0]?.kind, 'message');
      assert.match(why[0]?.row.label ?? '', /Docker is not running at/);
      await waitFor(
        'the primary daemon to stay usable beside it',
        () =>
          tree.getChildren().find((n) => n.daemonId === 'primary')?.row.contextValue === 'daemon.ready'
            ? true
            : undefined,
        tree.onDidChangeTreeData,
      );
      // No command from here on: the connection's own retry notices the daemon.
      symlinkSync(host.slice('unix://'.length), socket);
      const up = await waitFor(
        'the second daemon to recover',
        () => (rootOf()?.row.contextValue === 'daemon.ready' ? rootOf() : undefined),
        tree.onDidChangeTreeData,
      );
      assert.equal(up, down, 'the same root, updated in place');
    } finally {
      await vscode.workspace
        .getConfiguration('dockwright')
        .update('docker.additionalEndpoints', undefined, vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns to the welcome state when the daemon stops mid-session, and recovers when it starts again', async function () {
    const unavailable = PrivateDaemon.available();
    if (unavailable !== undefined) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    const daemon = await PrivateDaemon.start();
    try {
      await useHost(daemon.host);
      await waitFor(
        'the connection to the private daemon',
        () =>
          api.connection.state === 'connected' && api.connection.reason === undefined ? true : undefined,
        api.connection.onDidChangeState,
      );
      await daemon.stop();
      // Nothing asks the daemon anything: the broken event stream alone must bring the state over.
      await waitFor(
        'the stopped daemon to be reported unreachable',
        () => (api.connection.state === 'unreachable' ? true : undefined),
        api.connection.onDidChangeState,
      );
      assert.deepEqual(api.views.trees.containers.getChildren(), []);
      await daemon.launch();
      await waitFor(
        'the view to recover on its own',
        () => (api.connection.state === 'connected' ? true : undefined),
        api.connection.onDidChangeState,
      );
    } finally {
      await useHost(host);
      await daemon.destroy();
    }
  });

  it('leaves the Containers view empty for its welcome text when no daemon answers', async () => {
    const { extension } = await activateDockwright();
    const manifest = extension.packageJSON as Manifest & {
      contributes: { viewsWelcome: { view: string; contents: string; when?: string }[] };
    };
    const welcome = manifest.contributes.viewsWelcome.find(
      (w) => w.view === 'dockwright.containers' && w.when === 'dockwright.daemonState == unreachable',
    );
    assert.ok(welcome, 'the Containers view has a welcome for an unreachable daemon');
    assert.match(welcome.contents, /Docker is not reachable/);

    const dir = mkdtempSync(join(tmpdir(), 'dw-none-'));
    try {
      await useHost(`unix://${join(dir, 'docker.sock')}`);
      await waitFor(
        'the missing daemon to be reported',
        () => (api.connection.state === 'unreachable' ? true : undefined),
        api.connection.onDidChangeState,
      );
      const tree = api.views.trees.containers;
      assert.deepEqual(tree.getChildren(), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
