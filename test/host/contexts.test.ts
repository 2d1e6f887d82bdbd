// The Contexts view inside VS Code: it lists the store's contexts with the one in use marked, and
// "Use for this window" changes only this window, never the CLI's config.json.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { writeContext } from '../../src/extension/docker/contextStore';
import { contextValues } from '../../src/extension/views/contextsTree';
import { activateDockwright } from './helpers';

describe('Contexts view', () => {
  const saved = {
    DOCKER_CONFIG: process.env.DOCKER_CONFIG,
    DOCKER_HOST: process.env.DOCKER_HOST,
    DOCKER_CONTEXT: process.env.DOCKER_CONTEXT,
  };
  let config: string;

  before(async () => {
    config = mkdtempSync(join(tmpdir(), 'dw-host-ctx-'));
    await writeContext(config, {
      name: 'dw-host-a',
      description: 'first',
      host: 'tcp://127.0.0.1:1',
      skipTlsVerify: false,
    });
    await writeContext(config, {
      name: 'dw-host-b',
      description: '',
      host: `unix://${join(config, 'none.sock')}`,
      skipTlsVerify: false,
    });
    writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'dw-host-a' }));
    process.env.DOCKER_CONFIG = config;
    delete process.env.DOCKER_HOST;
    delete process.env.DOCKER_CONTEXT;
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.host', undefined, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
    await vscode.commands.executeCommand('dockwright.contexts.followCli');
    rmSync(config, { recursive: true, force: true });
  });

  it('lists every context and default, marking the one config.json names', async () => {
    const { api } = await activateDockwright();
    const rows = await api.contexts.getChildren();
    assert.deepEqual(
      rows.map((row) => [row.name, row.current]),
      [
        ['default', false],
        ['dw-host-a', true],
        ['dw-host-b', false],
      ],
    );
    const current = api.contexts.getTreeItem(rows[1]);
    assert.equal(current.contextValue, contextValues.current);
    assert.match(String(current.description), /tcp:\/\/127\.0\.0\.1:1 · in use/);
    assert.equal(api.contexts.getTreeItem(rows[2]).contextValue, contextValues.other);
  });

  it('uses a context for this window only, leaving config.json alone', async () => {
    const { api } = await activateDockwright();
    const rows = await api.contexts.getChildren();
    await vscode.commands.executeCommand('dockwright.contexts.use', rows[2]);
    const after = await api.contexts.getChildren();
    assert.deepEqual(
      after.filter((row) => row.current).map((row) => row.name),
      ['dw-host-b'],
    );
    assert.equal(api.connection.endpoint?.context, 'dw-host-b');
    assert.deepEqual(JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')), {
      currentContext: 'dw-host-a',
    });
    await vscode.commands.executeCommand('dockwright.contexts.followCli');
    const back = await api.contexts.getChildren();
    assert.deepEqual(
      back.filter((row) => row.current).map((row) => row.name),
      ['dw-host-a'],
    );
  });

  it('inspects a context as read-only JSON', async () => {
    const { api } = await activateDockwright();
    const rows = await api.contexts.getChildren();
    await vscode.commands.executeCommand('dockwright.contexts.inspect', rows[1]);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor !== undefined);
    assert.equal(editor.document.uri.scheme, 'dockwright-context');
    const json = JSON.parse(editor.document.getText()) as {
      Name: string;
      Metadata: { Description?: string };
    }[];
    assert.equal(json[0]?.Name, 'dw-host-a');
    assert.equal(json[0]?.Metadata.Description, 'first');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

describe('Daemons from dockwright.docker.additionalEndpoints', () => {
  after(async () => {
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.additionalEndpoints', undefined, vscode.ConfigurationTarget.Global);
  });

  it("adds and removes a daemon per entry, keeping this window's first", async () => {
    const { api } = await activateDockwright();
    const extra = `unix://${join(tmpdir(), 'dw-no-daemon.sock')}`;
    const added = new Promise<void>((resolve) => {
      const listener = api.daemons.onDidChange(() => {
        listener.dispose();
        resolve();
      });
    });
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.additionalEndpoints', [extra, extra, ' '], vscode.ConfigurationTarget.Global);
    await added;
    assert.deepEqual(
      api.daemons.all.map((daemon) => daemon.id),
      ['primary', extra],
    );
    assert.equal(api.daemons.primary.connection, api.connection);
    const daemon = api.daemons.all[1];
    if (daemon.connection.state === 'connecting') {
      await new Promise<void>((resolve) => {
        const listener = daemon.connection.onDidChangeState((state) => {
          if (state !== 'connecting') {
            listener.dispose();
            resolve();
          }
        });
      });
    }
    assert.equal(daemon.connection.state, 'unreachable');
    assert.match(daemon.connection.reason ?? '', /Docker is not running at unix:\/\/.*dw-no-daemon\.sock/);
    assert.equal(daemon.label, extra);
    const removed = new Promise<void>((resolve) => {
      const listener = api.daemons.onDidChange(() => {
        listener.dispose();
        resolve();
      });
    });
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.additionalEndpoints', [], vscode.ConfigurationTarget.Global);
    await removed;
    assert.deepEqual(
      api.daemons.all.map((d) => d.id),
      ['primary'],
    );
  });
});
