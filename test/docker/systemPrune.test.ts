// System prune on a dockerd of the test's own (a prune without filters would reach every other
// test's objects on the shared daemon): what the confirmation counts before asking is exactly what
// the prune then removes, volumes only when chosen, and what is running or used stays.
import * as assert from 'node:assert/strict';
import type { DockerClient } from '../../src/extension/docker/client';
import type { PruneKind, PruneStep } from '../../src/extension/docker/systemPrune';
import { pruneSystem, removedCount, systemPruneScope } from '../../src/extension/docker/systemPrune';
import { exists as objectExists, seededPrivateDaemon, seeds } from './helpers';
import type { PrivateDaemon } from './privateDaemon';

describe('System prune (private daemon)', function () {
  this.timeout(120_000);
  let daemon: PrivateDaemon | undefined;
  let client: DockerClient;
  let apiVersion = '';

  before(async function () {
    this.timeout(180_000);
    ({ daemon, client } = await seededPrivateDaemon(this));
    apiVersion = (await client.version()).apiVersion;
  });

  after(async function () {
    this.timeout(120_000);
    client?.dispose();
    await daemon?.destroy();
  });

  const exists = (type: 'container' | 'image' | 'volume' | 'network', id: string): Promise<boolean> =>
    objectExists(client, type, id);

  async function scope(): Promise<ReturnType<typeof systemPruneScope>> {
    const [containers, images, networks, volumes] = await Promise.all([
      client.listContainers(),
      client.listImages(),
      client.listNetworks(),
      client.listVolumes(),
    ]);
    return systemPruneScope(containers, images, networks, volumes);
  }

  const step = (steps: readonly PruneStep[], kind: PruneKind): PruneStep | undefined =>
    steps.find((s) => s.kind === kind);

  it('removes what it counted before asking, volumes only when chosen, nothing running or used', async () => {
    // Internal networks: nothing here has a route off this host.
    const used = await client.createNetwork({ name: 'dw-prune-used', internal: true });
    const orphaned = await client.createNetwork({ name: 'dw-prune-orphaned', internal: true });
    const spare = await client.createNetwork({ name: 'dw-prune-spare', internal: true });
    await client.createVolume({ name: 'dw-prune-kept' });
    await client.createVolume({ name: 'dw-prune-freed' });
    await client.createVolume({ name: 'dw-prune-spare' });
    const volumeAt = (name: string) => [{ Type: 'volume' as const, Source: name, Target: '/data' }];

    const running = await client.createContainer({
      name: 'dw-prune-running',
      Image: seeds.plain,
      HostConfig: { NetworkMode: 'dw-prune-used', Mounts: volumeAt('dw-prune-kept') },
    });
    await client.startContainer(running);
    // A stopped container holds a network and a volume that become unused once it goes.
    const stopped = await client.createContainer({
      name: 'dw-prune-stopped',
      Image: seeds.plain,
      HostConfig: { NetworkMode: 'dw-prune-orphaned', Mounts: volumeAt('dw-prune-freed') },
    });
    await client.startContainer(stopped);
    await client.stopContainer(stopped, { timeoutSeconds: 1 });
    const created = await client.createContainer({
      name: 'dw-prune-created',
      Image: seeds.plain,
      HostConfig: { NetworkMode: 'none' },
    });
    // Committing to the same tag twice leaves the first image dangling.
    const dangling = await client.commitContainer(stopped, { repository: 'dw-prune/image', tag: '1' });
    const tagged = await client.commitContainer(stopped, {
      repository: 'dw-prune/image',
      tag: '1',
      comment: 'again',
    });
    assert.notEqual(dangling, tagged);

    assert.deepEqual(await scope(), {
      stoppedContainers: 2,
      unusedNetworks: 2,
      danglingImages: 1,
      unusedVolumes: 2,
    });

    // Cancelled before it starts: nothing is removed.
    const cancelled = new AbortController();
    cancelled.abort();
    assert.deepEqual(
      await pruneSystem(client, { volumes: false, apiVersion }, () => {}, cancelled.signal),
      [],
    );
    assert.equal(await exists('container', stopped), true);

    const reported: PruneKind[] = [];
    const steps = await pruneSystem(client, { volumes: false, apiVersion }, (kind) => reported.push(kind));
    assert.deepEqual(reported, ['containers', 'networks', 'images', 'buildCache']);
    assert.deepEqual(
      [...(step(steps, 'containers')?.result.deleted ?? [])].sort(),
      [stopped, created].sort(),
    );
    assert.deepEqual([...(step(steps, 'networks')?.result.deleted ?? [])].sort(), [
      'dw-prune-orphaned',
      'dw-prune-spare',
    ]);
    const images = step(steps, 'images');
    assert.ok(images);
    assert.equal(removedCount(images), 1);
    assert.ok(images.result.deleted.includes(dangling));

    assert.equal(await exists('network', orphaned), false);
    assert.equal(await exists('network', spare), false);
    assert.equal(await exists('network', used), true, 'the running container keeps its network');
    assert.equal(
      ((await client.inspectRaw('container', running)).State as { Status: string }).Status,
      'running',
    );
    assert.equal(await exists('image', 'dw-prune/image:1'), true, 'a tagged image is kept');
    assert.equal(await exists('image', seeds.plain), true);
    for (const name of ['dw-prune-kept', 'dw-prune-freed', 'dw-prune-spare']) {
      assert.equal(await exists('volume', name), true, `${name} is kept without the volumes choice`);
    }

    assert.deepEqual(await scope(), {
      stoppedContainers: 0,
      unusedNetworks: 0,
      danglingImages: 0,
      unusedVolumes: 2,
    });
    const withVolumes = await pruneSystem(client, { volumes: true, apiVersion }, () => {});
    assert.deepEqual([...(step(withVolumes, 'volumes')?.result.deleted ?? [])].sort(), [
      'dw-prune-freed',
      'dw-prune-spare',
    ]);
    assert.equal(await exists('volume', 'dw-prune-kept'), true, 'a mounted volume is kept');
    assert.equal(await exists('container', running), true);
  });
});
