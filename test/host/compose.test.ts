// The Compose view inside VS Code: the workspace's project with its services, the profiled one
// not running, and "Up" on the profile starting it through the Compose tool installed here.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { projectOfContainer } from '../../src/extension/compose/composeProjects';
import { detectComposeTool } from '../../src/extension/compose/composeRunner';
import type { DockwrightApi } from '../../src/extension/extension';
import type { ExplorerNode } from '../../src/extension/views/explorerNodes';
import type { ExplorerTree } from '../../src/extension/views/explorerTree';
import { activateDockwright, waitFor } from './helpers';

const project = 'dwhostcompose';

function allNodes(tree: ExplorerTree, parent?: ExplorerNode): ExplorerNode[] {
  return tree.getChildren(parent).flatMap((node) => [node, ...allNodes(tree, node)]);
}

describe('Compose view in VS Code', function () {
  this.timeout(180_000);
  const host = process.env.DOCKWRIGHT_TEST_DOCKER_HOST;
  let api: DockwrightApi;

  before(async function () {
    if (host === undefined || host === '') {
      console.log(
        '  skipped: DOCKWRIGHT_TEST_DOCKER_HOST is not set (start the test daemon and source its env.sh)',
      );
      this.skip();
    }
    if ((await detectComposeTool(process.env)) === undefined) {
      console.log('  skipped: neither `docker compose` nor `docker-compose` is installed (see .ci/run)');
      this.skip();
    }
    api = (await activateDockwright()).api;
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.host', host, vscode.ConfigurationTarget.Global);
    await waitFor(
      'the connection to the test daemon',
      () => (api.connection.state === 'connected' ? true : undefined),
      api.connection.onDidChangeState,
    );
    await vscode.commands.executeCommand('dockwright.compose.focus');
  });

  after(async () => {
    const client = api?.connection.client;
    for (const entry of api?.views.explorer.entries ?? []) {
      for (const c of entry.model.containers().values()) {
        if (projectOfContainer(c) === project)
          await client?.removeContainer(c.id, { force: true }).catch(() => undefined);
      }
    }
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.host', undefined, vscode.ConfigurationTarget.Global);
  });

  it('shows the project with both services, the profiled one not running, and Up on the profile starts it', async () => {
    const tree = api.views.trees.compose;
    const find = (kind: string, key: string): ExplorerNode | undefined =>
      allNodes(tree).find((n) => n.kind === kind && n.key === key);
    const profile = await waitFor(
      'the debug profile of the project in the Compose view',
      () => find('composeProfile', `${project}\ndebug`),
      tree.onDidChangeTreeData,
      30_000,
    );
    const web = find('composeService', `${project}\nweb`);
    const tools = find('composeService', `${project}\ntools`);
    assert.ok(web && tools, 'both services are shown');
    assert.equal(tree.getParent(tools)?.id, profile.id, 'tools sits under its profile');
    assert.match(String(tree.getTreeItem(tools).description), /not running · profile debug/);

    await vscode.commands.executeCommand('dockwright.compose.up', profile);
    const running = await waitFor(
      'tools running under its profile',
      () => {
        const node = find('composeService', `${project}\ntools`);
        return node !== undefined && /^composeService\.running/.test(node.row.contextValue)
          ? node
          : undefined;
      },
      tree.onDidChangeTreeData,
      90_000,
    );
    assert.equal(tree.getChildren(running).filter((n) => n.kind === 'container').length, 1);
    // Up on the profile leaves the service outside it alone.
    assert.match(find('composeService', `${project}\nweb`)?.row.contextValue ?? '', /^composeService\.none/);
  });
});
