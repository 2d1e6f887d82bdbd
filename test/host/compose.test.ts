// The Compose view inside VS Code: with no Compose tool on the PATH, Up says so and changes
// nothing; the workspace's project with its services, the profiled one not running, and "Up" on
// the profile starting it, and nothing else, through the Compose tool installed here; then the jumps between the two: a container to its service in the compose file,
// a service's CodeLens in the file to its row in the view.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { projectOfContainer, serviceOfContainer } from '../../src/extension/compose/composeProjects';
import { detectComposeTool } from '../../src/extension/compose/composeRunner';
import type { DockwrightApi } from '../../src/extension/extension';
import type { ExplorerNode } from '../../src/extension/views/explorerNodes';
import type { ExplorerTree } from '../../src/extension/views/explorerTree';
import { connectToTestDaemon, poll, stubbed, waitFor } from './helpers';

const project = 'dwhostcompose';

/** The project's compose file in the test workspace. */
function composeFile(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host tests open a workspace folder');
  return path.join(folder.uri.fsPath, project, 'compose.yaml');
}

function allNodes(tree: ExplorerTree, parent?: ExplorerNode): ExplorerNode[] {
  return tree.getChildren(parent).flatMap((node) => [node, ...allNodes(tree, node)]);
}

describe('Compose view in VS Code', function () {
  this.timeout(180_000);
  let api: DockwrightApi;

  before(async function () {
    if ((await detectComposeTool(process.env)) === undefined) {
      console.log('  skipped: neither `docker compose` nor `docker-compose` is installed (see .ci/run)');
      this.skip();
    }
    api = (await connectToTestDaemon(this)).api;
    await vscode.commands.executeCommand('dockwright.compose.focus');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
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

  const find = (kind: string, key: string): ExplorerNode | undefined =>
    allNodes(api.views.trees.compose).find((n) => n.kind === kind && n.key === key);

  const debugProfile = (): Promise<ExplorerNode> =>
    waitFor(
      'the debug profile of the project in the Compose view',
      () => find('composeProfile', `${project}\ndebug`),
      api.views.trees.compose.onDidChangeTreeData,
      30_000,
    );
  const projectOnDaemon = async (): Promise<(string | undefined)[][]> =>
    (await api.connection.client!.listContainers())
      .filter((c) => projectOfContainer(c) === project)
      .map((c) => [serviceOfContainer(c), c.state]);

  it('says clearly that no Compose tool runs, and changes nothing', async () => {
    const profile = await debugProfile();
    const emptyDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dw-no-compose-'));
    const savedPath = process.env.PATH;
    const errors: string[] = [];
    const record = ((message: string) => {
      errors.push(message);
      return Promise.resolve(undefined);
    }) as typeof vscode.window.showErrorMessage;
    process.env.PATH = emptyDir;
    try {
      await stubbed('showErrorMessage', record, async () => {
        await vscode.commands.executeCommand('dockwright.compose.up', profile);
        // A tool found earlier is looked for again once it fails to start.
        if (errors.length === 1 && errors[0]?.startsWith('Could not run')) {
          await vscode.commands.executeCommand('dockwright.compose.up', profile);
        }
      });
    } finally {
      process.env.PATH = savedPath;
      await fs.rm(emptyDir, { recursive: true, force: true });
    }
    assert.match(
      errors.at(-1) ?? '',
      /^Docker Compose was not found: neither "docker compose" .* nor "docker-compose" .* runs on this machine\./,
    );
    assert.deepEqual(await projectOnDaemon(), []);
  });

  it('shows the project with both services, the profiled one not running, and Up on the profile starts it', async () => {
    const tree = api.views.trees.compose;
    const profile = await debugProfile();
    const web = find('composeService', `${project}\nweb`);
    const tools = find('composeService', `${project}\ntools`);
    assert.ok(web && tools, 'both services are shown');
    assert.equal(tree.getParent(tools)?.id, profile.id, 'tools sits under its profile');
    assert.match(String(tree.getTreeItem(tools).description), /not running · profile debug/);

    await vscode.commands.executeCommand('dockwright.compose.up', profile);
    // The command returns when Compose has: the daemon holds the profile's service and no other
    // (`--profile debug up` without naming it would have started web too).
    assert.deepEqual(await projectOnDaemon(), [['tools', 'running']]);
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

  it('opens the compose file at the service of a container', async () => {
    const service = find('composeService', `${project}\ntools`);
    const container =
      service && api.views.trees.compose.getChildren(service).find((n) => n.kind === 'container');
    assert.ok(container, 'the container of tools, started by the previous test');
    await vscode.commands.executeCommand('dockwright.compose.openFile', container);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is open');
    assert.equal(editor.document.uri.fsPath, composeFile());
    assert.equal(editor.document.getText(editor.selection), 'tools');
  });

  it("reveals a service's row in the view from its CodeLens in the compose file", async () => {
    const uri = vscode.Uri.file(composeFile());
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lens = await poll('the running count over tools', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
      );
      return lenses.find(
        (l) =>
          l.command?.command === 'dockwright.compose.revealService' &&
          l.command.title === '1 container running' &&
          (l.command.arguments?.[0] as { service?: string } | undefined)?.service === 'tools',
      );
    });
    const tree = api.views.trees.compose;
    const view = tree.treeView;
    assert.ok(view && lens.command);
    await vscode.commands.executeCommand(
      lens.command.command,
      ...((lens.command.arguments ?? []) as unknown[]),
    );
    const selected = await waitFor(
      'the tools row selected',
      () => view.selection.find((n) => n.kind === 'composeService'),
      view.onDidChangeSelection,
    );
    assert.equal(selected.key, `${project}\ntools`);
  });

  it("stops the whole project from the compose file's menu", async () => {
    assert.deepEqual(await projectOnDaemon(), [['tools', 'running']], 'tools runs from the earlier test');
    // The editor title and the explorer context menu pass the file's Uri.
    await vscode.commands.executeCommand('dockwright.compose.stop', vscode.Uri.file(composeFile()));
    assert.deepEqual(await projectOnDaemon(), [['tools', 'exited']]);
  });
});
