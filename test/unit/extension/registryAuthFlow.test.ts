// The Bearer and Basic flows against small HTTP servers of the test's own on 127.0.0.1: a registry
// that challenges, a token server that hands out tokens, and a second host a redirect leads to.
import * as assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenCache } from '../../../src/extension/registries/authChallenge';
import type { RegistryCredential } from '../../../src/extension/registries/credentials';
import { RegistryClient, RegistryError } from '../../../src/extension/registries/v2Client';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface LocalServer {
  host: string;
  requests: { url: string; authorization?: string; method: string }[];
  close(): Promise<void>;
}

async function serve(handler: Handler): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization, method: req.method ?? '' });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const secret = 'p4ss-word-DW';
const alice: RegistryCredential = { username: 'alice', secret, source: 'test' };
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('registry auth flows', () => {
  const servers: LocalServer[] = [];
  let tokens: LocalServer;
  let registry: LocalServer;
  let elsewhere: LocalServer;
  let issued = 0;

  before(async () => {
    elsewhere = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(
        '{"created":"2024-05-06T07:08:09Z","os":"linux","architecture":"amd64","config":{"Labels":{"k":"v"}}}',
      );
    });
    tokens = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const auth = req.headers.authorization;
      if (auth !== undefined && auth !== basic('alice', secret)) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"details":"incorrect username or password"}');
        return;
      }
      const scope = url.searchParams.get('scope') ?? '';
      // Anonymous callers get pull tokens for public/ repositories only.
      if (auth === undefined && !scope.startsWith('repository:public/')) {
        res.writeHead(401);
        res.end();
        return;
      }
      issued++;
      res.writeHead(200, { 'content-type': 'application/json' });
      const who = auth === undefined ? 'anon' : 'alice';
      res.end(
        JSON.stringify({ token: `tok|${who}|${scope}|${url.searchParams.get('service')}`, expires_in: 300 }),
      );
    });
    registry = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const repo = /^\/v2\/(.+)\/(manifests|tags|blobs)\//.exec(url.pathname)?.[1] ?? '';
      const scope = repo === '' ? '' : `repository:${repo}:pull`;
      const expected = new Set([`Bearer tok|alice|${scope}|dw-test`, `Bearer tok|anon|${scope}|dw-test`]);
      if (!expected.has(req.headers.authorization ?? '')) {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="http://${tokens.host}/token",service="dw-test"${scope === '' ? '' : `,scope="${scope}"`}`,
          'content-type': 'application/json',
        });
        res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
        return;
      }
      if (url.pathname.endsWith('/tags/list')) {
        const last = url.searchParams.get('last');
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(last === null ? { link: `</v2/${repo}/tags/list?n=2&last=b>; rel="next"` } : {}),
        });
        res.end(JSON.stringify({ name: repo, tags: last === null ? ['a', 'b'] : ['c'] }));
        return;
      }
      if (url.pathname.includes('/blobs/')) {
        // Blobs live on another host, as registries hand them to a storage service.
        res.writeHead(307, { location: `http://${elsewhere.host}/storage/blob?sig=1` });
        res.end();
        return;
      }
      res.writeHead(404);
      res.end();
    });
    servers.push(elsewhere, tokens, registry);
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('answers a Bearer challenge with a token for the scope, cached for later requests', async () => {
    issued = 0;
    const client = new RegistryClient(registry.host, {
      credential: () => Promise.resolve(alice),
      pageSize: 2,
    });
    const first = await client.tags('team/app');
    assert.deepEqual(first, { tags: ['a', 'b', 'c'], pages: 2 });
    await client.tags('team/app');
    assert.equal(issued, 1, 'one token for one scope');
    const tokenRequest = tokens.requests.at(-1);
    assert.equal(tokenRequest?.authorization, basic('alice', secret));
    assert.match(tokenRequest?.url ?? '', /service=dw-test/);
    assert.match(tokenRequest?.url ?? '', /scope=repository%3Ateam%2Fapp%3Apull/);
  });

  it('gets anonymous tokens for public repositories', async () => {
    const client = new RegistryClient(registry.host);
    assert.deepEqual((await client.tags('public/hello')).tags, ['a', 'b', 'c']);
    assert.equal(tokens.requests.at(-1)?.authorization, undefined);
  });

  it('says which registry refused, without the secret', async () => {
    const wrong: RegistryCredential = { username: 'alice', secret: `${secret}-wrong`, source: 'test' };
    const client = new RegistryClient(registry.host, { credential: () => Promise.resolve(wrong) });
    await assert.rejects(client.tags('team/app'), (err: Error) => {
      assert.ok(err instanceof RegistryError);
      assert.equal(err.kind, 'auth');
      assert.ok(err.message.includes(registry.host), err.message);
      assert.ok(err.message.includes('alice'), err.message);
      assert.ok(!err.message.includes(secret), err.message);
      return true;
    });
    const anonymous = new RegistryClient(registry.host);
    await assert.rejects(anonymous.tags('team/app'), /refused an anonymous token.*log in/);
  });

  it('renews a token once the cache lets it go', async () => {
    let now = 0;
    const cache = new TokenCache(() => now);
    issued = 0;
    const client = new RegistryClient(registry.host, {
      credential: () => Promise.resolve(alice),
      tokenCache: cache,
    });
    await client.tags('team/other');
    now += 200_000;
    await client.tags('team/other');
    assert.equal(issued, 1);
    now += 200_000;
    await client.tags('team/other');
    assert.equal(issued, 2);
  });

  it('follows a redirect to another host without the credentials', async () => {
    const client = new RegistryClient(registry.host, { credential: () => Promise.resolve(alice) });
    const config = await client.config('team/app', 'sha256:abc');
    assert.deepEqual(config.labels, { k: 'v' });
    assert.equal(config.created, '2024-05-06T07:08:09Z');
    const atStorage = elsewhere.requests.at(-1);
    assert.equal(atStorage?.url, '/storage/blob?sig=1');
    assert.equal(atStorage?.authorization, undefined);
  });

  it('uses Basic credentials where the registry challenges for them, and only there', async () => {
    const basicRegistry = await serve((req, res) => {
      if (req.headers.authorization !== basic('alice', secret)) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="Registry Realm"' });
        res.end();
        return;
      }
      if (req.url === '/v2/moved/tags/list') {
        res.writeHead(302, { location: `http://${elsewhere.host}/v2/moved/tags/list` });
        res.end();
        return;
      }
      res.writeHead(req.method === 'DELETE' ? 405 : 200, { 'content-type': 'application/json' });
      res.end(
        req.method === 'DELETE'
          ? '{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}'
          : '{}',
      );
    });
    servers.push(basicRegistry);
    const anonymousPing = await new RegistryClient(basicRegistry.host).ping();
    assert.deepEqual(anonymousPing.challenges, [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
    assert.equal(anonymousPing.anonymous, false);

    const client = new RegistryClient(basicRegistry.host, { credential: () => Promise.resolve(alice) });
    await client.checkLogin();
    await client.tags('moved').catch(() => undefined);
    assert.equal(elsewhere.requests.at(-1)?.url, '/v2/moved/tags/list');
    assert.equal(elsewhere.requests.at(-1)?.authorization, undefined);
    await assert.rejects(client.deleteManifest('x', 'sha256:1'), /does not allow deleting images/);
    assert.equal(basicRegistry.requests.at(-1)?.method, 'DELETE');

    const none = new RegistryClient(basicRegistry.host);
    await assert.rejects(none.checkLogin(), /requires a login/);
  });

  it('refuses plain HTTP to a host that is neither loopback nor marked insecure', async () => {
    const client = new RegistryClient('registry.invalid');
    assert.equal(client.base.protocol, 'https:');
    const marked = new RegistryClient('registry.invalid', { insecureHosts: ['registry.invalid'] });
    assert.equal(marked.base.protocol, 'http:');
    // A loopback registry redirecting to plain HTTP elsewhere is refused before any connection.
    const redirecting = await serve((_req, res) => {
      res.writeHead(302, { location: 'http://registry.invalid/v2/' });
      res.end();
    });
    servers.push(redirecting);
    await assert.rejects(
      new RegistryClient(redirecting.host).ping(),
      /refusing plain HTTP to registry\.invalid/,
    );
  });
});
