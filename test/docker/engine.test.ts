// Reading the test daemon through DockerClient: ping, version, images and networks as domain types.
import * as assert from 'node:assert/strict';
import type { DockerClient } from '../../src/extension/docker/client';
import { requireDaemon, seeds, testClient } from './helpers';

describe('Docker engine (test daemon)', function () {
  let client: DockerClient;

  before(async function () {
    client = await testClient(requireDaemon(this));
  });

  it('answers ping and reports its version', async () => {
    await client.ping();
    const version = await client.version();
    assert.match(version.version, /^\d+\.\d+/);
    assert.match(version.apiVersion, /^1\.\d+$/);
    assert.equal(version.os, 'linux');
    assert.notEqual(version.arch, '');
  });

  it('lists both seed images with their mapped fields', async () => {
    const images = await client.listImages();
    const plain = images.find((image) => image.repoTags.includes(seeds.plain));
    const service = images.find((image) => image.repoTags.includes(seeds.service));
    assert.ok(plain, `${seeds.plain} is listed`);
    assert.ok(service, `${seeds.service} is listed`);

    for (const image of [plain, service]) {
      assert.match(image.id, /^sha256:[0-9a-f]{64}$/);
      // busybox alone is about 2 MB; the seeds hold nothing else.
      assert.ok(image.size > 500_000 && image.size < 20_000_000, `size ${image.size}`);
      assert.ok(image.created > 1_500_000_000, `created ${image.created} is a Unix time in seconds`);
      assert.ok(!image.repoTags.includes('<none>:<none>'));
    }
    assert.equal(plain.labels['dockwright.seed'], 'plain');
    assert.equal(service.labels['dockwright.seed'], 'service');
    assert.equal(service.labels['org.opencontainers.image.title'], 'Dockwright seed service');
    assert.equal(plain.labels['org.opencontainers.image.title'], undefined);
    // scripts/env.sh pushed the seeds, so the daemon knows their registry digests.
    assert.ok(
      service.repoDigests.some((digest) =>
        [process.env.DOCKWRIGHT_TEST_REGISTRY, process.env.DOCKWRIGHT_TEST_REGISTRY_OPEN].some(
          (registry) =>
            registry !== undefined && digest.startsWith(`${registry}/dockwright-seed/service@sha256:`),
        ),
      ),
      `repo digests: ${service.repoDigests.join(', ')}`,
    );
  });

  it('lists the networks a daemon without a bridge has', async () => {
    const networks = await client.listNetworks();
    const none = networks.find((network) => network.name === 'none');
    assert.ok(none, 'the "none" network exists');
    assert.equal(none.driver, 'null');
    assert.equal(none.scope, 'local');
    assert.match(none.id, /^[0-9a-f]{64}$/);
    assert.ok(networks.some((network) => network.name === 'host'));
  });

  it('lists volumes as an array, empty or not', async () => {
    const volumes = await client.listVolumes();
    assert.ok(Array.isArray(volumes));
    for (const volume of volumes) {
      assert.notEqual(volume.name, '');
    }
  });
});
