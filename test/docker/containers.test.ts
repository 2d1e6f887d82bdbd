// A container's life on the test daemon through DockerClient: create, start, stop, remove, and the
// Engine's refusals turned into sentences by describeDockerError.
import * as assert from 'node:assert/strict';
import type { DockerClient } from '../../src/extension/docker/client';
import { describeDockerError } from '../../src/extension/docker/errors';
import { requireDaemon, seeds, testClient } from './helpers';

describe('Docker containers (test daemon)', function () {
  let client: DockerClient;
  const created: string[] = [];

  before(async function () {
    client = await testClient(requireDaemon(this));
  });

  // Removes what a test created, whether it passed or not.
  afterEach(async () => {
    const ids = created.splice(0);
    const results = await Promise.allSettled(ids.map((id) => client.removeContainer(id, { force: true })));
    const failed = results.filter(
      (result): result is PromiseRejectedResult =>
        result.status === 'rejected' && (result.reason as { statusCode?: number }).statusCode !== 404,
    );
    assert.deepEqual(
      failed.map((result) => String(result.reason)),
      [],
      'test containers could not be removed',
    );
  });

  async function createPlain(labels: Record<string, string> = {}): Promise<{ id: string; name: string }> {
    const name = `dockwright-test-${process.pid}-${Date.now().toString(36)}-${created.length}`;
    const id = await client.createContainer({
      name,
      Image: seeds.plain,
      Labels: { 'dockwright.test': 'docker-layer', ...labels },
      HostConfig: { NetworkMode: 'none' },
    });
    created.push(id);
    return { id, name };
  }

  async function find(id: string) {
    return (await client.listContainers()).find((container) => container.id === id);
  }

  it('creates, starts, stops and removes a container', async () => {
    const { id, name } = await createPlain({ purpose: 'lifecycle' });
    assert.match(id, /^[0-9a-f]{64}$/);

    const fresh = await find(id);
    assert.ok(fresh, 'a created container is listed');
    assert.equal(fresh.state, 'created');
    assert.equal(fresh.name, name, 'the leading "/" of the Engine name is dropped');
    assert.equal(fresh.image, seeds.plain);
    assert.equal(fresh.labels.purpose, 'lifecycle');
    assert.equal(fresh.labels['dockwright.test'], 'docker-layer');
    assert.ok(fresh.created > 1_500_000_000);

    await client.startContainer(id);
    const running = await find(id);
    assert.equal(running?.state, 'running');
    assert.match(running?.status ?? '', /^Up /);
    assert.deepEqual(running?.ports, [], 'a container without a network publishes nothing');

    // Starting again is not an error: the Engine's 304 means there is nothing to do.
    await client.startContainer(id);

    await client.stopContainer(id, { timeoutSeconds: 5 });
    const stopped = await find(id);
    assert.equal(stopped?.state, 'exited');
    // The seed traps TERM and exits 0, so it did not need the SIGKILL after the timeout.
    assert.match(stopped?.status ?? '', /^Exited \(0\)/);
    await client.stopContainer(id, { timeoutSeconds: 5 });

    await client.removeContainer(id);
    assert.equal(await find(id), undefined, 'a removed container is no longer listed');
  });

  it('refuses to remove a running container without force, in words', async () => {
    const { id } = await createPlain();
    await client.startContainer(id);
    const refusal = await client.removeContainer(id).then(
      () => assert.fail('a running container was removed without force'),
      (err: unknown) => err,
    );
    assert.equal((refusal as { statusCode?: number }).statusCode, 409);
    assert.match(describeDockerError(refusal, client.endpoint), /^Conflict: .*running container/i);

    await client.removeContainer(id, { force: true });
    assert.equal(await find(id), undefined);
  });

  it('reports a container that does not exist as not found', async () => {
    const missing = 'dockwright-test-no-such-container';
    const err = await client.startContainer(missing).then(
      () => assert.fail('a missing container was started'),
      (error: unknown) => error,
    );
    assert.equal((err as { statusCode?: number }).statusCode, 404);
    assert.match(describeDockerError(err, client.endpoint), /^Not found: .*no such container/i);
  });
});
