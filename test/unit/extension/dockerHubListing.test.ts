// Docker Hub's repository listing against saved answers of its documented shape (Hub itself cannot
// be reached from the tests), served from a loopback server standing in for hub.docker.com.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  HubError,
  hubLogin,
  hubRepositoriesPage,
  hubRepositoriesUrl,
  isHubNamespace,
  parseHubRepositoriesPage,
} from '../../../src/extension/registries/dockerHub';

const fixtures = join(process.cwd(), 'test', 'fixtures', 'dockerHub');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

describe('Docker Hub listing', () => {
  let base: string;
  let close: () => Promise<void>;
  const seen: { url: string; authorization?: string; body?: string }[] = [];

  before(async () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        seen.push({
          url: req.url ?? '',
          authorization: req.headers.authorization,
          body: Buffer.concat(chunks).toString(),
        });
        const send = (status: number, text: string) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          // The saved pages link to hub.docker.com; here that is this server.
          res.end(text.replaceAll('https://hub.docker.com', base));
        };
        if (url.pathname === '/v2/users/login') {
          const body = JSON.parse(Buffer.concat(chunks).toString()) as { password?: string };
          if (body.password === 'right') send(200, fixture('login.json'));
          else send(401, '{"detail":"Incorrect authentication credentials"}');
        } else if (url.pathname === '/v2/namespaces/dockwrightdemo/repositories') {
          send(
            200,
            fixture(
              url.searchParams.get('page') === '2'
                ? 'dockwrightdemo-page2.json'
                : 'dockwrightdemo-page1.json',
            ),
          );
        } else if (url.pathname === '/v2/namespaces/private-org/repositories') {
          send(req.headers.authorization === undefined ? 401 : 200, '{"count":0,"next":null,"results":[]}');
        } else {
          send(404, '{"message":"object not found"}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });

  after(() => close());

  it('reads a saved page: names, descriptions, privacy, the next link and the count', () => {
    const page = parseHubRepositoriesPage(fixture('dockwrightdemo-page1.json'), 'dockwrightdemo');
    assert.ok(page !== undefined);
    assert.equal(page.count, 3);
    assert.deepEqual(
      page.repositories.map((r) => [r.namespace, r.name, r.isPrivate, r.pullCount]),
      [
        ['dockwrightdemo', 'api', false, 1520],
        ['dockwrightdemo', 'worker', true, 12],
      ],
    );
    assert.equal(page.repositories[0].description, 'The demo API server');
    assert.match(page.next ?? '', /page=2/);
    assert.equal(parseHubRepositoriesPage(fixture('dockwrightdemo-page2.json'), 'x')?.next, undefined);
    assert.equal(parseHubRepositoriesPage('<html>', 'x'), undefined);
    assert.equal(parseHubRepositoriesPage('{"detail":"nope"}', 'x'), undefined);
  });

  it('follows the next links page by page through the API', async () => {
    const first = await hubRepositoriesPage('dockwrightdemo', undefined, undefined, { base, pageSize: 2 });
    assert.deepEqual(
      first.repositories.map((r) => r.name),
      ['api', 'worker'],
    );
    assert.ok(first.next !== undefined);
    const second = await hubRepositoriesPage('dockwrightdemo', first.next, undefined, { base, pageSize: 2 });
    assert.deepEqual(
      second.repositories.map((r) => r.name),
      ['web'],
    );
    assert.equal(second.next, undefined);
    assert.match(seen[0].url, /page_size=2/);
    assert.equal(seen[0].authorization, undefined);
  });

  it('refuses a next link that leaves the API, and names that are not namespaces', async () => {
    await assert.rejects(
      hubRepositoriesPage(
        'dockwrightdemo',
        'http://127.0.0.2:1/v2/namespaces/dockwrightdemo/repositories',
        undefined,
        { base },
      ),
      HubError,
    );
    await assert.rejects(
      hubRepositoriesPage('dockwrightdemo', `${base}/v2/namespaces/other/repositories`, undefined, { base }),
      HubError,
    );
    assert.equal(isHubNamespace('../etc'), false);
    assert.equal(isHubNamespace('Upper'), false);
    assert.equal(isHubNamespace('library'), true);
    assert.throws(() => hubRepositoriesUrl('a/b', 10), HubError);
  });

  it('logs in for a token that lists private namespaces; a wrong password is named without it', async () => {
    await assert.rejects(hubRepositoriesPage('private-org', undefined, undefined, { base }), (err: Error) => {
      assert.ok(err instanceof HubError);
      assert.equal(err.status, 401);
      return true;
    });
    const token = await hubLogin({ username: 'demo', secret: 'right', source: 'test' }, { base });
    assert.match(token, /^eyJ/);
    const page = await hubRepositoriesPage('private-org', undefined, token, { base });
    assert.equal(page.count, 0);
    assert.equal(seen.at(-1)?.authorization, `Bearer ${token}`);
    await assert.rejects(
      hubLogin({ username: 'demo', secret: 'wrong-secret', source: 'test' }, { base }),
      (err: Error) => {
        assert.match(err.message, /rejected the credentials of demo/);
        assert.ok(!err.message.includes('wrong-secret'));
        return true;
      },
    );
    await assert.rejects(
      hubRepositoriesPage('nobody', undefined, undefined, { base }),
      /no namespace nobody/,
    );
  });
});
