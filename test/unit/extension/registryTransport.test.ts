// TLS to a registry of the test's own on 127.0.0.1 with a self-signed certificate made by openssl:
// refused as untrusted, accepted once its certificate is the extra CA.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send, TransportError } from '../../../src/extension/registries/transport';

describe('registry transport', () => {
  let dir: string;
  let server: Server | undefined;
  let cert: string;
  let url: URL;

  before(async function () {
    dir = await mkdtemp(join(tmpdir(), 'dw-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      console.log('  skipped: openssl is not available');
      this.skip();
    }
    cert = await readFile(join(dir, 'cert.pem'), 'utf8');
    const key = await readFile(join(dir, 'key.pem'), 'utf8');
    const tlsServer = createServer({ cert, key }, (_req, res) => {
      res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0' });
      res.end('{}');
    });
    server = tlsServer;
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    url = new URL(`https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/v2/`);
  });

  after(async () => {
    const s = server;
    if (s !== undefined) await new Promise<void>((resolve) => s.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a certificate no trusted CA signed, saying how to trust it', async () => {
    await assert.rejects(send({ method: 'GET', url }), (err: Error) => {
      assert.ok(err instanceof TransportError);
      assert.match(
        err.message,
        /TLS certificate of 127\.0\.0\.1:\d+ is not signed by a trusted CA.*extra CA file/,
      );
      return true;
    });
  });

  it('trusts it as the extra CA, still verifying', async () => {
    const response = await send({ method: 'GET', url }, { extraCa: cert });
    assert.equal(response.status, 200);
    assert.equal(response.headers['docker-distribution-api-version'], 'registry/2.0');
  });

  it('names the host when nothing listens', async () => {
    const closed = new URL(url.href);
    closed.protocol = 'http:';
    closed.port = '9';
    await assert.rejects(send({ method: 'GET', url: closed }), /127\.0\.0\.1:9 refused the connection/);
  });
});
