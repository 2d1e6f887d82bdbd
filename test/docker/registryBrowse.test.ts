// What the Registries view does against the real test registries, through the same sessions and
// clients it uses: catalog and tag pages one at a time, a multi-platform index built here through
// the registry API, a pull from a tag into the test daemon, a push after a login, a refused login
// that stores nothing, and Docker's own credentials from `auths` and from a `credsStore` helper.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pullImage } from '../../src/extension/docker/pullImage';
import { pushImage } from '../../src/extension/docker/pushImage';
import type { DockerClient } from '../../src/extension/docker/client';
import { formatPlatform, mediaTypes } from '../../src/extension/registries/manifests';
import type { RegistryEntry } from '../../src/extension/registries/registryEntries';
import { registryEntries } from '../../src/extension/registries/registryEntries';
import type { SecretStore } from '../../src/extension/registries/registrySessions';
import { RegistrySessions } from '../../src/extension/registries/registrySessions';
import { RegistryClient, RegistryError } from '../../src/extension/registries/v2Client';
import { platformNodes, tagNode, tagReference } from '../../src/extension/views/registryNodes';
import type { TestRegistries, TestTokenRegistry } from './helpers';
import {
  dockerCli,
  requireDaemon,
  requireRegistries,
  requireTokenRegistry,
  seeds,
  testClient,
} from './helpers';

/** A SecretStorage of the test's own, so what a login stores can be looked at. */
class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  get(key: string) {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string) {
    this.values.set(key, value);
    return Promise.resolve();
  }
  delete(key: string) {
    this.values.delete(key);
    return Promise.resolve();
  }
}

function entryFor(host: string): RegistryEntry {
  const [entry] = registryEntries([host], [], []);
  return entry;
}

