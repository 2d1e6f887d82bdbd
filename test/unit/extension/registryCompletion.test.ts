// FROM completion from registries: which typed references name a registry, which registries may be
// asked, and how answers are kept, against a registry of the test's own that counts its calls.
import * as assert from 'node:assert/strict';
import { registerImageCompletion } from '../../../src/extension/language/imageCompletion';
import type { RegistryLister } from '../../../src/extension/registries/registryCompletion';
import { RegistryImages, registryTargetOf } from '../../../src/extension/registries/registryCompletion';
import type { RegistryEntry } from '../../../src/extension/registries/registryEntries';
import { registryEntries } from '../../../src/extension/registries/registryEntries';
import { RegistrySessions } from '../../../src/extension/registries/registrySessions';
import type { ListPage } from '../../../src/extension/registries/v2Client';
import type { ImagesResult } from '../../../src/shared/imageCompletion';

/** A registry with a catalog and tags, two entries a page, that records what it was asked. */
class FakeRegistry implements RegistryLister {
  readonly asked: string[] = [];
  failing = false;
  /** Held answers: each call waits for `release()` when set. */
  held: Promise<void> | undefined;

  constructor(
    readonly host: string,
    private readonly repositories: Record<string, string[]>,
  ) {}

  private async page(what: string, items: string[], next?: string): Promise<ListPage> {
    this.asked.push(next === undefined ? what : `${what} ${next}`);
    await this.held;
    if (this.failing) throw new Error(`${this.host} answered HTTP 500`);
    const start = next === undefined ? 0 : Number(next);
    const end = start + 2;
    return end < items.length
      ? { items: items.slice(start, end), next: String(end) }
      : { items: items.slice(start) };
  }

  catalogPage(next?: string): Promise<ListPage> {
    return this.page('catalog', Object.keys(this.repositories), next);
  }

  tagsPage(repository: string, next?: string): Promise<ListPage> {
    const tags = this.repositories[repository];
    if (tags === undefined) return Promise.reject(new Error(`${this.host} has no repository ${repository}`));
    return this.page(`tags ${repository}`, tags, next);
  }
}

function setup(configured: RegistryEntry[], logins: string[] = []) {
  const registries = new Map<string, FakeRegistry>();
  const clients: string[] = [];
  let now = 1_000;
  const images = new RegistryImages(
    {
      entries: () => Promise.resolve(configured),
      hasOwnLogin: (host) => Promise.resolve(logins.includes(host)),
      client: (entry) => {
        clients.push(entry.host);
        const registry = registries.get(entry.host);
        return registry === undefined
          ? Promise.reject(new Error('no such registry'))
          : Promise.resolve(registry);
      },
    },
    () => now,
    { keepMs: 30_000, failedMs: 10_000 },
  );
  const add = (host: string, repositories: Record<string, string[]>) => {
    const registry = new FakeRegistry(host, repositories);
    registries.set(host, registry);
    return registry;
  };
  return { images, add, clients, advance: (ms: number) => (now += ms) };
}

const seedRepositories = {
  'dockwright-seed/plain': ['latest', '1', '2'],
  'dockwright-seed/service': ['latest'],
  'team/app': ['v1'],
};

