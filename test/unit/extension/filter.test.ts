import * as assert from 'node:assert/strict';
import { addCounts, countContainers } from '../../../src/extension/views/badges';
import {
  containerFilterFields,
  imageFilterFields,
  matchesFilter,
  normalizeFilter,
} from '../../../src/extension/views/filter';
import { container, image } from './explorerFixtures';

describe('tree filters and badges', () => {
  it('matches every term, ignoring case, in any field', () => {
    assert.ok(matchesFilter('', ['x']));
    assert.ok(matchesFilter('WEB', ['my-web-1']));
    assert.ok(matchesFilter('web nginx', ['web', 'nginx:1']));
    assert.ok(!matchesFilter('web redis', ['web', 'nginx:1']));
    assert.ok(!matchesFilter('x', []));
    assert.equal(normalizeFilter('  shop  '), 'shop');
    assert.equal(normalizeFilter(undefined), '');
  });

  it('filters containers by name, image, state, Compose project and id', () => {
    const c = container({
      id: 'abcdef0123456789',
      labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'db' },
    });
    const fields = containerFilterFields(c);
    for (const text of ['web', 'nginx', 'running', 'shop', 'db', 'abcdef']) {
      assert.ok(matchesFilter(text, fields), text);
    }
    assert.ok(!matchesFilter('redis', fields));
    assert.ok(matchesFilter('none', imageFilterFields(image({ repoTags: [] }))));
  });

  it('counts running and unhealthy containers for the badge', () => {
    const counts = countContainers([
      container({ health: 'unhealthy' }),
      container({ health: 'healthy' }),
      container(),
      container({ state: 'exited', health: 'unhealthy' }),
    ]);
    assert.deepEqual(counts, { running: 3, unhealthy: 1 });
    assert.deepEqual(addCounts([counts, { running: 2, unhealthy: 0 }]), { running: 5, unhealthy: 1 });
    assert.deepEqual(addCounts([]), { running: 0, unhealthy: 0 });
  });
});
