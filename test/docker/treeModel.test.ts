// The rows of the four explorer trees computed from the live model of the real test daemon: a
// Compose-labelled container under its project with its service name, the seed images under
// their repositories, a volume and an internal network with their descriptions.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import type { DockerClient } from '../../src/extension/docker/client';
import { DaemonModel } from '../../src/extension/docker/daemonModel';
import type { Disposable } from '../../src/extension/docker/emitter';
import { parseHost } from '../../src/extension/docker/endpoint';
import { RefreshManager, type ConnectionLike } from '../../src/extension/docker/refreshManager';
import { groupContainers, groupImages } from '../../src/extension/views/grouping';
import { containerRow, isBuiltInNetwork, networkRow, volumeRow } from '../../src/extension/views/labels';
import { requireDaemon, seeds, testClient, until } from './helpers';

describe('Explorer tree rows from the real daemon', function () {
  const suffix = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const project = `dwtree-${suffix}`;
  let client: DockerClient;
  let docker: Docker;
  let model: DaemonModel;
  let manager: RefreshManager;
  let containerId = '';
  let networkId = '';
  const volume = `dwtree-vol-${suffix}`;

  before(async function () {
    const host = requireDaemon(this);
    client = await testClient(host);
    const endpoint = parseHost(host, 'setting');
    docker = new Docker({ socketPath: endpoint.kind === 'unix' ? endpoint.socketPath : '' });
    const connection: ConnectionLike = {
      client,
      state: 'connected',
      onDidChangeState: (): Disposable => ({ dispose: () => undefined }),
    };
    model = new DaemonModel('test');
    manager = new RefreshManager(connection, model);
    manager.setVisible(true);
    await until(model, () => model.state === 'ready', 'the first listing');
  });

  after(async () => {
    manager?.dispose();
    model?.dispose();
    await Promise.allSettled([
      containerId !== '' ? client.removeContainer(containerId, { force: true }) : Promise.resolve(),
      docker?.getVolume(volume).remove(),
    ]);
    if (networkId !== '')
      await docker
        .getNetwork(networkId)
        .remove()
        .catch(() => undefined);
  });

  it('puts a Compose-labelled container under its project, labelled by its service', async () => {
    containerId = await client.createContainer({
      name: `dwtree-web-${suffix}`,
      Image: seeds.plain,
      Cmd: ['sleep', '600'],
      Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'web' },
      HostConfig: { NetworkMode: 'none' },
    });
    await until(model, () => model.containers().has(containerId), 'the container in the model');
    const grouped = groupContainers([...model.containers().values()], 'compose');
    const group = grouped.groups.find((g) => g.key.includes(project));
    assert.ok(group, `a group for ${project} (groups: ${grouped.groups.map((g) => g.key).join(', ')})`);
    const container = group.containers.find((c) => c.id === containerId);
    assert.ok(container);
    const row = containerRow('test', container, true);
    assert.equal(row.label, 'web');
    assert.equal(row.id, `container:test:${containerId}`);
    assert.match(row.contextValue, /^container\.created/);
  });

  it('lists the seed images under their repositories with their tags', () => {
    const { repositories } = groupImages(model.images().values());
    for (const seed of [seeds.plain, seeds.service]) {
      const repository = seed.slice(0, seed.lastIndexOf(':'));
      const entry = repositories.find((r) => r.repository === repository);
      assert.ok(entry, `repository ${repository}`);
      assert.ok(entry.tags.some((t) => t.reference === seed));
    }
  });

  it('shows a new volume and an internal network with their rows', async () => {
    await docker.createVolume({ Name: volume, Labels: { 'dockwright.test': 'tree' } });
    const network = await docker.createNetwork({
      Name: `dwtree-net-${suffix}`,
      Internal: true,
      Labels: { 'dockwright.test': 'tree' },
    });
    networkId = network.id;
    await until(
      model,
      () => model.volumes().has(volume) && model.networks().has(networkId),
      'the volume and the network in the model',
    );
    const volumeSummary = model.volumes().get(volume);
    assert.ok(volumeSummary);
    const vRow = volumeRow('test', volumeSummary);
    assert.equal(vRow.label, volume);
    assert.match(vRow.description, /local/);
    const networkSummary = model.networks().get(networkId);
    assert.ok(networkSummary);
    assert.equal(networkSummary.internal, true);
    assert.equal(isBuiltInNetwork(networkSummary), false);
    const nRow = networkRow('test', networkSummary);
    assert.equal(nRow.label, `dwtree-net-${suffix}`);
    assert.match(`${nRow.description} ${nRow.tooltip}`, /internal/i);
  });
});
