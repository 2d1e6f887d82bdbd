// FROM completion from the real test registries, through the answer the language server gets: the
// seed repositories pushed by scripts/env.sh after `host:port/`, their tags after `…/repo:`, with
// Docker's own credentials from a config.json of the test's own; a registry refusing the request
// (no credentials) is simply no entries.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerImageCompletion } from '../../src/extension/language/imageCompletion';
import { knownRegistries } from '../../src/extension/registries/credentials';
import { RegistryImages } from '../../src/extension/registries/registryCompletion';
import { registryEntries } from '../../src/extension/registries/registryEntries';
import type { SecretStore } from '../../src/extension/registries/registrySessions';
import { RegistrySessions } from '../../src/extension/registries/registrySessions';
import type { ImagesResult } from '../../src/shared/imageCompletion';
import type { TestRegistries } from './helpers';
import { requireDaemon, requireRegistries, testClient } from './helpers';

const noSecrets: SecretStore = {
  get: () => Promise.resolve(undefined),
  store: () => Promise.resolve(),
  delete: () => Promise.resolve(),
};

/** The image request's handler over the test daemon and the registries a config folder knows. */
async function answering(
  host: string | undefined,
  configDir: string,
): Promise<(prefix: string) => Promise<ImagesResult>> {
  const sessions = new RegistrySessions(noSecrets, () => ({ configDir }));
  const registryImages = new RegistryImages({
    entries: async () => registryEntries(await knownRegistries({ configDir }), [], []),
    hasOwnLogin: (h) => sessions.hasOwnLogin(h),
    client: (entry) => sessions.client(entry),
  });
  let handler: ((params: unknown) => Promise<ImagesResult>) | undefined;
  registerImageCompletion(
    {
      onRequest: (_method, registered) => {
        handler = registered;
        return { dispose: () => undefined };
      },
    },
    { connection: { client: host === undefined ? undefined : await testClient(host) }, registryImages },
  );
  return (prefix) => {
    assert.ok(handler);
    return handler({ prefix });
  };
}

function fromRegistry(result: ImagesResult, registry: string) {
  return result.images.filter((image) => image.registry === registry);
}

describe('FROM completion from the test registries', function () {
  this.timeout(60_000);
  let host: string;
  let registries: TestRegistries;
  let configDir: string;
  let emptyDir: string;

  before(async function () {
    host = requireDaemon(this);
    registries = requireRegistries(this);
    configDir = await mkdtemp(join(tmpdir(), 'dw-complete-'));
    emptyDir = await mkdtemp(join(tmpdir(), 'dw-complete-none-'));
    const auth = Buffer.from(`${registries.user}:${registries.password}`).toString('base64');
    await writeFile(
      join(configDir, 'config.json'),
      JSON.stringify({ auths: { [registries.auth]: { auth } } }),
    );
  });

  after(async () => {
    for (const dir of [configDir, emptyDir])
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('offers the seed repositories after host:port/ and their tags after repo:, with config.json credentials', async () => {
    // The registry alone (no daemon), then with the daemon, which has the seeds tagged for the
    // registry since they were pushed: those names come once, as local images.
    const registryOnly = await answering(undefined, configDir);
    const listed = fromRegistry(await registryOnly(`${registries.auth}/`), registries.auth);
    const ask = await answering(host, configDir);
    const merged = (await ask(`${registries.auth}/`)).images;
    for (const seed of ['dockwright-seed/plain', 'dockwright-seed/service']) {
      const name = `${registries.auth}/${seed}`;
      assert.ok(
        listed.some((image) => image.name === name),
        `${seed} in ${listed.map((i) => i.name).join(', ')}`,
      );
      assert.equal(merged.filter((image) => image.name === name).length, 1);
    }
    const tags = fromRegistry(await ask(`${registries.auth}/dockwright-seed/plain:`), registries.auth);
    assert.equal(tags.length, 1);
    assert.equal(tags[0]?.name, `${registries.auth}/dockwright-seed/plain`);
    assert.ok(tags[0]?.tags.includes('latest'), tags[0]?.tags.join());
  });

  it('asks the open loopback registry without any configuration, and a refusing registry gives nothing', async () => {
    const ask = await answering(host, emptyDir);
    const tags = fromRegistry(await ask(`${registries.open}/dockwright-seed/service:`), registries.open);
    assert.ok(tags[0]?.tags.includes('latest'));
    // The htpasswd registry refuses without credentials: no entries, no error.
    assert.deepEqual(fromRegistry(await ask(`${registries.auth}/`), registries.auth), []);
    assert.deepEqual(
      fromRegistry(await ask(`${registries.auth}/dockwright-seed/plain:`), registries.auth),
      [],
    );
  });
});
