// The Docker connection inside VS Code, against the test daemon of scripts/env.sh.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DaemonState } from '../../src/extension/docker/connection';
import { activateDockwright, waitFor } from './helpers';

describe('Docker connection in VS Code', function () {
  const host = process.env.DOCKWRIGHT_TEST_DOCKER_HOST;

  before(function () {
    if (host === undefined || host === '') {
      console.log(
        '  skipped: DOCKWRIGHT_TEST_DOCKER_HOST is not set (start the test daemon and source its env.sh)',
      );
      this.skip();
    }
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('dockwright')
      .update('docker.host', undefined, vscode.ConfigurationTarget.Global);
  });

  it('connects to the daemon named in dockwright.docker.host', async () => {
    const { api } = await activateDockwright();
    // The change must be seen to start a new attempt, so a connection made before cannot pass.
    const states: DaemonState[] = [];
    const listener = api.connection.onDidChangeState((state) => states.push(state));
    try {
      await vscode.workspace
        .getConfiguration('dockwright')
        .update('docker.host', host, vscode.ConfigurationTarget.Global);
      const outcome = await waitFor(
        `a connection attempt to ${host} to finish`,
        () => {
          const attempt = states.lastIndexOf('connecting');
          const after = attempt >= 0 ? states.slice(attempt + 1) : [];
          return after.find((state) => state !== 'connecting');
        },
        api.connection.onDidChangeState,
      );
      assert.equal(outcome, 'connected', api.connection.reason);
      assert.ok(api.connection.client, 'a connected connection has a client');
      const images = await api.connection.client.listImages();
      assert.ok(images.length > 0, 'the test daemon has its seed images');
    } finally {
      listener.dispose();
    }
  });
  it('recovers on its own when the daemon appears after an outage', async function () {
    if (!host?.startsWith('unix://')) {
      this.skip();
    }
    const { api } = await activateDockwright();
    const dir = mkdtempSync(join(tmpdir(), 'dw-late-'));
    const socket = join(dir, 'docker.sock');
    try {
      await vscode.workspace
        .getConfiguration('dockwright')
        .update('docker.host', `unix://${socket}`, vscode.ConfigurationTarget.Global);
      await waitFor(
        'the missing socket to be reported',
        () => (api.connection.state === 'unreachable' ? true : undefined),
        api.connection.onDidChangeState,
      );
      // No setting changes and no command from here on: only the connection's own retry can notice.
      symlinkSync(host.slice('unix://'.length), socket);
      const state = await waitFor(
        'the connection to recover',
        () => (api.connection.state === 'connected' ? api.connection.state : undefined),
        api.connection.onDidChangeState,
      );
      assert.equal(state, 'connected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
