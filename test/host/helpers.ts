// Shared by the in-host tests: the extension under test and waiting on VS Code events.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DockerClient } from '../../src/extension/docker/client';
import type { DockwrightApi } from '../../src/extension/extension';

export const extensionId = 'dockwright.dockwright';

/** The parts of the manifest the tests read. */
export interface Manifest {
  contributes: {
    views: Record<string, { id: string; name: string }[]>;
    commands: { command: string }[];
  };
}

/** The extension under test, activated; its API is what activate() returned. */
export async function activateDockwright(): Promise<{
  extension: vscode.Extension<DockwrightApi>;
  api: DockwrightApi;
}> {
  const extension = vscode.extensions.getExtension<DockwrightApi>(extensionId);
  assert.ok(extension, `${extensionId} is not installed in this host`);
  const api = await extension.activate();
  return { extension, api };
}

/**
 * Resolves with the first defined value of `check`, tested now and after every `event`; rejects
 * after `timeoutMs` naming what did not happen.
 */
export function waitFor<T>(
  what: string,
  check: () => T | undefined,
  event: vscode.Event<unknown>,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const now = check();
    if (now !== undefined) {
      resolve(now);
      return;
    }
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}`));
    }, timeoutMs);
    const listener = event(() => {
      const value = check();
      if (value !== undefined) {
        clearTimeout(timer);
        listener.dispose();
        resolve(value);
      }
    });
  });
}

/** A diagnostic's code as a string, whichever of its two shapes it has. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

type Window = typeof vscode.window;

/** Replaces one window function (a quick pick, an input box, a modal) for the duration of `body`. */
export async function stubbed<K extends keyof Window, T>(
  key: K,
  stub: Window[K],
  body: () => Promise<T>,
): Promise<T> {
  const window: Window = vscode.window;
  const original = window[key];
  window[key] = stub;
  try {
    return await body();
  } finally {
    window[key] = original;
  }
}

/**
 * Points this window at the test daemon (the `dockwright.docker.host` setting) and resolves once
 * the connection to it is up.
 */
export async function useTestDaemon(api: DockwrightApi, host: string): Promise<void> {
  await vscode.workspace
    .getConfiguration('dockwright')
    .update('docker.host', host, vscode.ConfigurationTarget.Global);
  const socket = host.replace(/^unix:\/\//, '');
  await waitFor(
    'the connection to the test daemon',
    () => {
      const endpoint = api.connection.endpoint;
      const here = endpoint?.kind === 'unix' ? endpoint.socketPath === socket : endpoint?.display === host;
      return api.connection.state === 'connected' && here ? true : undefined;
    },
    api.connection.onDidChangeState,
  );
}

/**
 * Calls `ask` until it gives a value (for answers that come from no event, such as a provider
 * command), shortly after each miss, up to a deadline.
 */
export async function poll<T>(
  what: string,
  ask: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await ask();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * For a suite that needs the test daemon: skips it (saying why) when DOCKWRIGHT_TEST_DOCKER_HOST
 * is not set, else activates Dockwright, connects it to that daemon and returns its client.
 */
export async function connectToTestDaemon(
  context: Mocha.Context,
): Promise<{ api: DockwrightApi; client: DockerClient; host: string }> {
  const host = process.env.DOCKWRIGHT_TEST_DOCKER_HOST;
  if (host === undefined || host === '') {
    console.log(
      '  skipped: DOCKWRIGHT_TEST_DOCKER_HOST is not set (start the test daemon and source its env.sh)',
    );
    context.skip();
  }
  const api = (await activateDockwright()).api;
  await useTestDaemon(api, host);
  const client = api.connection.client;
  assert.ok(client, 'connected to the test daemon');
  return { api, client, host };
}
