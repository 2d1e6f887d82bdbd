// The registry client against the real registries of the test environment: Basic auth on one,
// none on the other; tags pushed with the CLI into the test daemon's registries and deleted again.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryCredential } from '../../src/extension/registries/credentials';
import { resolveDockerCredential } from '../../src/extension/registries/credentials';
import { RegistryClient, RegistryError } from '../../src/extension/registries/v2Client';
import type { TestRegistries } from './helpers';
import { callTimeoutMs, requireDaemon, requireRegistries, seeds } from './helpers';

describe('Registry client', function () {
  this.timeout(120_000);
  let host: string;
  let registries: TestRegistries;
  let configDir: string;
  let credential: RegistryCredential;
  // One repository for every run (the registry keeps a repository's name in its catalog after its
  // manifests are deleted), tags unique to this run.
  const repo = 'dockwright-test/registry-client';
  const run = randomBytes(4).toString('hex');
  const tagNames = [1, 2, 3, 4, 5].map((n) => `${run}-${n}`);
  let pushed = false;

  function docker(args: string[], input?: string): string {
    return execFileSync('docker', ['-H', host, '--config', configDir, ...args], {
      encoding: 'utf8',
      input,
      timeout: callTimeoutMs * 4,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  before(async function () {
    host = requireDaemon(this);
    registries = requireRegistries(this);
    configDir = await mkdtemp(join(tmpdir(), 'dw-regclient-'));
    credential = { username: registries.user, secret: registries.password, source: 'test' };
    // Log in with the CLI into a temporary config: the client reads it back as Docker stores it.
    docker(['login', '-u', registries.user, '--password-stdin', registries.auth], registries.password);
    const base = `${registries.auth}/${repo}`;
    for (const tag of tagNames) docker(['tag', seeds.plain, `${base}:${tag}`]);
    docker(['push', '--all-tags', base]);
    pushed = true;
  });

  after(async function () {
    if (host === undefined) return;
    if (pushed) {
      const client = new RegistryClient(registries.auth, { credential: () => Promise.resolve(credential) });
      const digests = new Set<string>();
      for (const tag of tagNames) digests.add(await client.digest(repo, tag).catch(() => ''));
      for (const digest of digests)
        if (digest !== '') await client.deleteManifest(repo, digest).catch(() => undefined);
    }
    for (const tag of tagNames) {
      try {
        docker(['image', 'rm', `${registries.auth}/${repo}:${tag}`]);
      } catch {
        // already gone
      }
    }
    if (configDir !== undefined) await rm(configDir, { recursive: true, force: true });
  });

  it('pings: no auth on the open registry, a Basic challenge on the other', async () => {
    const open = await new RegistryClient(registries.open).ping();
    assert.deepEqual(open, { ok: true, anonymous: true, challenges: [] });
    const auth = await new RegistryClient(registries.auth).ping();
    assert.equal(auth.ok, true);
    assert.equal(auth.anonymous, false);
    assert.equal(auth.challenges[0]?.scheme, 'basic');
    assert.ok(auth.challenges[0]?.params.realm !== undefined);
  });

  it('reads the credential docker login stored and is accepted with it', async () => {
    const stored = await resolveDockerCredential(registries.auth, { configDir, env: process.env });
    assert.equal(stored?.username, registries.user);
    const client = new RegistryClient(registries.auth, {
      credential: () => resolveDockerCredential(registries.auth, { configDir, env: process.env }),
    });
    await client.checkLogin();
  });

  it('follows catalog and tag pages (Link headers)', async () => {
    const client = new RegistryClient(registries.auth, {
      credential: () => Promise.resolve(credential),
      pageSize: 2,
    });
    const { tags, pages } = await client.tags(repo);
    console.log(`      tags of ${repo}: ${tags.length} in ${pages} pages of 2`);
    assert.deepEqual(tags.filter((t) => t.startsWith(`${run}-`)).sort(), tagNames);
    assert.equal(new Set(tags).size, tags.length);
    // Distribution 2.8 answers tags/list in one page whatever `n` says (tag pages came with v3);
    // a registry that pages must take ceil(tags / 2) of them.
    assert.ok(pages === 1 || pages === Math.ceil(tags.length / 2), `${pages} pages`);

    const catalog = await client.catalog();
    console.log(
      `      catalog of ${registries.auth}: ${catalog.repositories.length} repositories in ${catalog.pages} pages`,
    );
    assert.ok(catalog.repositories.includes(repo));
    assert.ok(catalog.repositories.includes('dockwright-seed/plain'));
    // Two per page, a next link only while more remain; others may push while we read.
    const full = Math.ceil(catalog.repositories.length / 2);
    assert.ok(
      catalog.pages >= 2 && catalog.pages >= full && catalog.pages <= full + 1,
      `${catalog.pages} pages`,
    );
    assert.equal(new Set(catalog.repositories).size, catalog.repositories.length);

    const open = await new RegistryClient(registries.open, { pageSize: 1 }).catalog();
    console.log(
      `      catalog of ${registries.open}: ${open.repositories.length} repositories in ${open.pages} pages of 1`,
    );
    assert.ok(open.pages >= open.repositories.length);
    assert.ok(open.repositories.includes('dockwright-seed/service'));
  });

  it('reads the manifest and digest of the seed image as the daemon recorded them', async () => {
    const inspect = JSON.parse(docker(['image', 'inspect', seeds.plain])) as { RepoDigests: string[] }[];
    const client = new RegistryClient(registries.auth, { credential: () => Promise.resolve(credential) });
    for (const [registry, c] of [
      [registries.auth, client],
      [registries.open, new RegistryClient(registries.open)],
    ] as const) {
      const prefix = `${registry}/dockwright-seed/plain@`;
      const recorded = inspect[0].RepoDigests.find((d) => d.startsWith(prefix))?.slice(prefix.length);
      assert.ok(recorded !== undefined, `RepoDigests: ${inspect[0].RepoDigests.join(', ')}`);
      const manifest = await c.manifest('dockwright-seed/plain', 'latest');
      assert.equal(manifest.digest, recorded);
      assert.equal(await c.digest('dockwright-seed/plain', 'latest'), recorded);
      const byDigest = await c.manifest('dockwright-seed/plain', recorded);
      assert.equal(byDigest.digest, recorded);
      assert.equal(manifest.manifest.kind, 'image');
      if (manifest.manifest.kind !== 'image') continue;
      assert.ok(manifest.manifest.layers.length >= 1);
      assert.ok(manifest.manifest.config !== undefined);
      const config = await c.config('dockwright-seed/plain', manifest.manifest.config.digest);
      assert.equal(config.os, 'linux');
      assert.ok(config.created !== undefined);
    }
    // The pushed tags carry the same manifest.
    assert.equal(
      await client.digest(repo, tagNames[2]),
      (await client.manifest('dockwright-seed/plain', 'latest')).digest,
    );
  });

  it('says which registry rejected a wrong password, and stores nothing', async () => {
    const before = await readdir(configDir);
    const beforeConfig = await readFile(join(configDir, 'config.json'), 'utf8');
    const wrongSecret = `${registries.password}-wrong`;
    const client = new RegistryClient(registries.auth, {
      credential: () => Promise.resolve({ username: registries.user, secret: wrongSecret, source: 'test' }),
    });
    await assert.rejects(client.checkLogin(), (err: Error) => {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.kind, 'auth');
      assert.match(
        err.message,
        new RegExp(
          `^${registries.auth.replace(/\./g, '\\.')} rejected the credentials of ${registries.user}`,
        ),
      );
      assert.ok(!err.message.includes(wrongSecret));
      return true;
    });
    await assert.rejects(new RegistryClient(registries.auth).tags(repo), /requires a login/);
    assert.deepEqual(await readdir(configDir), before);
    assert.equal(await readFile(join(configDir, 'config.json'), 'utf8'), beforeConfig);
  });

  it('deletes a manifest where the registry allows it', async () => {
    const client = new RegistryClient(registries.auth, { credential: () => Promise.resolve(credential) });
    const gone = `${run}-gone`;
    const extra = `${registries.auth}/${repo}:${gone}`;
    docker(['tag', seeds.service, extra]);
    docker(['push', extra]);
    docker(['image', 'rm', extra]);
    const digest = await client.digest(repo, gone);
    await client.deleteManifest(repo, digest);
    await assert.rejects(
      client.manifest(repo, digest),
      (err: Error) => err instanceof RegistryError && err.status === 404,
    );
    assert.ok(!(await client.tags(repo)).tags.includes(gone));
  });
});