describe('FROM completion from registries', () => {
  it('reads the registry a typed reference names, as Docker does', () => {
    assert.deepEqual(registryTargetOf('127.0.0.1:5000/'), {
      typed: '127.0.0.1:5000',
      host: '127.0.0.1:5000',
    });
    assert.deepEqual(registryTargetOf('127.0.0.1:5000/seed/plain:la'), {
      typed: '127.0.0.1:5000',
      host: '127.0.0.1:5000',
      repository: 'seed/plain',
    });
    assert.deepEqual(registryTargetOf('localhost/app:'), {
      typed: 'localhost',
      host: 'localhost',
      repository: 'app',
    });
    assert.equal(registryTargetOf('index.docker.io/nginx:')?.host, 'docker.io');
    // No registry: a Hub name, a bare host still being typed, a user name before a slash.
    assert.equal(registryTargetOf('nginx:'), undefined);
    assert.equal(registryTargetOf('127.0.0.1:50'), undefined);
    assert.equal(registryTargetOf('library/nginx:'), undefined);
    assert.equal(registryTargetOf('bad_host.io/x'), undefined);
  });

  it('answers the catalog after host/ and the tags after repo:, every page', async () => {
    const { images, add } = setup([]);
    const registry = add('127.0.0.1:5000', seedRepositories);
    assert.deepEqual(await images.images('127.0.0.1:5000/'), [
      { name: '127.0.0.1:5000/dockwright-seed/plain', tags: [], registry: '127.0.0.1:5000' },
      { name: '127.0.0.1:5000/dockwright-seed/service', tags: [], registry: '127.0.0.1:5000' },
      { name: '127.0.0.1:5000/team/app', tags: [], registry: '127.0.0.1:5000' },
    ]);
    assert.deepEqual(await images.images('127.0.0.1:5000/dockwright-seed/plain:'), [
      {
        name: '127.0.0.1:5000/dockwright-seed/plain',
        tags: ['latest', '1', '2'],
        registry: '127.0.0.1:5000',
      },
    ]);
    assert.deepEqual(registry.asked, [
      'catalog',
      'catalog 2',
      'tags dockwright-seed/plain',
      'tags dockwright-seed/plain 2',
    ]);
  });

  it('asks only configured, logged-in or loopback registries, never a host merely typed', async () => {
    const configured = registryEntries(
      ['registry.example.com'],
      [{ url: 'https://extra.example.com:5443' }],
      [],
    );
    const { images, add, clients } = setup(configured, ['own.example.com']);
    for (const host of [
      'registry.example.com',
      'extra.example.com:5443',
      'own.example.com',
      'unknown.example.com',
      'localhost:5000',
    ]) {
      add(host, { app: ['1'] });
    }
    for (const host of [
      'registry.example.com',
      'extra.example.com:5443',
      'own.example.com',
      'localhost:5000',
    ]) {
      assert.deepEqual(
        await images.images(`${host}/app:`),
        [{ name: `${host}/app`, tags: ['1'], registry: host }],
        host,
      );
    }
    assert.deepEqual(await images.images('unknown.example.com/'), []);
    assert.deepEqual(await images.images('unknown.example.com/app:'), []);
    assert.ok(!clients.includes('unknown.example.com'), 'an unknown host is never contacted');
  });

  it('keeps answers for a while, shares one request between waiting callers, and counts failures as nothing', async () => {
    const { images, add, advance } = setup([]);
    const registry = add('127.0.0.1:5000', seedRepositories);
    let release: () => void = () => undefined;
    registry.held = new Promise((resolve) => (release = resolve));
    // The server gave up on the first answer; the second request finds the same one on its way.
    const first = images.images('127.0.0.1:5000/team/app:');
    const second = images.images('127.0.0.1:5000/team/app:v');
    release();
    assert.deepEqual(await first, await second);
    assert.equal(registry.asked.length, 1);
    advance(29_000);
    await images.images('127.0.0.1:5000/team/app:');
    assert.equal(registry.asked.length, 1, 'kept for 30 s');
    advance(2_000);
    await images.images('127.0.0.1:5000/team/app:');
    assert.equal(registry.asked.length, 2, 'read again after 30 s');

    registry.failing = true;
    assert.deepEqual(await images.images('127.0.0.1:5000/'), []);
    assert.deepEqual(await images.images('127.0.0.1:5000/'), []);
    assert.equal(registry.asked.filter((a) => a === 'catalog').length, 1, 'a failure is kept briefly too');
    registry.failing = false;
    advance(11_000);
    assert.equal((await images.images('127.0.0.1:5000/')).length, 3, 'asked again after the failure expired');
    assert.deepEqual(await images.images('127.0.0.1:5000/missing/repo:'), []);

    const other = add('localhost:5001', seedRepositories);
    await images.images('localhost:5001/');
    images.forget('localhost:5001');
    await images.images('127.0.0.1:5000/team/app:');
    await images.images('localhost:5001/');
    assert.equal(registry.asked.filter((a) => a === 'tags team/app').length, 2, "another host's lists stay");
    assert.equal(other.asked.filter((a) => a === 'catalog').length, 2, "that host's lists go");
    images.forget();
    await images.images('127.0.0.1:5000/team/app:');
    assert.equal(
      registry.asked.filter((a) => a === 'tags team/app').length,
      3,
      'forget() drops every listing',
    );
  });

  it('hears from the sessions when a host is logged out of, or every client is dropped', async () => {
    const secrets = new Map<string, string>([['dockwright.registry:h.example.com', '{}']]);
    const sessions = new RegistrySessions({
      get: (key) => Promise.resolve(secrets.get(key)),
      store: (key, value) => Promise.resolve(void secrets.set(key, value)),
      delete: (key) => Promise.resolve(void secrets.delete(key)),
    });
    const heard: (string | undefined)[] = [];
    sessions.onDidForget((host) => heard.push(host));
    await sessions.logOut('h.example.com');
    sessions.forget();
    assert.deepEqual(heard, ['h.example.com', undefined]);
    assert.equal(secrets.size, 0);
  });

  it('uses library/ for Docker Hub official images and never asks Hub for a catalog', async () => {
    const { images, add } = setup(registryEntries(['https://index.docker.io/v1/'], [], []));
    const hub = add('docker.io', { 'library/nginx': ['1.27'] });
    assert.deepEqual(await images.images('docker.io/nginx:'), [
      { name: 'docker.io/nginx', tags: ['1.27'], registry: 'docker.io' },
    ]);
    assert.deepEqual(await images.images('docker.io/'), []);
    assert.deepEqual(hub.asked, ['tags library/nginx']);
  });

  it('answers the language server with the daemon images and the registry entries together', async () => {
    let handler: ((params: unknown) => Promise<ImagesResult>) | undefined;
    const client = {
      onRequest(_method: string, registered: (params: unknown) => Promise<ImagesResult>) {
        handler = registered;
        return { dispose: () => undefined };
      },
    };
    const { images, add } = setup([]);
    add('127.0.0.1:5000', seedRepositories);
    const docker = {
      listImages: () =>
        Promise.resolve([
          {
            id: 'sha256:1',
            repoTags: ['127.0.0.1:5000/team/app:local'],
            repoDigests: [],
            size: 1,
            created: 0,
            labels: {},
            dangling: false,
          },
        ]),
    };
    registerImageCompletion(client, { connection: { client: docker }, registryImages: images });
    assert.ok(handler);
    assert.deepEqual(await handler({ prefix: '127.0.0.1:5000/team/app:' }), {
      images: [
        { name: '127.0.0.1:5000/team/app', tags: ['local'] },
        { name: '127.0.0.1:5000/team/app', tags: ['v1'], registry: '127.0.0.1:5000' },
      ],
    });
    // Without a daemon the registry still answers; a registry that throws means no entries.
    registerImageCompletion(client, {
      connection: { client: undefined },
      registryImages: { images: () => Promise.reject(new Error('boom')) },
    });
    assert.deepEqual(await handler({ prefix: '127.0.0.1:5000/' }), { images: [] });
  });
});
