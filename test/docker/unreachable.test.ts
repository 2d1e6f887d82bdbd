// Endpoints that cannot serve: the real transport errors, as describeDockerError words them.
// These need no daemon, so they run even when the test environment is not started.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerClient, DockerTimeoutError } from '../../src/extension/docker/client';
import { parseHost } from '../../src/extension/docker/endpoint';
import { describeDockerError } from '../../src/extension/docker/errors';

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => assert.fail('the call succeeded'),
    (err: unknown) => err,
  );
}

describe('Unreachable Docker endpoints', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'dw-'));
  });

  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('says Docker is not running when the socket does not exist', async () => {
    const host = `unix://${join(folder, 'missing.sock')}`;
    const client = await DockerClient.create(parseHost(host, 'setting'), 5_000);
    const err = await failure(() => client.ping());
    assert.equal((err as { code?: string }).code, 'ENOENT');
    assert.equal(
      describeDockerError(err, client.endpoint),
      `Docker is not running at ${host}: the socket does not exist.`,
    );
  });

  it('says the connection was refused when nothing listens on a TCP port', async () => {
    // Bind a loopback port, then close it: nothing listens there afterwards.
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const host = `tcp://127.0.0.1:${port}`;
    const client = await DockerClient.create(parseHost(host, 'setting', {}), 5_000);
    const err = await failure(() => client.version());
    assert.equal((err as { code?: string }).code, 'ECONNREFUSED');
    assert.equal(
      describeDockerError(err, client.endpoint),
      `Docker is not running at ${host}: the connection was refused.`,
    );
  });

  describe('an endpoint that accepts and never answers', () => {
    let server: net.Server;
    const sockets = new Set<net.Socket>();
    let host: string;

    before(async () => {
      const path = join(folder, 'silent.sock');
      server = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, resolve);
      });
      host = `unix://${path}`;
    });

    after(async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('gives up at the deadline and says so', async () => {
      const client = await DockerClient.create(parseHost(host, 'setting'), 300);
      const err = await failure(() => client.ping());
      assert.ok(err instanceof DockerTimeoutError, String(err));
      assert.equal(describeDockerError(err, client.endpoint), `Docker at ${host} did not answer in time.`);
    });

    it("stops waiting when the caller's signal aborts", async () => {
      const client = await DockerClient.create(parseHost(host, 'setting'), 60_000);
      const controller = new AbortController();
      const pending = failure(() => client.listContainers(controller.signal));
      controller.abort();
      const err = await pending;
      assert.ok(!(err instanceof DockerTimeoutError), 'a cancelled call is not a timeout');
      assert.equal((err as { name?: string }).name, 'AbortError', String(err));
    });
  });
});
