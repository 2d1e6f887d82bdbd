import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import type { ConnectConfig } from 'ssh2';
import { Client, Server, utils } from 'ssh2';
import type { DockerEndpoint } from '../../../src/extension/docker/endpoint';
import { parseHost } from '../../../src/extension/docker/endpoint';
import { describeDockerError } from '../../../src/extension/docker/errors';
import { describeSshFailure, SshTunnelError } from '../../../src/extension/docker/sshTunnel';

const unix = parseHost('unix:///run/docker.sock', 'setting');

function withCode(code: string): Error {
  return Object.assign(new Error(`connect ${code} /run/docker.sock`), { code });
}

describe('Docker error messages', () => {
  it('says Docker is not running when the socket is missing or refuses', () => {
    assert.equal(
      describeDockerError(withCode('ENOENT'), unix),
      'Docker is not running at unix:///run/docker.sock: the socket does not exist.',
    );
    assert.match(describeDockerError(withCode('ECONNREFUSED'), unix), /not running .* refused/);
  });

  it('explains permission errors with the docker group', () => {
    assert.match(describeDockerError(withCode('EACCES'), unix), /Permission denied .*"docker" group/);
  });

  it("uses the Engine's own message for HTTP errors", () => {
    const err = Object.assign(new Error('(HTTP code 404) no such container'), {
      statusCode: 404,
      json: { message: 'No such container: abc' },
    });
    assert.equal(describeDockerError(err, unix), 'Not found: No such container: abc');
    const conflict = Object.assign(new Error('x'), { statusCode: 409, json: { message: 'name in use' } });
    assert.equal(describeDockerError(conflict, unix), 'Conflict: name in use');
    const server = Object.assign(new Error('boom'), { statusCode: 500 });
    assert.equal(describeDockerError(server, unix), 'Docker at unix:///run/docker.sock answered 500: boom');
  });

  it('falls back to the error text', () => {
    assert.equal(describeDockerError('odd', unix), 'Docker at unix:///run/docker.sock: odd');
  });
});

