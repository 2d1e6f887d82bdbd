// Image actions as a person meets them in VS Code: right-click → Run on the seed image creates a
// running container with what was answered; Run Interactive opens a terminal attached to the new
// container whose shell answers; removing an image asks in a modal, and Cancel keeps it.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { DockerClient } from '../../src/extension/docker/client';
import type { DockwrightApi } from '../../src/extension/extension';
import type { EnginePty } from '../../src/extension/terminals/enginePty';
import type { ExplorerNode } from '../../src/extension/views/explorerNodes';
import { connectToTestDaemon, stubbed, waitFor } from './helpers';

type Window = typeof vscode.window;

/** The answers the Run flow's input boxes get, by the step named in their title. */
function inputs(answers: Record<string, string>): Window['showInputBox'] {
  return (options?: vscode.InputBoxOptions) => {
    const step = Object.keys(answers).find((key) => options?.title?.endsWith(`: ${key}`) === true);
    return Promise.resolve(step !== undefined ? answers[step] : '');
  };
}

/** Quick picks of the Run flow: fresh options, the `none` network, no flags. */
const picks = ((items: readonly vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => {
  if (options?.canPickMany === true) {
    return Promise.resolve([]);
  }
  const fresh = items.find((item) => item.label.includes('Choose the options'));
  const none = items.find((item) => item.label === 'none');
  return Promise.resolve(fresh ?? (options?.placeHolder?.endsWith(': network') === true ? none : undefined));
}) as unknown as Window['showQuickPick'];

describe('Image actions in VS Code', function () {
  const run = randomBytes(3).toString('hex');
  const containers: string[] = [];
  const tags: string[] = [];
  let api: DockwrightApi;
  let client: DockerClient;

  before(async function () {
    ({ api, client } = await connectToTestDaemon(this));
    await vscode.commands.executeCommand('dockwright.images.focus');
  });

  after(async () => {
    for (const id of containers) {
      await client?.removeContainer(id, { force: true }).catch(() => undefined);
    }
    for (const tag of tags) {
      await client?.removeImage(tag).catch(() => undefined);
    }
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.host', undefined, vscode.ConfigurationTarget.Global);
  });

  /** The row of one image tag in the Images view, once the view shows it. */
  function tagNode(reference: string): Promise<ExplorerNode> {
    const images = api.views.trees.images;
    const repository = reference.slice(0, reference.lastIndexOf(':'));
    return waitFor(
      `${reference} in the Images view`,
      () => {
        const repo = images.getChildren().find((n) => n.row.label === repository);
        return repo === undefined
          ? undefined
          : images.getChildren(repo).find((n) => n.kind === 'image' && n.key === reference);
      },
      images.onDidChangeTreeData,
    );
  }

  it('right-click → Run on the seed image creates a running container with the answers given', async () => {
    const node = await tagNode('dockwright-seed/plain:latest');
    const name = `dw-host-run-${run}`;
    const id = await stubbed('showInputBox', inputs({ name, environment: 'GREETING=hi' }), () =>
      stubbed('showQuickPick', picks, () =>
        Promise.resolve(vscode.commands.executeCommand<string | undefined>('dockwright.images.run', node)),
      ),
    );
    assert.ok(id !== undefined, 'a container was run');
    containers.push(id);
    const raw = (await client.inspectRaw('container', id)) as {
      Name: string;
      State: { Status: string };
      Config: { Env: string[]; Image: string };
      HostConfig: { NetworkMode: string };
    };
    assert.equal(raw.Name, `/${name}`);
    assert.equal(raw.State.Status, 'running');
    assert.equal(raw.Config.Image, 'dockwright-seed/plain:latest');
    assert.ok(raw.Config.Env.includes('GREETING=hi'));
    assert.equal(raw.HostConfig.NetworkMode, 'none');
  });

  it('Run Interactive opens a terminal attached to the new container, whose shell answers echo', async () => {
    const node = await tagNode('dockwright-seed/plain:latest');
    const name = `dw-host-runi-${run}`;
    const opened = new Promise<vscode.Terminal>((resolve) => {
      const listener = vscode.window.onDidOpenTerminal((terminal) => {
        if (terminal.name.includes(name)) {
          listener.dispose();
          resolve(terminal);
        }
      });
    });
    const id = await stubbed('showInputBox', inputs({ name, command: 'sh' }), () =>
      stubbed('showQuickPick', picks, () =>
        Promise.resolve(
          vscode.commands.executeCommand<string | undefined>('dockwright.images.runInteractive', node),
        ),
      ),
    );
    assert.ok(id !== undefined);
    containers.push(id);
    const process = await client.containerProcess(id);
    assert.equal(process?.tty, true);
    assert.equal(process?.openStdin, true);

    const terminal = await opened;
    assert.equal(terminal.name, `Attach: ${name}`);
    const pty = (terminal.creationOptions as vscode.ExtensionTerminalOptions).pty as EnginePty;
    await pty.started;
    let text = '';
    const answered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer; the terminal shows ${JSON.stringify(text.slice(-500))}`)),
        30_000,
      );
      pty.onDidWrite((data) => {
        text += data;
        if (text.includes('answer-42')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    pty.handleInput('echo "answer-$((6*7))"\r');
    await answered;
    terminal.dispose();
  });

  it('asks in a modal naming the image before removing it; Cancel keeps it', async () => {
    const repository = `dw-host-img-${run}`;
    await client.tagImage('dockwright-seed/plain:latest', repository, 'latest');
    tags.push(`${repository}:latest`);
    const node = await tagNode(`${repository}:latest`);
    const asked: { message: string; modal: boolean }[] = [];
    const cancel = ((message: string, options: vscode.MessageOptions) => {
      asked.push({ message, modal: options.modal === true });
      return Promise.resolve(undefined);
    }) as unknown as Window['showWarningMessage'];
    await stubbed('showWarningMessage', cancel, () =>
      Promise.resolve(vscode.commands.executeCommand('dockwright.images.remove', node)),
    );
    assert.equal(asked.length, 1);
    assert.equal(asked[0]?.modal, true);
    assert.match(asked[0]?.message ?? '', new RegExp(`${repository}:latest`));
    assert.ok((await client.inspectImage(`${repository}:latest`)) !== undefined, 'Cancel removes nothing');
  });
});
