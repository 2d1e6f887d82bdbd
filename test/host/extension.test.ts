// The extension as VS Code loads it: activation, the views in the Docker container, the commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Manifest } from './helpers';
import { activateDockwright } from './helpers';

const viewIds = [
  'containers',
  'compose',
  'images',
  'volumes',
  'networks',
  'swarm',
  'registries',
  'contexts',
].map((name) => `dockwright.${name}`);

describe('Dockwright in VS Code', () => {
  it('activates and returns its API', async () => {
    const { extension, api } = await activateDockwright();
    assert.equal(extension.isActive, true);
    assert.ok(['connecting', 'connected', 'unreachable'].includes(api.connection.state));
    await api.languageServerReady;
  });

  it('contributes its eight views to the Docker activity-bar container', async () => {
    const { extension } = await activateDockwright();
    const manifest = extension.packageJSON as Manifest;
    assert.deepEqual(
      manifest.contributes.views.dockwright?.map((view) => view.id),
      viewIds,
    );
    await vscode.commands.executeCommand('workbench.view.extension.dockwright');
    // Each view's focus command exists only when the workbench registered the view.
    for (const id of viewIds) {
      await vscode.commands.executeCommand(`${id}.focus`);
    }
  });

  it('registers every command it contributes', async () => {
    const { extension } = await activateDockwright();
    const manifest = extension.packageJSON as Manifest;
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0);
    assert.deepEqual(
      contributed.filter((command) => !registered.has(command)),
      [],
      'contributed commands without a handler',
    );
  });
});