describe('Docker error messages from real transport failures', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'dw-err-'));
  });

  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  /** The error a connection attempt ends with. */
  function connectError(connect: () => net.Socket): Promise<Error> {
    return new Promise((resolve, reject) => {
      const socket = connect();
      socket.once('error', resolve);
      socket.once('secureConnect', () => {
        // TLS 1.3 reports a refused client certificate after the handshake, on first read.
        socket.once('data', () => reject(new Error('the server answered')));
      });
      socket.once('connect', () => {
        if (!(socket instanceof tls.TLSSocket)) {
          socket.destroy();
          reject(new Error('connected'));
        }
      });
    });
  }

  it('words a missing socket and a refused port', async () => {
    const missing = join(folder, 'none.sock');
    const enoent = await connectError(() => net.connect(missing));
    assert.equal(
      describeDockerError(enoent, parseHost(`unix://${missing}`, 'setting')),
      `Docker is not running at unix://${missing}: the socket does not exist.`,
    );
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const refused = await connectError(() => net.connect(port, '127.0.0.1'));
    assert.match(describeDockerError(refused, parseHost(`tcp://127.0.0.1:${port}`, 'setting')), /refused/);
  });

  describe('TLS', () => {
    let pems: { ca: Buffer; cert: Buffer; key: Buffer; otherCa: Buffer } | undefined;

    before(function () {
      const run = (args: string[]): void => {
        execFileSync('openssl', args, { cwd: folder, stdio: 'ignore' });
      };
      try {
        const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
        run(['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=ca', '-keyout', 'ca.key', '-out', 'ca.pem']);
        run(['req', ...ec, '-subj', '/CN=other.example', '-keyout', 'srv.key', '-out', 'srv.csr']);
        writeFileSync(join(folder, 'ext'), 'subjectAltName=DNS:other.example\n');
        run(
          ['x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'].concat([
            '-days',
            '2',
            '-extfile',
            'ext',
            '-out',
            'srv.pem',
          ]),
        );
        run(['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=other', '-keyout', 'o.key', '-out', 'o.pem']);
      } catch {
        console.log('  skipped: openssl is not available to make test certificates');
        this.skip();
      }
      const read = (name: string): Buffer => readFileSync(join(folder, name));
      pems = { ca: read('ca.pem'), cert: read('srv.pem'), key: read('srv.key'), otherCa: read('o.pem') };
    });

    /** A loopback TLS server with the test certificate; `clientCert` makes it demand one. */
    async function tlsServer(clientCert: boolean): Promise<{ port: number; close: () => void }> {
      const server = tls.createServer({
        cert: pems!.cert,
        key: pems!.key,
        ca: pems!.ca,
        requestCert: clientCert,
        rejectUnauthorized: clientCert,
      });
      server.on('secureConnection', (socket) => socket.end('hello'));
      server.on('tlsClientError', () => undefined);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
    }

    const endpoint = (port: number): DockerEndpoint =>
      parseHost(`tcp://127.0.0.1:${port}`, 'DOCKER_HOST', {
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: '/certs',
      });

    it('names the CA file when the server certificate is not trusted', async () => {
      const server = await tlsServer(false);
      try {
        const err = await connectError(() =>
          tls.connect({
            port: server.port,
            host: '127.0.0.1',
            ca: pems!.otherCa,
            servername: 'other.example',
          }),
        );
        assert.match(
          describeDockerError(err, endpoint(server.port)),
          /not signed by a CA we trust \(\/certs\/ca\.pem\)/,
        );
      } finally {
        server.close();
      }
    });

    it('says the certificate does not name the host', async () => {
      const server = await tlsServer(false);
      try {
        const err = await connectError(() =>
          tls.connect({ port: server.port, host: '127.0.0.1', ca: pems!.ca }),
        );
        assert.equal((err as { code?: string }).code, 'ERR_TLS_CERT_ALTNAME_INVALID');
        assert.match(describeDockerError(err, endpoint(server.port)), /does not name this host/);
      } finally {
        server.close();
      }
    });

    it('says the daemon refused our client certificate', async () => {
      const server = await tlsServer(true);
      try {
        const err = await connectError(() =>
          tls.connect({ port: server.port, host: '127.0.0.1', ca: pems!.ca, servername: 'other.example' }),
        );
        assert.match(
          describeDockerError(err, endpoint(server.port)),
          /refused our client certificate \(\/certs\/cert\.pem/,
        );
      } finally {
        server.close();
      }
    });

    it('says a plain port does not speak TLS', async () => {
      const server = net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as net.AddressInfo).port;
      try {
        const err = await connectError(() => tls.connect({ port, host: '127.0.0.1' }));
        assert.match(describeDockerError(err, endpoint(port)), /does not speak TLS/);
      } finally {
        server.close();
      }
    });
  });

  describe('SSH', () => {
    const ssh = parseHost('ssh://me@127.0.0.1:2222', 'setting');

    /** A loopback ssh2 server that refuses every login. */
    async function sshServer(): Promise<{ port: number; close: () => void }> {
      const hostKey = utils.generateKeyPairSync('ed25519').private;
      const server = new Server({ hostKeys: [hostKey] }, (client) => {
        client.on('authentication', (ctx) => ctx.reject());
        client.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
    }

    function sshError(options: ConnectConfig): Promise<Error> {
      return new Promise((resolve, reject) => {
        const client = new Client();
        client.once('error', (err) => {
          client.end();
          resolve(err);
        });
        client.once('ready', () => {
          client.end();
          reject(new Error('logged in'));
        });
        client.connect(options);
      });
    }

    it('says no key was accepted', async () => {
      const server = await sshServer();
      try {
        const key = utils.generateKeyPairSync('ed25519').private;
        const err = await sshError({ host: '127.0.0.1', port: server.port, username: 'me', privateKey: key });
        assert.match(describeDockerError(err, ssh), /SSH refused the login .* no key was accepted/);
      } finally {
        server.close();
      }
    });

    it('says the host key is not known', async () => {
      const server = await sshServer();
      try {
        const err = await sshError({
          host: '127.0.0.1',
          port: server.port,
          username: 'me',
          hostVerifier: () => false,
        });
        assert.match(describeDockerError(err, ssh), /could not verify the host key/);
      } finally {
        server.close();
      }
    });

    it("words the system ssh's own failures", () => {
      const words = (stderr: string, code: number | null): string =>
        describeDockerError(new SshTunnelError(describeSshFailure(stderr, code), stderr, code), ssh);
      assert.match(words('root@127.0.0.1: Permission denied (publickey).\n', 255), /refused the login/);
      assert.match(words('Host key verification failed.\n', 255), /host key/);
      assert.match(words('bash: line 1: docker: command not found\n', 127), /no `docker` command/);
      assert.match(
        words('ssh: connect to host 127.0.0.1 port 1: Connection refused\n', 255),
        /could not connect/,
      );
      assert.match(words('', 3), /exited with code 3/);
    });
  });

  it('explains Engine API version mismatches', () => {
    const tooNew = Object.assign(new Error('(HTTP code 400) bad parameter'), {
      statusCode: 400,
      json: { message: 'client version 1.47 is too new. Maximum supported API version is 1.41' },
    });
    assert.match(
      describeDockerError(tooNew, unix),
      /supports Engine API up to 1\.41, but 1\.47 was requested/,
    );
    const tooOld = Object.assign(new Error('x'), {
      statusCode: 400,
      json: {
        message:
          'client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client',
      },
    });
    assert.match(describeDockerError(tooOld, unix), /needs Engine API 1\.24 or newer/);
  });
});
