import * as assert from 'node:assert/strict';
import { EndpointError, parseHost, resolveEndpoint } from '../../../src/extension/docker/endpoint';

describe('endpoint resolution', () => {
  it('prefers the setting over DOCKER_HOST', () => {
    const ep = resolveEndpoint({
      setting: 'unix:///tmp/a.sock',
      env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' },
      platform: 'linux',
    });
    assert.deepEqual(ep, {
      kind: 'unix',
      socketPath: '/tmp/a.sock',
      source: 'setting',
      display: 'unix:///tmp/a.sock',
    });
  });

  it('uses DOCKER_HOST when no setting is given', () => {
    const ep = resolveEndpoint({
      setting: '',
      env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' },
      platform: 'linux',
    });
    assert.equal(ep.kind, 'tcp');
    assert.equal(ep.source, 'DOCKER_HOST');
    if (ep.kind === 'tcp') {
      assert.equal(ep.host, '127.0.0.1');
      assert.equal(ep.port, 2375);
      assert.equal(ep.tls, undefined);
    }
  });

  it('falls back to the platform default socket', () => {
    assert.deepEqual(resolveEndpoint({ setting: '', env: {}, platform: 'linux' }), {
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
      source: 'default',
      display: 'unix:///var/run/docker.sock',
    });
    const win = resolveEndpoint({ setting: '', env: {}, platform: 'win32' });
    assert.equal(win.kind, 'npipe');
    assert.equal(win.kind === 'npipe' && win.socketPath, '//./pipe/docker_engine');
  });

  it('turns on TLS with DOCKER_TLS_VERIFY and defaults the port to 2376', () => {
    const ep = parseHost('tcp://docker.example:', 'DOCKER_HOST', {
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/certs',
    });
    assert.equal(ep.kind, 'tcp');
    if (ep.kind === 'tcp') {
      assert.equal(ep.port, 2376);
      assert.deepEqual(ep.tls, { verify: true, certPath: '/certs' });
    }
  });

  it('parses ssh hosts with user and port, and IPv6 literals', () => {
    const ep = parseHost('ssh://me@build.example:2222', 'setting');
    assert.equal(ep.kind, 'ssh');
    if (ep.kind === 'ssh') {
      assert.equal(ep.username, 'me');
      assert.equal(ep.port, 2222);
      assert.equal(ep.host, 'build.example');
    }
    const v6 = parseHost('tcp://[::1]:2375', 'setting');
    assert.equal(v6.kind === 'tcp' && v6.host, '::1');
  });

  it('rejects hosts without a scheme or with an unknown one, with a readable message', () => {
    assert.throws(() => parseHost('localhost:2375', 'setting'), EndpointError);
    assert.throws(() => parseHost('ftp://x', 'setting'), /unsupported scheme ftp:\/\//);
    assert.throws(() => parseHost('unix://', 'setting'), /names no socket path/);
  });
});
