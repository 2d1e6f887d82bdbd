import * as assert from 'node:assert/strict';
import type { ImageSummary } from '../../../src/extension/docker/types';
import { registerImageCompletion } from '../../../src/extension/language/imageCompletion';
import type { ImagesResult } from '../../../src/shared/imageCompletion';

function image(repoTags: string[]): ImageSummary {
  return {
    id: `sha256:${repoTags.join()}`,
    repoTags,
    repoDigests: [],
    size: 1,
    created: 0,
    labels: {},
    dangling: repoTags.length === 0,
  };
}

/** A client that records the one handler registered on it. */
function fakeClient(): {
  client: Parameters<typeof registerImageCompletion>[0];
  ask: (params: unknown) => Promise<ImagesResult>;
  disposed: () => boolean;
} {
  let handler: ((params: unknown) => Promise<ImagesResult>) | undefined;
  let method = '';
  let disposed = false;
  return {
    client: {
      onRequest(name, registered) {
        method = name;
        handler = registered;
        return { dispose: () => (disposed = true) };
      },
    },
    ask: (params) => {
      assert.equal(method, 'dockwright/images');
      assert.ok(handler);
      return handler(params);
    },
    disposed: () => disposed,
  };
}

describe('image completion answers', () => {
  it('answers from the daemon, grouped by repository, and reuses the list for a while', async () => {
    const fake = fakeClient();
    let listings = 0;
    let now = 1_000;
    const docker = {
      listImages: () => {
        listings++;
        return Promise.resolve([
          image(['nginx:1.27', 'nginx:latest']),
          image(['<none>:<none>']),
          image(['redis:7']),
        ]);
      },
    };
    const registration = registerImageCompletion(fake.client, { connection: { client: docker } }, () => now);
    assert.deepEqual(await fake.ask({ prefix: '' }), {
      images: [
        { name: 'nginx', tags: ['1.27', 'latest'] },
        { name: 'redis', tags: ['7'] },
      ],
    });
    assert.deepEqual(await fake.ask({ prefix: 'nginx:' }), {
      images: [{ name: 'nginx', tags: ['1.27', 'latest'] }],
    });
    assert.equal(listings, 1);
    now += 10_000;
    await fake.ask({ prefix: 'x' });
    assert.equal(listings, 2);
    registration.dispose();
    assert.ok(fake.disposed());
  });

  it('answers "no images" without a daemon, on a failing daemon and on odd params', async () => {
    const fake = fakeClient();
    const connection: { client: { listImages(): Promise<ImageSummary[]> } | undefined } = {
      client: undefined,
    };
    registerImageCompletion(fake.client, { connection });
    assert.deepEqual(await fake.ask({ prefix: '' }), { images: [] });
    let calls = 0;
    connection.client = {
      listImages: () => {
        calls++;
        return Promise.reject(new Error('connect ECONNREFUSED'));
      },
    };
    assert.deepEqual(await fake.ask(null), { images: [] });
    assert.deepEqual(await fake.ask({ prefix: 3 }), { images: [] });
    assert.equal(calls, 2, 'a failed listing is not cached');
  });
});