describe('Registries view against the test registries', function () {
  this.timeout(120_000);
  let host: string;
  let registries: TestRegistries;
  let token: TestTokenRegistry;
  let configDir: string;
  let client: DockerClient;
  const run = randomBytes(4).toString('hex');
  const repo = 'dockwright-test/browse';
  const tags = [1, 2, 3, 4, 5].map((n) => `${run}-${n}`);
  const cleanup: (() => Promise<unknown>)[] = [];

  const docker = (args: string[], input?: string): string => dockerCli(host, configDir, args, input);

  before(async function () {
    host = requireDaemon(this);
    registries = requireRegistries(this);
    token = requireTokenRegistry(this);
    client = await testClient(host);
    configDir = await mkdtemp(join(tmpdir(), 'dw-browse-'));
    docker(['login', '-u', registries.user, '--password-stdin', registries.auth], registries.password);
    for (const tag of tags) docker(['tag', seeds.plain, `${registries.auth}/${repo}:${tag}`]);
    docker(['push', '--all-tags', `${registries.auth}/${repo}`]);
    for (const tag of tags) docker(['image', 'rm', `${registries.auth}/${repo}:${tag}`]);
    cleanup.push(async () => {
      const sessions = new RegistrySessions(new MemorySecrets(), () => ({ configDir }));
      const c = await sessions.client(entryFor(registries.auth));
      const digest = await c.digest(repo, tags[0]);
      await c.deleteManifest(repo, digest);
    });
  });

  after(async function () {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    if (configDir !== undefined) await rm(configDir, { recursive: true, force: true });
  });

  it('reads the catalog and the tags one page at a time, with the credential docker login stored', async () => {
    const sessions = new RegistrySessions(new MemorySecrets(), () => ({ configDir }));
    const entry = entryFor(registries.auth);
    assert.equal(await sessions.origin(entry.host), 'docker');
    const first = await (await sessions.client(entry)).catalogPage();
    assert.ok(first.items.includes(repo));
    // Pages of two: the view's "load more" row asks for the next one by the URL it was given.
    const paged = new RegistryClient(entry.host, {
      pageSize: 2,
      credential: () => sessions.credential(entry.host),
    });
    const repositories: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await paged.catalogPage(next);
      assert.ok(page.items.length <= 2, `${page.items.length} on a page`);
      repositories.push(...page.items);
      next = page.next;
      pages++;
    } while (next !== undefined && pages < 1000);
    console.log(`      catalog of ${entry.host}: ${repositories.length} repositories in ${pages} pages of 2`);
    assert.ok(pages >= 2);
    assert.ok(repositories.includes(repo) && repositories.includes('dockwright-seed/plain'));
    assert.equal(new Set(repositories).size, repositories.length);
    await assert.rejects(paged.catalogPage('http://127.0.0.2:1/v2/_catalog'), RegistryError);

    const seen: string[] = [];
    next = undefined;
    pages = 0;
    do {
      const page = await paged.tagsPage(repo, next);
      seen.push(...page.items);
      next = page.next;
      pages++;
    } while (next !== undefined && pages < 100);
    // More tags than a page holds: Distribution 2.8 answers them in one page whatever `n` asks.
    console.log(`      tags of ${repo}: ${seen.length} in ${pages} page(s)`);
    assert.deepEqual(seen.filter((t) => t.startsWith(`${run}-`)).sort(), tags);
  });

  it('shows a multi-platform index pushed through the registry API as its platforms', async () => {
    const open = registries.open;
    const multi = 'dockwright-test/multi';
    const base = `http://${open}/v2`;
    const json = (body: unknown) => Buffer.from(JSON.stringify(body));
    const sha = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const seed = (await (
      await fetch(`${base}/dockwright-seed/plain/manifests/latest`, {
        headers: { accept: `${mediaTypes.dockerManifest}, ${mediaTypes.ociManifest}` },
      })
    ).json()) as {
      config: { digest: string };
      layers: { digest: string; size: number; mediaType: string }[];
    };
    const seedConfig = (await (
      await fetch(`${base}/dockwright-seed/plain/blobs/${seed.config.digest}`)
    ).json()) as Record<string, unknown>;
    const put = async (path: string, body: Buffer, type: string) => {
      const response = await fetch(`${base}/${multi}/${path}`, {
        method: 'PUT',
        body,
        headers: { 'content-type': type },
      });
      assert.ok(response.status === 201, `${path}: HTTP ${response.status} ${await response.text()}`);
    };
    const upload = async (blob: Buffer) => {
      const start = await fetch(`${base}/${multi}/blobs/uploads/`, { method: 'POST' });
      const location = new URL(start.headers.get('location') ?? '', `http://${open}`);
      location.searchParams.set('digest', sha(blob));
      const done = await fetch(location, {
        method: 'PUT',
        body: blob,
        headers: { 'content-type': 'application/octet-stream' },
      });
      assert.equal(done.status, 201);
    };
    for (const layer of seed.layers) {
      const mount = await fetch(
        `${base}/${multi}/blobs/uploads/?mount=${layer.digest}&from=dockwright-seed/plain`,
        {
          method: 'POST',
        },
      );
      assert.equal(mount.status, 201);
    }
    const platforms: [string, string, string?][] = [
      ['linux', 'amd64'],
      ['linux', 'arm64', 'v8'],
    ];
    const children = [];
    for (const [os, architecture, variant] of platforms) {
      const config = json({ ...seedConfig, os, architecture, ...(variant === undefined ? {} : { variant }) });
      await upload(config);
      const manifest = json({
        schemaVersion: 2,
        mediaType: mediaTypes.ociManifest,
        config: { mediaType: mediaTypes.ociConfig, digest: sha(config), size: config.length },
        layers: seed.layers.map((l) => ({
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: l.digest,
          size: l.size,
        })),
      });
      await put(`manifests/${sha(manifest)}`, manifest, mediaTypes.ociManifest);
      children.push({
        mediaType: mediaTypes.ociManifest,
        digest: sha(manifest),
        size: manifest.length,
        platform: { os, architecture, ...(variant === undefined ? {} : { variant }) },
      });
    }
    const index = json({ schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: children });
    await put(`manifests/${run}`, index, mediaTypes.ociIndex);

    const entry = entryFor(open);
    const sessions = new RegistrySessions(new MemorySecrets());
    const c = await sessions.client(entry);
    const read = await c.manifest(multi, run);
    assert.equal(read.digest, sha(index));
    assert.equal(read.manifest.kind, 'index');
    if (read.manifest.kind !== 'index') return;
    const rows = platformNodes(tagNode(entry, multi, run), read.manifest.manifests);
    assert.deepEqual(
      rows.map((r) => (r.kind === 'platform' ? formatPlatform(r.manifest.platform) : '')),
      ['linux/amd64', 'linux/arm64/v8'],
    );
    // Each platform's own manifest and config say the same platform.
    const arm = read.manifest.manifests[1];
    const armManifest = await c.manifest(multi, arm.digest);
    assert.equal(armManifest.manifest.kind, 'image');
    if (armManifest.manifest.kind === 'image' && armManifest.manifest.config !== undefined) {
      assert.equal((await c.config(multi, armManifest.manifest.config.digest)).architecture, 'arm64');
    }
    cleanup.push(() => c.deleteManifest(multi, read.digest));
  });

  it('pulls a tag into the test daemon with the credential Docker has for the registry', async () => {
    const sessions = new RegistrySessions(new MemorySecrets(), () => ({ configDir }));
    const entry = entryFor(registries.auth);
    const reference = tagReference(entry, repo, tags[3]);
    const messages: number[] = [];
    const result = await pullImage(client, reference, await sessions.credential(entry.host), (p) =>
      messages.push(p.percent),
    );
    cleanup.push(() => client.removeImage(reference, {}));
    assert.equal(result.reference, reference);
    assert.ok(messages.length > 0, 'progress reported');
    const images = await client.listImages();
    assert.ok(
      images.some((image) => image.repoTags.includes(reference)),
      'the pulled tag is in the daemon',
    );
  });

  it('logs in to the token registry (stored in the secret store only) and pushes a local image there', async () => {
    const secrets = new MemorySecrets();
    const emptyConfig = await mkdtemp(join(tmpdir(), 'dw-browse-empty-'));
    cleanup.push(() => rm(emptyConfig, { recursive: true, force: true }));
    const sessions = new RegistrySessions(secrets, () => ({ configDir: emptyConfig }));
    const entry = entryFor(token.host);
    assert.equal(await sessions.origin(entry.host), 'none');
    await sessions.logIn(entry, token.user, token.password);
    assert.equal(await sessions.origin(entry.host), 'dockwright');
    assert.equal(secrets.values.size, 1);
    const reference = `${token.host}/dockwright-test/pushed:${run}`;
    docker(['tag', seeds.service, reference]);
    cleanup.push(() => client.removeImage(reference, {}));
    const pushed = await pushImage(client, reference, await sessions.credential(entry.host));
    assert.match(pushed.digest ?? '', /^sha256:/);
    const c = await sessions.client(entry);
    assert.equal(await c.digest('dockwright-test/pushed', run), pushed.digest);
    cleanup.push(async () => c.deleteManifest('dockwright-test/pushed', pushed.digest ?? ''));
    await sessions.logOut(entry.host);
    assert.equal(secrets.values.size, 0);
    assert.equal(await sessions.origin(entry.host), 'none');
  });

  it('refuses a wrong password with a message naming the registry, and stores nothing', async () => {
    for (const [registry, user] of [
      [registries.auth, registries.user],
      [token.host, token.user],
    ]) {
      const secrets = new MemorySecrets();
      const sessions = new RegistrySessions(secrets);
      const wrong = `wrong-${run}`;
      await assert.rejects(sessions.logIn(entryFor(registry), user, wrong), (err: Error) => {
        assert.ok(err instanceof RegistryError, String(err));
        assert.equal(err.kind, 'auth');
        assert.ok(err.message.includes(registry), err.message);
        assert.match(err.message, /rejected|refused/);
        assert.ok(!err.message.includes(wrong));
        return true;
      });
      assert.equal(secrets.values.size, 0);
    }
  });

  it("uses Docker's credsStore helper (a script on PATH) without asking", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dw-browse-store-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const store = join(dir, 'asked');
    // The helper answers the test registry and records which server it was asked for.
    await writeFile(
      join(bin, 'docker-credential-dwbrowse'),
      `#!/bin/sh\nread server\nprintf '%s\\n' "$server" >> '${store}'\n` +
        `if [ "$server" = '${registries.auth}' ]; then printf '{"ServerURL":"%s","Username":"${registries.user}","Secret":"${registries.password}"}' "$server"; ` +
        `else echo 'credentials not found in native keychain'; exit 1; fi\n`,
    );
    await chmod(join(bin, 'docker-credential-dwbrowse'), 0o755);
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ credsStore: 'dwbrowse', auths: { [registries.auth]: {} } }),
    );
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
    const sessions = new RegistrySessions(new MemorySecrets(), () => ({ configDir: dir, env }));
    const entry = entryFor(registries.auth);
    assert.equal(await sessions.origin(entry.host), 'docker');
    const c = await sessions.client(entry);
    assert.ok((await c.tags(repo)).tags.includes(tags[0]));
    assert.equal(await sessions.origin(token.host), 'none');
  });
});
