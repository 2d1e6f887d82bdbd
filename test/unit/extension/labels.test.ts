import * as assert from 'node:assert/strict';
import {
  containerRow,
  formatAge,
  formatBytes,
  imageRows,
  networkRow,
  shortId,
  volumeRow,
} from '../../../src/extension/views/labels';
import type { ContainerSummary, ImageSummary } from '../../../src/extension/docker/types';

const now = Date.UTC(2026, 0, 10, 12, 0, 0);

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

  it('presents a running container with a stable id and a state context value', () => {
    const c: ContainerSummary = {
      id: 'abc123def4567890',
      name: 'web',
      image: 'nginx:1',
      state: 'running',
      status: 'Up 2 minutes',
      created: now / 1000,
      labels: {},
      ports: [],
    };
    const row = containerRow('unix:///d.sock', c);
    assert.equal(row.id, 'container:unix:///d.sock:abc123def4567890');
    assert.equal(row.label, 'web');
    assert.equal(row.description, 'nginx:1 · Up 2 minutes');
    assert.equal(row.contextValue, 'container.running');
    assert.equal(row.icon, 'vm-running');
    assert.equal(containerRow('d', { ...c, state: 'exited', name: '' }).label, 'abc123def456');
    assert.equal(containerRow('d', { ...c, state: 'exited' }).contextValue, 'container.exited');
  });

  it('gives one image row per tag, and a dangling row for untagged images', () => {
    const image: ImageSummary = {
      id: 'sha256:feedface00112233',
      repoTags: ['a:1', 'a:latest'],
      repoDigests: [],
      size: 2_000_000,
      created: now / 1000 - 7200,
      labels: {},
    };
    const rows = imageRows('d', image, now);
    assert.deepEqual(
      rows.map((r) => [r.label, r.description, r.contextValue]),
      [
        ['a:1', '2.00 MB · 2 hours ago', 'image.tagged'],
        ['a:latest', '2.00 MB · 2 hours ago', 'image.tagged'],
      ],
    );
    assert.notEqual(rows[0]?.id, rows[1]?.id);
    const dangling = imageRows('d', { ...image, repoTags: [] }, now);
    assert.equal(dangling.length, 1);
    assert.equal(dangling[0]?.label, '<none> feedface0011');
    assert.equal(dangling[0]?.contextValue, 'image.dangling');
  });

  it('marks built-in networks and internal ones', () => {
    const base = { id: 'n1', driver: 'bridge', scope: 'local', internal: false, labels: {} };
    assert.equal(networkRow('d', { ...base, name: 'bridge' }).contextValue, 'network.builtin');
    const mine = networkRow('d', { ...base, name: 'backend', internal: true });
    assert.equal(mine.contextValue, 'network');
    assert.equal(mine.description, 'bridge · local · internal');
  });

  it('presents volumes by name and driver', () => {
    const row = volumeRow('d', {
      name: 'data',
      driver: 'local',
      mountpoint: '/var/lib/docker/volumes/data',
      labels: {},
    });
    assert.equal(row.id, 'volume:d:data');
    assert.equal(row.description, 'local');
  });
});
