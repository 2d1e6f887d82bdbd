// The Bearer flow against the test environment's registry with `auth: token`: tokens from the
// project's own token server, scoped per repository, anonymous pulls of the public namespace,
// refusals for what an identity holds no right to. The daemon pushes there with its own token flow.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenCache } from '../../src/extension/registries/authChallenge';
import type { RegistryCredential } from '../../src/extension/registries/credentials';
import { RegistryClient, RegistryError } from '../../src/extension/registries/v2Client';
import type { TestTokenRegistry } from './helpers';
import { dockerCli, requireDaemon, requireTokenRegistry, seeds } from './helpers';

describe('Token-auth registry', function () {
  this.timeout(120_000);
  let host: string;
  let registry: TestTokenRegistry;
  let configDir: string;
  let credential: RegistryCredential;
  const run = randomBytes(4).toString('hex');
  const publicRepo = 'dockwright-public/token-test';
  const privateRepo = 'dockwright-test/token-private';
  const pushed: [string, string][] = [];

  const docker = (args: string[], input?: string): string => dockerCli(host, configDir, args, input);

  function push(repo: string, tag: string): void {
    const ref = `${registry.host}/${repo}:${tag}`;
    docker(['tag', seeds.plain, ref]);
    docker(['push', ref]);
    docker(['image', 'rm', ref]);
    pushed.push([repo, tag]);
  }

  before(async function () {
    host = requireDaemon(this);
    registry = requireTokenRegistry(this);
    configDir = await mkdtemp(join(tmpdir(), 'dw-tokenreg-'));
    credential = { username: registry.user, secret: registry.password, source: 'test' };
    // The daemon answers the registry's challenge itself, with the credential the CLI stored.
    docker(['login', '-u', registry.user, '--password-stdin', registry.host], registry.password);
    push(publicRepo, run);
    push(privateRepo, run);
  });

  after(async function () {
    if (host === undefined) return;
    const client = new RegistryClient(registry.host, { credential: () => Promise.resolve(credential) });
    for (const [repo, tag] of pushed) {
      const digest = await client.digest(repo, tag).catch(() => '');
      if (digest !== '') await client.deleteManifest(repo, digest).catch(() => undefined);
    }
    if (configDir !== undefined) await rm(configDir, { recursive: true, force: true });
  });

  it('challenges with Bearer, naming the token server as realm and the service', async () => {
    const ping = await new RegistryClient(registry.host).ping();
    assert.equal(ping.ok, true);
    assert.equal(ping.anonymous, false);
    assert.equal(ping.challenges[0]?.scheme, 'bearer');
    assert.equal(ping.challenges[0]?.params.realm, registry.realm);
    assert.equal(ping.challenges[0]?.params.service, registry.service);
  });

  it('reads catalog, tags and manifests with tokens scoped to each, cached until they expire', async () => {
    const tokens = new TokenCache();
    const client = new RegistryClient(registry.host, {
      credential: () => Promise.resolve(credential),
      tokenCache: tokens,
    });
    const catalog = await client.catalog();
    assert.ok(catalog.repositories.includes(publicRepo), catalog.repositories.join(', '));
    assert.ok(catalog.repositories.includes(privateRepo));
    assert.equal(tokens.size, 1, 'one token for the catalog scope');
    assert.ok((await client.tags(privateRepo)).tags.includes(run));
    const manifest = await client.manifest(privateRepo, run);
    assert.equal(manifest.manifest.kind, 'image');
    assert.equal(tokens.size, 2, 'one more for the repository, reused for its manifest');
    await client.tags(publicRepo);
    assert.equal(tokens.size, 3);
    // A second client sharing the cache asks the token server for nothing new.
    const again = new RegistryClient(registry.host, {
      credential: () => Promise.resolve(credential),
      tokenCache: tokens,
    });
    await again.tags(privateRepo);
    assert.equal(tokens.size, 3);
  });

  it('pulls the public repository anonymously and refuses the private one without a login', async () => {
    const anonymous = new RegistryClient(registry.host);
    assert.ok((await anonymous.tags(publicRepo)).tags.includes(run));
    const digest = await anonymous.digest(publicRepo, run);
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    await assert.rejects(anonymous.tags(privateRepo), (err: Error) => {
      assert.ok(err instanceof RegistryError, String(err));
      assert.equal(err.kind, 'auth');
      assert.match(err.message, new RegExp(registry.host.replace(/\./g, '\\.')));
      return true;
    });
    // The daemon pulls the public repository without any credentials too.
    const anonymousConfig = await mkdtemp(join(tmpdir(), 'dw-tokenreg-anon-'));
    try {
      const ref = `${registry.host}/${publicRepo}:${run}`;
      dockerCli(host, anonymousConfig, ['pull', ref]);
      docker(['image', 'rm', ref]);
    } finally {
      await rm(anonymousConfig, { recursive: true, force: true });
    }
  });

  it('refuses a push and a delete to an identity that may only pull', async () => {
    const readerConfig = await mkdtemp(join(tmpdir(), 'dw-tokenreg-reader-'));
    const cli = (args: string[], input?: string) => dockerCli(host, readerConfig, args, input);
    const ref = `${registry.host}/${privateRepo}:${run}-reader`;
    try {
      cli(['login', '-u', registry.reader, '--password-stdin', registry.host], registry.readerPassword);
      cli(['tag', seeds.plain, ref]);
      assert.throws(
        () => cli(['push', ref]),
        (err: Error & { stderr?: string }) => /denied|unauthorized|insufficient/i.test(err.stderr ?? ''),
      );
    } finally {
      try {
        cli(['image', 'rm', ref]);
      } catch {
        // never tagged
      }
      await rm(readerConfig, { recursive: true, force: true });
    }
    const reader = new RegistryClient(registry.host, {
      credential: () =>
        Promise.resolve({ username: registry.reader, secret: registry.readerPassword, source: 'test' }),
    });
    const digest = await reader.digest(privateRepo, run);
    await assert.rejects(reader.deleteManifest(privateRepo, digest), (err: Error) => {
      assert.ok(err instanceof RegistryError, String(err));
      assert.equal(err.kind, 'auth');
      return true;
    });
    // Still there.
    assert.equal(await reader.digest(privateRepo, run), digest);
  });

  it('names the registry when the token server rejects a wrong password, without the password', async () => {
    const wrong = `${registry.password}-wrong`;
    const client = new RegistryClient(registry.host, {
      credential: () => Promise.resolve({ username: registry.user, secret: wrong, source: 'test' }),
    });
    await assert.rejects(client.tags(privateRepo), (err: Error) => {
      assert.ok(err instanceof RegistryError, String(err));
      assert.equal(err.kind, 'auth');
      assert.match(err.message, new RegExp(`${registry.host.replace(/\./g, '\\.')} refused the credentials`));
      assert.ok(!err.message.includes(wrong));
      return true;
    });
  });
});
