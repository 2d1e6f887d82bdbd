// The container terminals inside VS Code: Attach Shell from a container's row opens a terminal
// whose shell answers, read through the pseudoterminal the command returns.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ContainerTerminal } from '../../src/extension/commands/containerTerminals';
import type { DockwrightApi } from '../../src/extension/extension';
import type { ExplorerNode } from '../../src/extension/views/explorerNodes';
import type { ExplorerTree } from '../../src/extension/views/explorerTree';
import { connectToTestDaemon, waitFor } from './helpers';

const seed = 'dockwright-seed/plain:latest';

function allNodes(tree: ExplorerTree, parent?: ExplorerNode): ExplorerNode[] {
  return tree.getChildren(parent).flatMap((node) => [node, ...allNodes(tree, node)]);
}

/** Resolves when the text written so far satisfies `check`; rejects after a deadline. */
function written(
  pty: ContainerTerminal['pty'],
  what: string,
  check: (text: string) => boolean,
): {
  done: Promise<string>;
} {
  let text = '';
  const done = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(
        new Error(`Timed out waiting for ${what}; the terminal shows ${JSON.stringify(text.slice(-1000))}`),
      );
    }, 30_000);
    const listener = pty.onDidWrite((data) => {
      text += data;
      if (check(text)) {
        clearTimeout(timer);
        listener.dispose();
        resolve(text);
      }
    });
  });
  return { done };
}

describe('Container terminals in VS Code', function () {
  let api: DockwrightApi;
  let containerId: string | undefined;

  before(async function () {
    ({ api } = await connectToTestDaemon(this));
    await vscode.commands.executeCommand('dockwright.containers.focus');
  });

  after(async () => {
    if (containerId !== undefined) {
      await api.connection.client?.removeContainer(containerId, { force: true }).catch(() => undefined);
    }
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.host', undefined, vscode.ConfigurationTarget.Global);
  });

  it('Attach Shell on a running container opens a terminal that answers echo', async () => {
    const client = api.connection.client;
    assert.ok(client, 'connected to the test daemon');
    const name = `dockwright-host-term-${process.pid}-${Date.now().toString(36)}`;
    containerId = await client.createContainer({
      name,
      Image: seed,
      Labels: { 'dockwright.test': 'host-terminals' },
      HostConfig: { NetworkMode: 'none' },
    });
    await client.startContainer(containerId);
    const id = containerId;
    const tree = api.views.trees.containers;
    const entry = api.views.explorer.entry('primary');
    assert.ok(entry);
    // The row the user right-clicks, once the live model shows the container running.
    const node = await waitFor(
      `a running row for ${name}`,
      () =>
        allNodes(tree).find(
          (n) => n.kind === 'container' && n.key === id && n.row.contextValue === 'container.running',
        ),
      entry.model.onDidChange as vscode.Event<unknown>,
    );

    const opened = await vscode.commands.executeCommand<ContainerTerminal[]>(
      'dockwright.containers.execShell',
      node,
    );
    assert.equal(opened.length, 1);
    const [{ terminal, pty }] = opened as [ContainerTerminal];
    assert.match(terminal.name, new RegExp(name));
    await pty.started;
    const answer = written(pty, 'the echo', (text) => text.includes('answer-42'));
    pty.handleInput('echo "answer-$((6*7))"\r');
    await answer.done;

    const closed = new Promise<vscode.Terminal>((resolve) => {
      const listener = vscode.window.onDidCloseTerminal((t) => {
        if (t === terminal) {
          listener.dispose();
          resolve(t);
        }
      });
    });
    pty.handleInput('exit 0\r');
    const gone = await closed;
    assert.equal(gone.exitStatus?.code, 0, 'the shell’s exit closes the terminal with its code');
  });
});
