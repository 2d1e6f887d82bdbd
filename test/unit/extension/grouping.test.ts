import * as assert from 'node:assert/strict';
import { groupContainers, groupImages, groupKeys } from '../../../src/extension/views/grouping';
import { sortContainers } from '../../../src/extension/views/sorting';
import { container, image } from './explorerFixtures';

const compose = (project: string, service: string): Record<string, string> => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
});

const net = (name: string): { name: string; networkId: string } => ({ name, networkId: `id-${name}` });

describe('tree grouping and sorting', () => {
  const web = container({ id: 'w', name: 'shop-web-1', labels: compose('shop', 'web'), created: 30 });
  const db = container({
    id: 'd',
    name: 'shop-db-1',
    labels: compose('shop', 'db'),
    state: 'exited',
    created: 20,
  });
  const blog = container({
    id: 'b',
    name: 'blog-app-1',
    labels: compose('blog', 'app'),
    state: 'paused',
    created: 40,
  });
  const solo = container({ id: 's', name: 'solo', state: 'created', created: 10 });
  const all = [web, db, blog, solo];

  it('sorts by name with numbers read as numbers', () => {
    const names = sortContainers(
      [container({ name: 'web-10' }), container({ name: 'web-2' }), container({ name: 'Api' })],
      'name',
    ).map((c) => c.name);
    assert.deepEqual(names, ['Api', 'web-2', 'web-10']);
  });

  it('sorts by creation, newest first, and by state, running first', () => {
    assert.deepEqual(
      sortContainers(all, 'created').map((c) => c.id),
      ['b', 'w', 'd', 's'],
    );
    assert.deepEqual(
      sortContainers(all, 'state').map((c) => c.id),
      ['w', 'b', 's', 'd'],
    );
    assert.equal(all[0], web, 'sorting copies');
  });

  it('groups by Compose project, leaving other containers beside the groups', () => {
    const { groups, ungrouped } = groupContainers(sortContainers(all, 'name'), 'compose');
    assert.deepEqual(
      groups.map((g) => [g.key, g.containers.map((c) => c.id)]),
      [
        ['blog', ['b']],
        ['shop', ['d', 'w']],
      ],
    );
    assert.deepEqual(
      ungrouped.map((c) => c.id),
      ['s'],
    );
  });

  it('groups by nothing, by state in state order, and by image', () => {
    assert.deepEqual(groupContainers(all, 'none').groups, []);
    assert.equal(groupContainers(all, 'none').ungrouped.length, 4);
    assert.deepEqual(
      groupContainers(all, 'state').groups.map((g) => g.label),
      ['Running', 'Paused', 'Created', 'Exited'],
    );
    const byImage = groupContainers([web, container({ id: 'x', image: 'redis:7' })], 'image');
    assert.deepEqual(
      byImage.groups.map((g) => [g.key, g.containers.length]),
      [
        ['nginx:1', 1],
        ['redis:7', 1],
      ],
    );
  });

  it('groups by network, a container on two networks in both, the unattached last', () => {
    const a = container({ id: 'a', networks: [net('front'), net('back')] });
    const b = container({ id: 'b', networks: [net('back')] });
    const c = container({ id: 'c', networks: [] });
    assert.deepEqual(groupKeys(a, 'network'), ['back', 'front']);
    const { groups } = groupContainers([a, b, c], 'network');
    assert.deepEqual(
      groups.map((g) => [g.key, g.containers.map((x) => x.id)]),
      [
        ['back', ['a', 'b']],
        ['front', ['a']],
        ['', ['c']],
      ],
    );
  });

  it('groups images by repository with tags as children, dangling ones apart', () => {
    const one = image({ id: 'sha256:1', repoTags: ['app:2', 'app:10', 'localhost:5000/app:1'] });
    const two = image({ id: 'sha256:2', repoTags: ['base:latest'] });
    const old = image({ id: 'sha256:3', repoTags: [], dangling: true, created: 1 });
    const newer = image({ id: 'sha256:4', repoTags: [], dangling: true, created: 2 });
    const { repositories, dangling } = groupImages([one, two, old, newer]);
    assert.deepEqual(
      repositories.map((r) => [r.repository, r.tags.map((t) => t.reference)]),
      [
        ['app', ['app:2', 'app:10']],
        ['base', ['base:latest']],
        ['localhost:5000/app', ['localhost:5000/app:1']],
      ],
    );
    assert.deepEqual(
      dangling.map((i) => i.id),
      ['sha256:4', 'sha256:3'],
    );
  });
});
