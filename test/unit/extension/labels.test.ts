import * as assert from 'node:assert/strict';
import {
  containerRow,
  danglingImageRow,
  formatAge,
  formatBytes,
  imageTagRow,
  networkRow,
  repositoryOf,
  repositoryRow,
  shortId,
  tagOf,
  volumeRow,
} from '../../../src/extension/views/labels';
import { nodeId } from '../../../src/extension/views/ids';
import { portUrl, publishedPorts } from '../../../src/extension/views/ports';
import { container, image, network, now, volume } from './explorerFixtures';

describe('tree labels', () => {
  it('formats sizes with decimal units like the Docker CLI', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1000), '1.00 kB');
    assert.equal(formatBytes(7_340_032), '7.34 MB');
    assert.equal(formatBytes(123_400_000), '123 MB');
    assert.equal(formatBytes(-5), '0 B');
  });

  it('formats ages relative to now', () => {
    const t = now / 1000;
    assert.equal(formatAge(t, now), 'just now');
    assert.equal(formatAge(t - 61, now), '1 minute ago');
    assert.equal(formatAge(t - 3 * 3600, now), '3 hours ago');
    assert.equal(formatAge(t - 400 * 86400, now), '1 year ago');
    assert.equal(formatAge(t + 100, now), 'just now');
  });

  it('shortens ids and drops the digest algorithm', () => {
    assert.equal(shortId('sha256:0123456789abcdef0123'), '0123456789ab');
  });

  it('builds stable ids from kind, daemon and object', () => {
    assert.equal(nodeId('container', 'primary', 'abc'), 'container:primary:abc');
    assert.equal(nodeId('volume', 'tcp://h:2376', 'data'), 'volume:tcp://h:2376:data');
  });

  it('presents a running container with a stable id and a state context value', () => {
    const c = container();
    const row = containerRow('primary', c);
    assert.equal(row.id, 'container:primary:abc123def4567890');
    assert.equal(row.label, 'web');
    assert.equal(row.description, 'Up 2 minutes');
    assert.equal(row.contextValue, 'container.running');
    assert.equal(row.icon, 'vm-running');
    assert.equal(containerRow('d', { ...c, state: 'exited', name: '' }).label, 'abc123def456');
    assert.equal(containerRow('d', { ...c, state: 'exited' }).contextValue, 'container.exited');
    assert.equal(containerRow('d', { ...c, state: 'paused' }).contextValue, 'container.paused');
  });

  it('adds to the state what the row offers: its compose file, published ports', () => {
    const c = container();
    const inProject = { ...c, labels: { 'com.docker.compose.project': 'shop' } };
    assert.equal(containerRow('d', inProject).contextValue, 'container.running.compose');
    const published = {
      ...inProject,
      ports: [{ privatePort: 80, publicPort: 8080, type: 'tcp', ip: '127.0.0.1' }],
    };
    assert.equal(containerRow('d', published).contextValue, 'container.running.compose.ports');
    const exposedOnly = { ...c, ports: [{ privatePort: 80, type: 'tcp' }] };
    assert.equal(containerRow('d', exposedOnly).contextValue, 'container.running');
  });

  it('shows health in the icon with theme colours, only while running', () => {
    const starting = containerRow(
      'd',
      container({ health: 'starting', status: 'Up 1 second (health: starting)' }),
    );
    assert.deepEqual([starting.icon, starting.iconColor], ['pulse', 'charts.yellow']);
    const healthy = containerRow('d', container({ health: 'healthy' }));
    assert.deepEqual([healthy.icon, healthy.iconColor], ['pass-filled', 'testing.iconPassed']);
    const unhealthy = containerRow('d', container({ health: 'unhealthy' }));
    assert.deepEqual([unhealthy.icon, unhealthy.iconColor], ['warning', 'testing.iconFailed']);
    const stopped = containerRow('d', container({ health: 'unhealthy', state: 'exited' }));
    assert.equal(stopped.icon, 'vm-outline');
    assert.equal(stopped.iconColor, undefined);
  });

  it('names a Compose container by its service inside a Compose group', () => {
    const labels = { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'db' };
    const c = container({ name: 'shop-db-1', labels });
    assert.equal(containerRow('d', c).label, 'shop-db-1');
    assert.equal(containerRow('d', c, true).label, 'db');
    const second = container({ labels: { ...labels, 'com.docker.compose.container-number': '2' } });
    assert.equal(containerRow('d', second, true).label, 'db-2');
    assert.equal(containerRow('d', container({ name: 'solo' }), true).label, 'solo');
  });

  it('describes a container by status and published ports, each mapping once', () => {
    const c = container({
      ports: [
        { privatePort: 80, publicPort: 8080, type: 'tcp', ip: '0.0.0.0' },
        { privatePort: 80, publicPort: 8080, type: 'tcp', ip: '::' },
        { privatePort: 53, publicPort: 5353, type: 'udp', ip: '127.0.0.1' },
        { privatePort: 9000, type: 'tcp' },
      ],
    });
    assert.equal(containerRow('d', c).description, 'Up 2 minutes · 5353→53/udp, 8080→80');
  });

  it('links only TCP ports bound on loopback or all interfaces', () => {
    const links = publishedPorts(
      container({
        ports: [
          { privatePort: 80, publicPort: 8080, type: 'tcp', ip: '0.0.0.0' },
          { privatePort: 81, publicPort: 8081, type: 'tcp', ip: '127.0.0.1' },
          { privatePort: 82, publicPort: 8082, type: 'tcp', ip: '192.168.1.5' },
          { privatePort: 53, publicPort: 5353, type: 'udp', ip: '0.0.0.0' },
          { privatePort: 83, publicPort: 8083, type: 'tcp', ip: '::1' },
        ],
      }),
    ).map(portUrl);
    assert.deepEqual(links, [
      undefined,
      'http://127.0.0.1:8080',
      'http://127.0.0.1:8081',
      undefined,
      'http://127.0.0.1:8083',
    ]);
  });

  it('splits references into repository and tag', () => {
    assert.equal(repositoryOf('nginx:1'), 'nginx');
    assert.equal(repositoryOf('nginx'), 'nginx');
    assert.equal(repositoryOf('localhost:5000/team/app:2.1'), 'localhost:5000/team/app');
    assert.equal(repositoryOf('localhost:5000/app'), 'localhost:5000/app');
    assert.equal(repositoryOf('app@sha256:abc'), 'app');
    assert.equal(tagOf('localhost:5000/team/app:2.1'), '2.1');
    assert.equal(tagOf('localhost:5000/app'), 'latest');
  });

  it('presents repositories, tags and dangling images', () => {
    const img = image({ repoTags: ['a:1', 'a:latest'] });
    assert.deepEqual(repositoryRow('d', 'a', 2), {
      id: 'repository:d:a',
      label: 'a',
      description: '2 tags',
      icon: 'repo',
      contextValue: 'image.repository',
    });
    const tag = imageTagRow('d', img, 'a:latest', now);
    assert.deepEqual(
      [tag.id, tag.label, tag.description, tag.contextValue],
      ['image:d:a:latest', 'latest', '2.00 MB · 2 hours ago', 'image.tag'],
    );
    const dangling = danglingImageRow('d', image({ repoTags: [], dangling: true }), now);
    assert.deepEqual(
      [dangling.id, dangling.label, dangling.contextValue],
      ['image:d:sha256:feedface00112233', '<none> feedface0011', 'image.dangling'],
    );
  });

  it('marks built-in networks and internal ones', () => {
    assert.equal(networkRow('d', network({ name: 'bridge' })).contextValue, 'network.builtin');
    const mine = networkRow('d', network({ internal: true }));
    assert.equal(mine.contextValue, 'network');
    assert.equal(mine.description, 'bridge · local · internal');
    assert.equal(mine.id, 'network:d:n1');
  });

  it('presents volumes by driver, with size and users once loaded', () => {
    const row = volumeRow('d', volume());
    assert.equal(row.id, 'volume:d:data');
    assert.equal(row.description, 'local');
    assert.match(row.tooltip ?? '', /\/var\/lib\/docker\/volumes\/data\/_data/);
    assert.equal(row.contextValue, 'volume');
    const loaded = volumeRow('d', volume(), { size: 12_300_000, refCount: 2 });
    assert.equal(loaded.description, 'local · 12.3 MB · 2 containers');
    assert.equal(loaded.contextValue, 'volume.inUse');
    assert.equal(volumeRow('d', volume(), { size: -1, refCount: 1 }).description, 'local · 1 container');
  });
});
