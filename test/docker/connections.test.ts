// Connecting over every transport the test environment offers: the unix socket, TCP with TLS (and
// refusals with a wrong CA or no client certificate), SSH through dockerode and through the system
// ssh tunnel, and the second daemon.
import * as assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerClient } from '../../src/extension/docker/client';
import type { DockerEndpoint } from '../../src/extension/docker/endpoint';
import { parseHost } from '../../src/extension/docker/endpoint';
import { describeDockerError } from '../../src/extension/docker/errors';
import { SshTunnel } from '../../src/extension/docker/sshTunnel';
import { callTimeoutMs, requireDaemon, seeds, testClient } from './helpers';

/** The named variables, or a skip that says which are missing. */
function requireEnv(context: Mocha.Context, ...names: string[]): string[] {
  const values = names.map((name) => process.env[name] ?? '');
  const missing = names.filter((_, i) => values[i] === '');
  if (missing.length > 0) {
    console.log(
      `  skipped: ${missing.join(', ')} not set (start the test environment and source its env.sh)`,
    );
    context.skip();
  }
  return values;
}

/** A process that has exited but not yet been reaped. */
function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => assert.fail('the call succeeded'),
    (err: unknown) => err,
  );
}

function tlsEndpoint(host: string, certPath: string): DockerEndpoint {
  return parseHost(host, 'setting', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath });
}

