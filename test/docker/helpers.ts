// What the docker layer shares: the test environment started by scripts/env.sh, a client for it,
// and requests to its registries (loopback only).
import { execFileSync } from 'node:child_process';
import { DockerClient } from '../../src/extension/docker/client';
import type { DaemonModel } from '../../src/extension/docker/daemonModel';
import type { ConnectionLike, ModelClient } from '../../src/extension/docker/refreshManager';
import type { Disposable } from '../../src/extension/docker/emitter';
import { parseHost } from '../../src/extension/docker/endpoint';
import { statusCode } from '../../src/extension/docker/errors';
import { PrivateDaemon } from './privateDaemon';

/** Per-call deadline for the test client; the layer's mocha timeout is far above it. */
export const callTimeoutMs = 15_000;

const hint = 'start the test environment with `bash scripts/env.sh start` and source its env.sh';

/** The test daemon's host (`unix://…`), or undefined when the environment is not started. */
export function testDockerHost(): string | undefined {
  const host = process.env.DOCKWRIGHT_TEST_DOCKER_HOST;
  return host === undefined || host === '' ? undefined : host;
}

/** Skips the calling suite, saying why, when the test daemon is not configured. */
export function requireDaemon(context: Mocha.Context): string {
  const host = testDockerHost();
  if (host === undefined) {
    console.log(`  skipped: DOCKWRIGHT_TEST_DOCKER_HOST is not set (${hint})`);
    context.skip();
  }
  return host;
}

/** Whether the daemon has the object: false on 404, any other failure thrown. */
export async function exists(
  client: DockerClient,
  type: 'container' | 'image' | 'volume' | 'network',
  id: string,
): Promise<boolean> {
  try {
    await client.inspectRaw(type, id);
    return true;
  } catch (err) {
    if (statusCode(err) === 404) {
      return false;
    }
    throw err;
  }
}

/** A client for the test daemon through the project's own endpoint parsing. */
export async function testClient(host: string): Promise<DockerClient> {
  return DockerClient.create(parseHost(host, 'setting'), callTimeoutMs);
}

/** The test registries, as scripts/env.sh announces them. */
export interface TestRegistries {
  auth: string;
  user: string;
  password: string;
  open: string;
}

/** Skips the calling suite, saying why, when the test registries are not configured. */
export function requireRegistries(context: Mocha.Context): TestRegistries {
  const env = process.env;
  const registries = {
    auth: env.DOCKWRIGHT_TEST_REGISTRY ?? '',
    user: env.DOCKWRIGHT_TEST_REGISTRY_USER ?? '',
    password: env.DOCKWRIGHT_TEST_REGISTRY_PASSWORD ?? '',
    open: env.DOCKWRIGHT_TEST_REGISTRY_OPEN ?? '',
  };
  if (Object.values(registries).some((value) => value === '')) {
    console.log(`  skipped: the DOCKWRIGHT_TEST_REGISTRY* variables are not set (${hint})`);
    context.skip();
  }
  return registries;
}

/** The token-auth registry and its token server, as scripts/env.sh announces them. */
export interface TestTokenRegistry {
  host: string;
  realm: string;
  service: string;
  user: string;
  password: string;
  /** An identity the token server grants pull only. */
  reader: string;
  readerPassword: string;
}

/** Skips the calling suite, saying why, when the token-auth registry is not configured. */
export function requireTokenRegistry(context: Mocha.Context): TestTokenRegistry {
  const env = process.env;
  const registry = {
    host: env.DOCKWRIGHT_TEST_REGISTRY_TOKEN ?? '',
    realm: env.DOCKWRIGHT_TEST_REGISTRY_TOKEN_REALM ?? '',
    service: env.DOCKWRIGHT_TEST_REGISTRY_TOKEN_SERVICE ?? '',
    user: env.DOCKWRIGHT_TEST_REGISTRY_TOKEN_USER ?? '',
    password: env.DOCKWRIGHT_TEST_REGISTRY_TOKEN_PASSWORD ?? '',
    reader: env.DOCKWRIGHT_TEST_REGISTRY_TOKEN_READER ?? '',
    readerPassword: env.DOCKWRIGHT_TEST_REGISTRY_TOKEN_READER_PASSWORD ?? '',
  };
  if (Object.values(registry).some((value) => value === '')) {
    console.log(`  skipped: the DOCKWRIGHT_TEST_REGISTRY_TOKEN* variables are not set (${hint})`);
    context.skip();
  }
  return registry;
}

/**
 * GETs a path from a registry over plain HTTP. Refuses anything but a loopback address, so a
 * misconfigured environment can never send the tests to the network.
 */
export async function registryGet(
  registry: string,
  path: string,
  credentials?: { user: string; password: string },
): Promise<Response> {
  const url = new URL(`http://${registry}${path}`);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`refusing to contact ${url.host}: the tests use loopback registries only`);
  }
  const headers: Record<string, string> = {};
  if (credentials !== undefined) {
    const token = Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64');
    headers.authorization = `Basic ${token}`;
  }
  return fetch(url, { headers, signal: AbortSignal.timeout(callTimeoutMs) });
}

/** Runs the docker CLI against the test daemon with a configuration folder of the test's own. */
export function dockerCli(host: string, configDir: string, args: string[], input?: string): string {
  return execFileSync('docker', ['-H', host, '--config', configDir, ...args], {
    encoding: 'utf8',
    input,
    timeout: callTimeoutMs * 4,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** The names of the seed images built by scripts/env.sh. */
export const seeds = {
  plain: 'dockwright-seed/plain:latest',
  service: 'dockwright-seed/service:latest',
};

/**
 * Resolves once `done()` holds, checking it again after every change of the model (objects or
 * state); rejects at the deadline saying what was awaited.
 */
export function until(
  model: DaemonModel,
  done: () => boolean,
  what: string,
  deadlineMs = 15_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (done()) {
      resolve();
      return;
    }
    const subscriptions: Disposable[] = [];
    const timer = setTimeout(() => {
      subscriptions.forEach((s) => s.dispose());
      reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what} (model ${model.state})`));
    }, deadlineMs);
    const check = (): void => {
      if (!done()) return;
      clearTimeout(timer);
      subscriptions.forEach((s) => s.dispose());
      resolve();
    };
    subscriptions.push(model.onDidChange(check), model.onDidChangeState(check));
  });
}

/** A connection that is always connected to one client (for a refresh manager under test). */
export function fixedConnection(client: ModelClient): ConnectionLike {
  return { client, state: 'connected', onDidChangeState: (): Disposable => ({ dispose: () => undefined }) };
}

/**
 * A private dockerd for a suite that changes a whole daemon (swarm, system prune), with the plain
 * seed image copied in from the shared test daemon; the suite is skipped when either is missing.
 * Stop the daemon (and dispose the client) in the suite's `after`.
 */
export async function seededPrivateDaemon(
  context: Mocha.Context,
): Promise<{ daemon: PrivateDaemon; client: DockerClient }> {
  const host = requireDaemon(context);
  const unavailable = PrivateDaemon.available();
  if (unavailable !== undefined) {
    console.log(`  skipped: ${unavailable}`);
    context.skip();
  }
  const daemon = await PrivateDaemon.start();
  const client = await DockerClient.create(parseHost(daemon.host, 'setting'), callTimeoutMs);
  const shared = await testClient(host);
  try {
    await client.loadImages(await shared.saveImages([seeds.plain]));
  } finally {
    shared.dispose();
  }
  return { daemon, client };
}
