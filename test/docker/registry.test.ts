// The test registries of scripts/env.sh answer as the registry code expects: Basic auth on one,
// none on the other, and the seed images in both.
import * as assert from 'node:assert/strict';
import type { TestRegistries } from './helpers';
import { registryGet, requireRegistries } from './helpers';

describe('Test registries', function () {
  let registries: TestRegistries;

  before(function () {
    registries = requireRegistries(this);
  });

  it('challenges anonymous requests on the authenticated registry', async () => {
    const response = await registryGet(registries.auth, '/v2/');
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /^Basic realm="[^"]+"/);
    assert.equal(response.headers.get('docker-distribution-api-version'), 'registry/2.0');
  });

  it('accepts the test credentials and rejects a wrong password', async () => {
    const { user, password } = registries;
    const accepted = await registryGet(registries.auth, '/v2/', { user, password });
    assert.equal(accepted.status, 200);
    const rejected = await registryGet(registries.auth, '/v2/', { user, password: `${password}-wrong` });
    assert.equal(rejected.status, 401);
  });

  it('lists the seed repositories on both registries', async () => {
    const { user, password } = registries;
    const expected = ['dockwright-seed/plain', 'dockwright-seed/service'];
    const open = await registryGet(registries.open, '/v2/_catalog');
    assert.equal(open.status, 200);
    const openCatalog = (await open.json()) as { repositories?: string[] };
    assert.deepEqual(openCatalog.repositories?.filter((name) => expected.includes(name)).sort(), expected);

    const auth = await registryGet(registries.auth, '/v2/_catalog', { user, password });
    assert.equal(auth.status, 200);
    const authCatalog = (await auth.json()) as { repositories?: string[] };
    assert.deepEqual(authCatalog.repositories?.filter((name) => expected.includes(name)).sort(), expected);
  });

  it('serves the latest tag of each seed', async () => {
    for (const repo of ['dockwright-seed/plain', 'dockwright-seed/service']) {
      const response = await registryGet(registries.open, `/v2/${repo}/tags/list`);
      assert.equal(response.status, 200);
      const tags = (await response.json()) as { name?: string; tags?: string[] };
      assert.equal(tags.name, repo);
      assert.ok(tags.tags?.includes('latest'), `${repo} tags: ${tags.tags?.join(', ')}`);
    }
  });
});
