import * as assert from 'node:assert/strict';
import { toContainer, toImage, toNetwork, toVersion, toVolume } from '../../../src/extension/docker/mapping';

describe('Engine JSON mapping', () => {
  it('maps a container, dropping the leading slash and keeping ports', () => {
    const c = toContainer({
      Id: 'abc',
      Names: ['/web'],
      Image: 'nginx',
      State: 'running',
      Status: 'Up',
      Created: 10,
      Labels: { 'com.docker.compose.project': 'shop', bad: 3 },
      Ports: [
        { PrivatePort: 80, PublicPort: 8080, Type: 'tcp', IP: '127.0.0.1' },
        { PrivatePort: 53, Type: 'udp' },
      ],
    });
    assert.equal(c.name, 'web');
    assert.deepEqual(c.labels, { 'com.docker.compose.project': 'shop' });
    assert.deepEqual(c.ports, [
      { privatePort: 80, publicPort: 8080, type: 'tcp', ip: '127.0.0.1' },
      { privatePort: 53, type: 'udp' },
    ]);
  });

  it('tolerates missing and null fields', () => {
    const c = toContainer({});
    assert.equal(c.name, '');
    assert.deepEqual(c.ports, []);
    const image = toImage({ Id: 'sha256:1', RepoTags: null, Labels: null });
    assert.deepEqual(image.repoTags, []);
    assert.deepEqual(image.labels, {});
  });

  it('drops the <none> placeholders of untagged images', () => {
    const image = toImage({ Id: 'x', RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'], Size: 5 });
    assert.deepEqual(image.repoTags, []);
    assert.deepEqual(image.repoDigests, []);
    assert.equal(image.size, 5);
  });

  it('maps volumes, networks and the version', () => {
    assert.equal(toVolume({ Name: 'v', Driver: 'local', Mountpoint: '/m' }).mountpoint, '/m');
    assert.equal(toNetwork({ Id: 'n', Name: 'x', Internal: true }).internal, true);
    assert.equal(toNetwork({ Id: 'n', Name: 'x', Internal: 'yes' }).internal, false);
    assert.deepEqual(toVersion({ Version: '20.10', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' }), {
      version: '20.10',
      apiVersion: '1.41',
      os: 'linux',
      arch: 'amd64',
    });
  });
});