describe('Docker connections', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'dw-conn-'));
  });

  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('reaches the test daemon over its unix socket', async function () {
    const host = requireDaemon(this);
    const client = await testClient(host);
    const version = await client.version();
    assert.match(version.apiVersion, /^1\.\d+$/);
  });

  describe('TCP with TLS', () => {
    it('connects with the CA, client certificate and key from the cert path', async function () {
      const [host, certs] = requireEnv(this, 'DOCKWRIGHT_TEST_TLS_HOST', 'DOCKWRIGHT_TEST_CERTS');
      const client = await DockerClient.create(tlsEndpoint(host, certs), callTimeoutMs);
      const images = await client.listImages();
      assert.ok(images.some((image) => image.repoTags.includes(seeds.plain)));
    });

    it('refuses a server certificate signed by another CA, and says so', async function () {
      const [host, wrong] = requireEnv(this, 'DOCKWRIGHT_TEST_TLS_HOST', 'DOCKWRIGHT_TEST_WRONG_CERTS');
      const client = await DockerClient.create(tlsEndpoint(host, wrong), callTimeoutMs);
      const err = await failure(() => client.ping());
      const message = describeDockerError(err, client.endpoint);
      assert.match(message, /server's certificate/);
      assert.match(message, /CA/);
      assert.ok(message.includes(host), message);
    });

    it('says the daemon refused us when no client certificate is offered', async function () {
      const [host, certs] = requireEnv(this, 'DOCKWRIGHT_TEST_TLS_HOST', 'DOCKWRIGHT_TEST_CERTS');
      const onlyCa = join(folder, 'only-ca');
      rmSync(onlyCa, { recursive: true, force: true });
      mkdirSync(onlyCa, { recursive: true });
      copyFileSync(join(certs, 'ca.pem'), join(onlyCa, 'ca.pem'));
      const client = await DockerClient.create(tlsEndpoint(host, onlyCa), callTimeoutMs);
      const err = await failure(() => client.ping());
      assert.match(describeDockerError(err, client.endpoint), /client certificate/);
    });

    it('says plain HTTP was sent to a TLS port', async function () {
      const [host] = requireEnv(this, 'DOCKWRIGHT_TEST_TLS_HOST');
      const client = await DockerClient.create(parseHost(host, 'setting'), callTimeoutMs);
      const err = await failure(() => client.ping());
      assert.match(describeDockerError(err, client.endpoint), /expects TLS/);
    });
  });

  describe('SSH', () => {
    it('connects with the built-in SSH client and a key', async function () {
      const [host, key, known] = requireEnv(
        this,
        'DOCKWRIGHT_TEST_SSH_HOST',
        'DOCKWRIGHT_TEST_SSH_KEY',
        'DOCKWRIGHT_TEST_SSH_KNOWN_HOSTS',
      );
      const notes: string[] = [];
      const client = await DockerClient.create(parseHost(host, 'setting'), callTimeoutMs, {
        identityFile: key,
        knownHostsFile: known,
        env: {},
        log: (message) => notes.push(message),
      });
      try {
        assert.ok(
          notes.some((note) => note.includes('built-in SSH client')),
          notes.join('\n'),
        );
        const images = await client.listImages();
        assert.ok(images.some((image) => image.repoTags.includes(seeds.plain)));
      } finally {
        client.dispose();
      }
    });

    it('falls back to the system ssh tunnel when the host key is not known to the built-in client', async function () {
      const [host, key, known] = requireEnv(
        this,
        'DOCKWRIGHT_TEST_SSH_HOST',
        'DOCKWRIGHT_TEST_SSH_KEY',
        'DOCKWRIGHT_TEST_SSH_KNOWN_HOSTS',
      );
      // An empty home: the built-in client finds no known_hosts entry; ssh gets the test file.
      const home = join(folder, 'home');
      mkdirSync(home, { recursive: true });
      const notes: string[] = [];
      const endpoint = parseHost(host, 'setting');
      const builtIn = await failure(() =>
        DockerClient.create(endpoint, callTimeoutMs, {
          identityFile: key,
          home,
          env: {},
          sshPath: join(folder, 'no-ssh-here'),
        }),
      );
      assert.match(describeDockerError(builtIn, endpoint), /ssh/i);
      const client = await DockerClient.create(endpoint, callTimeoutMs, {
        identityFile: key,
        home,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
        knownHostsFile: known,
        sshTunnel: 'always',
        log: (message) => notes.push(message),
      });
      try {
        assert.ok(
          notes.some((note) => note.includes('dial-stdio')),
          notes.join('\n'),
        );
        const [images, containers] = await Promise.all([client.listImages(), client.listContainers()]);
        assert.ok(images.some((image) => image.repoTags.includes(seeds.plain)));
        assert.ok(Array.isArray(containers));
      } finally {
        client.dispose();
      }
    });

    it('words a refused key and an unknown host key through the tunnel', async function () {
      const [host, known] = requireEnv(this, 'DOCKWRIGHT_TEST_SSH_HOST', 'DOCKWRIGHT_TEST_SSH_KNOWN_HOSTS');
      const endpoint = parseHost(host, 'setting');
      const home = join(folder, 'home-keys');
      mkdirSync(home, { recursive: true });
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
      // A key the server never authorised.
      const stranger = join(folder, 'stranger');
      const { execFileSync } = await import('node:child_process');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
      const refused = await failure(() =>
        DockerClient.create(endpoint, callTimeoutMs, {
          identityFile: stranger,
          knownHostsFile: known,
          home,
          env,
          sshTunnel: 'always',
        }),
      );
      assert.match(describeDockerError(refused, endpoint), /refused the login/);
      const emptyKnown = join(folder, 'known_hosts_empty');
      writeFileSync(emptyKnown, '');
      const unknownHost = await failure(() =>
        DockerClient.create(endpoint, callTimeoutMs, {
          identityFile: stranger,
          knownHostsFile: emptyKnown,
          home,
          env,
          sshTunnel: 'always',
        }),
      );
      assert.match(describeDockerError(unknownHost, endpoint), /host key/);
    });
  });

  it("stops the tunnel's ssh processes and removes its socket when disposed", async function () {
    const [host, key, known] = requireEnv(
      this,
      'DOCKWRIGHT_TEST_SSH_HOST',
      'DOCKWRIGHT_TEST_SSH_KEY',
      'DOCKWRIGHT_TEST_SSH_KNOWN_HOSTS',
    );
    const endpoint = parseHost(host, 'setting');
    assert.equal(endpoint.kind, 'ssh');
    if (endpoint.kind !== 'ssh') return;
    const tunnel = await SshTunnel.open(endpoint, {
      sshPath: 'ssh',
      identityFile: key,
      knownHostsFile: known,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: folder },
    });
    // A long-lived request (the event stream) keeps one ssh process running.
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ socketPath: tunnel.socketPath, path: '/events' }, resolve).on('error', reject);
    });
    response.on('error', () => undefined);
    assert.equal(response.statusCode, 200);
    const pids = tunnel.pids;
    assert.equal(pids.length, 1);
    assert.ok(existsSync(`/proc/${pids[0]}`));
    tunnel.dispose();
    const deadline = Date.now() + callTimeoutMs;
    while (
      pids.some((pid) => existsSync(`/proc/${pid}`) && !isZombie(pid)) ||
      existsSync(tunnel.socketPath)
    ) {
      assert.ok(Date.now() < deadline, 'the ssh process or the socket outlived dispose()');
      await new Promise((resolve) => setImmediate(resolve));
    }
  });

  it('cancels a call whose signal has already fired', async function () {
    const host = requireDaemon(this);
    const client = await testClient(host);
    const err = await failure(() => client.ping(AbortSignal.abort()));
    assert.equal((err as Error).name, 'AbortError');
  });

  it('reaches the second, independent daemon', async function () {
    const host = requireDaemon(this);
    const [second] = requireEnv(this, 'DOCKWRIGHT_TEST_DOCKER_HOST_2');
    const [one, two] = await Promise.all([testClient(host), testClient(second)]);
    const [first, other] = await Promise.all([one.listImages(), two.listImages()]);
    assert.ok(first.some((image) => image.repoTags.includes(seeds.plain)));
    assert.ok(!other.some((image) => image.repoTags.includes(seeds.plain)));
  });
});
