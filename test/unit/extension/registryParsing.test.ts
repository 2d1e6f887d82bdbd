import * as assert from 'node:assert/strict';
import {
  parseChallenges,
  readTokenResponse,
  repositoryScope,
  TokenCache,
} from '../../../src/extension/registries/authChallenge';
import {
  formatPlatform,
  imageSize,
  manifestKind,
  mediaTypes,
  parseImageConfig,
  parseManifest,
} from '../../../src/extension/registries/manifests';
import { nextPageUrl, parseLinkHeader } from '../../../src/extension/registries/pagination';
import { isLoopbackHost, registryBaseUrl, usesPlainHttp } from '../../../src/extension/registries/transport';
import { isReference, isRepositoryName, RegistryClient } from '../../../src/extension/registries/v2Client';

describe('registry parsing', () => {
  describe('WWW-Authenticate', () => {
    it('reads a Bearer challenge with realm, service and scope', () => {
      const [c] = parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      );
      assert.equal(c.scheme, 'bearer');
      assert.deepEqual(c.params, {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/alpine:pull',
      });
    });

    it('reads Basic, several challenges, spaces, escapes and unquoted values', () => {
      assert.deepEqual(parseChallenges('Basic realm="Registry Realm"'), [
        { scheme: 'basic', params: { realm: 'Registry Realm' } },
      ]);
      const both = parseChallenges(
        'Basic realm="a, b" , Bearer realm=https://t/x, service = "s\\"q" ,error=invalid_token',
      );
      assert.deepEqual(
        both.map((c) => c.scheme),
        ['basic', 'bearer'],
      );
      assert.equal(both[0].params.realm, 'a, b');
      assert.deepEqual(both[1].params, { realm: 'https://t/x', service: 's"q', error: 'invalid_token' });
    });

    it('keeps the first of repeated parameters and a scope with several actions', () => {
      const [c] = parseChallenges('Bearer realm="r1",realm="r2",scope="repository:a/b:pull,push"');
      assert.equal(c.params.realm, 'r1');
      assert.equal(c.params.scope, 'repository:a/b:pull,push');
    });

    it('never throws on malformed input and stays linear', () => {
      for (const input of [
        '',
        ',,,',
        '=',
        'Bearer realm="unterminated',
        '"""',
        'Basic =x',
        ';;;',
        undefined,
      ]) {
        assert.doesNotThrow(() => parseChallenges(input));
      }
      const huge = 'Bearer ' + 'a="b",'.repeat(100_000) + 'realm="' + '\\'.repeat(200_000);
      const start = process.hrtime.bigint();
      parseChallenges(huge);
      assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 2_000);
    });
  });

  describe('tokens', () => {
    it('reads token or access_token, with the spec minimum lifetime of 60 s', () => {
      assert.deepEqual(readTokenResponse('{"token":"t","expires_in":300}'), {
        token: 't',
        lifetimeSeconds: 300,
      });
      assert.deepEqual(readTokenResponse('{"access_token":"a"}'), { token: 'a', lifetimeSeconds: 60 });
      assert.deepEqual(readTokenResponse('{"token":"t","expires_in":5}'), {
        token: 't',
        lifetimeSeconds: 60,
      });
      assert.equal(readTokenResponse('{"token":""}'), undefined);
      assert.equal(readTokenResponse('not json'), undefined);
    });

    it('caches tokens per scope and identity until shortly before expiry', () => {
      let now = 1_000_000;
      const cache = new TokenCache(() => now);
      const challenge = { scheme: 'bearer', params: { realm: 'https://t/token', service: 's' } };
      const scope = repositoryScope('a/b');
      cache.set(challenge, scope, 'alice', 'tok', 60);
      assert.equal(cache.get(challenge, scope, 'alice'), 'tok');
      assert.equal(cache.get(challenge, scope, ''), undefined);
      assert.equal(cache.get(challenge, repositoryScope('a/b', ['pull', 'push']), 'alice'), undefined);
      now += 49_000;
      assert.equal(cache.get(challenge, scope, 'alice'), 'tok');
      now += 2_000;
      assert.equal(cache.get(challenge, scope, 'alice'), undefined);
      cache.set(challenge, scope, 'alice', 'tok', 60);
      cache.forget('alice');
      assert.equal(cache.size, 0);
    });
  });

  describe('Link headers', () => {
    it('resolves the next page against the page URL', () => {
      const base = new URL('http://127.0.0.1:5000/v2/_catalog?n=2');
      const next = nextPageUrl('</v2/_catalog?last=b&n=2>; rel="next"', base);
      assert.equal(next?.href, 'http://127.0.0.1:5000/v2/_catalog?last=b&n=2');
    });

    it('finds rel=next among several links and parameters', () => {
      const header = '<https://r/x?p=1>; rel="prev"; title="a,b", <https://r/x?p=3>; type=x; rel=next';
      assert.equal(parseLinkHeader(header).length, 2);
      assert.equal(nextPageUrl(header, new URL('https://r/'))?.href, 'https://r/x?p=3');
    });

    it('has no next page without one, and never throws', () => {
      const base = new URL('http://h/');
      assert.equal(nextPageUrl(undefined, base), undefined);
      assert.equal(nextPageUrl('<http://h/a>; rel="prev"', base), undefined);
      for (const input of [
        '<',
        '>',
        '<a',
        ';rel=next',
        '<http://[bad>; rel=next',
        '<x>;;;=;',
        '<x> junk, <y>; rel=next',
      ]) {
        assert.doesNotThrow(() => nextPageUrl(input, base));
      }
    });
  });

  describe('manifests', () => {
    it('classifies Docker and OCI media types', () => {
      assert.equal(manifestKind(mediaTypes.dockerManifest), 'image');
      assert.equal(manifestKind(mediaTypes.ociManifest), 'image');
      assert.equal(manifestKind(mediaTypes.dockerManifestList), 'index');
      assert.equal(manifestKind(`${mediaTypes.ociIndex}; charset=utf-8`), 'index');
      assert.equal(manifestKind('application/json'), 'unknown');
      assert.equal(manifestKind(undefined), 'unknown');
    });

    it('reads an image manifest: config, layers and size', () => {
      const body = JSON.stringify({
        schemaVersion: 2,
        mediaType: mediaTypes.dockerManifest,
        config: { mediaType: mediaTypes.dockerConfig, digest: 'sha256:c', size: 100 },
        layers: [
          { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: 'sha256:l1', size: 1000 },
          { digest: 'sha256:l2', size: 20 },
          { size: 5 },
        ],
      });
      const m = parseManifest(body);
      assert.equal(m?.kind, 'image');
      if (m?.kind !== 'image') return;
      assert.equal(m.config?.digest, 'sha256:c');
      assert.equal(m.layers.length, 2);
      assert.equal(imageSize(m), 1120);
    });

    it('reads an OCI index as platforms, the media type from Content-Type when the body omits it', () => {
      const body = JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: mediaTypes.ociManifest,
            digest: 'sha256:a',
            size: 1,
            platform: { os: 'linux', architecture: 'amd64' },
          },
          {
            mediaType: mediaTypes.ociManifest,
            digest: 'sha256:b',
            size: 1,
            platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
          },
          {
            digest: 'sha256:w',
            size: 1,
            platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1' },
          },
          { digest: 'sha256:att', size: 1, platform: { os: 'unknown', architecture: 'unknown' } },
        ],
      });
      const m = parseManifest(body, `${mediaTypes.ociIndex}`);
      assert.equal(m?.kind, 'index');
      if (m?.kind !== 'index') return;
      assert.equal(m.mediaType, mediaTypes.ociIndex);
      assert.deepEqual(
        m.manifests.map((e) => formatPlatform(e.platform)),
        ['linux/amd64', 'linux/arm64/v8', 'windows/amd64 (10.0.17763.1)', 'unknown/unknown'],
      );
      assert.equal(formatPlatform(undefined), 'unknown');
    });

    it('returns undefined for what is not a manifest', () => {
      assert.equal(parseManifest('nope'), undefined);
      assert.equal(parseManifest('[1,2]'), undefined);
      assert.equal(parseManifest('null'), undefined);
    });

    it('summarizes an image config blob', () => {
      const summary = parseImageConfig(
        JSON.stringify({
          created: '2024-01-02T03:04:05Z',
          os: 'linux',
          architecture: 'amd64',
          config: { Labels: { a: '1', b: 2 } },
        }),
      );
      assert.deepEqual(summary, {
        created: '2024-01-02T03:04:05Z',
        os: 'linux',
        architecture: 'amd64',
        labels: { a: '1' },
      });
      assert.deepEqual(parseImageConfig('{'), { labels: {} });
    });
  });

  describe('transport choice', () => {
    it('speaks plain HTTP to loopback and to hosts marked insecure only', () => {
      assert.ok(isLoopbackHost('127.0.0.1'));
      assert.ok(isLoopbackHost('localhost'));
      assert.ok(isLoopbackHost('[::1]'));
      assert.ok(!isLoopbackHost('127.0.0.1.example.com'));
      assert.equal(registryBaseUrl('127.0.0.1:5000').href, 'http://127.0.0.1:5000/');
      assert.equal(registryBaseUrl('localhost:5001').href, 'http://localhost:5001/');
      assert.equal(registryBaseUrl('ghcr.io').href, 'https://ghcr.io/');
      assert.equal(
        registryBaseUrl('reg.lan:5000', { insecureHosts: ['reg.lan:5000'] }).href,
        'http://reg.lan:5000/',
      );
      assert.ok(usesPlainHttp('reg.lan:5000', { insecureHosts: ['reg.lan'] }));
      assert.ok(!usesPlainHttp('other.lan:5000', { insecureHosts: ['reg.lan'] }));
    });
  });
});

describe('registry names', () => {
  it('accepts repository names, tags and digests, and nothing that could leave the path', () => {
    for (const name of ['alpine', 'library/alpine', 'a/b-c/d_e.f', 'dockwright-seed/plain']) {
      assert.ok(isRepositoryName(name), name);
    }
    for (const name of ['', 'Upper', '../x', 'a/../b', 'a/./b', 'a//b', '/a', 'a/', 'a?b', 'a b', 'a%2f']) {
      assert.ok(!isRepositoryName(name), name);
    }
    assert.ok(isReference('latest'));
    assert.ok(isReference('v1.2.3-rc_1'));
    assert.ok(isReference(`sha256:${'a'.repeat(64)}`));
    for (const ref of ['', '-x', '.x', 'a/b', 'a?b', 'x'.repeat(129), 'sha256:', '../x']) {
      assert.ok(!isReference(ref), ref);
    }
  });

  it('refuses a bad name before sending anything', async () => {
    const client = new RegistryClient('127.0.0.1:9');
    await assert.rejects(client.manifest('a/../../x', 'latest'), /is not a repository name/);
    await assert.rejects(client.manifest('a', '../x'), /is not a tag or digest/);
  });
});
