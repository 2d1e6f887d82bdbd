import * as assert from 'node:assert/strict';
import type { StoreReader } from '../../../src/extension/docker/contextStore';
import { contextDirName } from '../../../src/extension/docker/contextStore';
import type { ResolutionInputs } from '../../../src/extension/docker/endpoint';
import {
  currentContextName,
  EndpointError,
  parseHost,
  resolveContext,
  resolveDockerEndpoint,
  resolveEndpoint,
} from '../../../src/extension/docker/endpoint';

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

describe('endpoint resolution as the Docker CLI does', () => {
  /** An in-memory store: file path → text. */
  function memoryReader(files: Record<string, string>): StoreReader {
    return {
      readFile: (file) =>
        file in files
          ? Promise.resolve(files[file])
          : Promise.reject(Object.assign(new Error(file), { code: 'ENOENT' })),
      readdir: (dir) => {
        const names = Object.keys(files)
          .filter((file) => file.startsWith(`${dir}/`))
          .map((file) => file.slice(dir.length + 1).split('/')[0]);
        return names.length > 0 ? Promise.resolve([...new Set(names)]) : Promise.reject(new Error(dir));
      },
      exists: (file) =>
        Promise.resolve(Object.keys(files).some((f) => f === file || f.startsWith(`${file}/`))),
    };
  }

  const home = '/home/u';
  const meta = (name: string, host: string, skip = false): [string, string] => [
    `/home/u/.docker/contexts/meta/${contextDirName(name)}/meta.json`,
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: skip } } }),
  ];
  const store = memoryReader(
    Object.fromEntries([
      ['/home/u/.docker/config.json', JSON.stringify({ currentContext: 'fromconfig' })],
      meta('fromconfig', 'unix:///config.sock'),
      meta('fromenv', 'ssh://me@build:2200'),
      meta('secure', 'tcp://10.1.1.1:2376'),
      [`/home/u/.docker/contexts/tls/${contextDirName('secure')}/docker/ca.pem`, 'CA'],
      meta('lax', 'tcp://10.1.1.2:2376', true),
      meta('window', 'unix:///window.sock'),
      ['/alt/config.json', JSON.stringify({ currentContext: 'fromenv' })],
    ]),
  );
  const inputs = (over: Partial<ResolutionInputs> = {}): ResolutionInputs => ({
    setting: '',
    env: {},
    platform: 'linux',
    home,
    reader: store,
    ...over,
  });

  it('takes the setting first, then the window context, then DOCKER_HOST', async () => {
    const env = { DOCKER_HOST: 'tcp://1.2.3.4:2375', DOCKER_CONTEXT: 'fromenv' };
    const bySetting = await resolveDockerEndpoint(
      inputs({ setting: 'unix:///s.sock', env, windowContext: 'window' }),
    );
    assert.equal(bySetting.display, 'unix:///s.sock');
    assert.equal(bySetting.source, 'setting');
    const byWindow = await resolveDockerEndpoint(inputs({ env, windowContext: 'window' }));
    assert.equal(byWindow.display, 'unix:///window.sock');
    assert.equal(byWindow.source, 'window');
    assert.equal(byWindow.context, 'window');
    const byEnv = await resolveDockerEndpoint(inputs({ env }));
    assert.equal(byEnv.display, 'tcp://1.2.3.4:2375');
    assert.equal(byEnv.source, 'DOCKER_HOST');
  });

  it('then DOCKER_CONTEXT, then currentContext in config.json (DOCKER_CONFIG or ~/.docker)', async () => {
    const byContextEnv = await resolveDockerEndpoint(inputs({ env: { DOCKER_CONTEXT: 'fromenv' } }));
    assert.equal(byContextEnv.kind, 'ssh');
    assert.equal(byContextEnv.source, 'DOCKER_CONTEXT');
    assert.equal(byContextEnv.kind === 'ssh' && byContextEnv.port, 2200);
    const byConfig = await resolveDockerEndpoint(inputs());
    assert.equal(byConfig.display, 'unix:///config.sock');
    assert.equal(byConfig.source, 'config');
    assert.equal(byConfig.context, 'fromconfig');
    // DOCKER_CONFIG moves config.json, and with it the store: "fromenv" is not under /alt.
    await assert.rejects(
      resolveDockerEndpoint(inputs({ env: { DOCKER_CONFIG: '/alt' } })),
      /"fromenv" does not exist/,
    );
  });

  it('falls back to the platform default when nothing names an endpoint', async () => {
    const empty = inputs({ reader: memoryReader({}) });
    assert.equal((await resolveDockerEndpoint(empty)).display, 'unix:///var/run/docker.sock');
    assert.equal((await resolveDockerEndpoint({ ...empty, platform: 'win32' })).kind, 'npipe');
  });

  it('reads TLS material and SkipTLSVerify from the store', async () => {
    const secure = await resolveContext('secure', 'context', inputs());
    assert.equal(secure.kind, 'tcp');
    assert.deepEqual(secure.kind === 'tcp' && secure.tls, {
      verify: true,
      certPath: `/home/u/.docker/contexts/tls/${contextDirName('secure')}/docker`,
    });
    const lax = await resolveContext('lax', 'context', inputs());
    assert.deepEqual(lax.kind === 'tcp' && lax.tls, { verify: false });
  });

  it('treats "default" as DOCKER_HOST or the default socket', async () => {
    const byEnv = await resolveContext(
      'default',
      'window',
      inputs({ env: { DOCKER_HOST: 'unix:///e.sock' } }),
    );
    assert.equal(byEnv.display, 'unix:///e.sock');
    assert.equal(byEnv.context, 'default');
    const plain = await resolveContext('default', 'window', inputs());
    assert.equal(plain.display, 'unix:///var/run/docker.sock');
  });

  it('defaults DOCKER_CERT_PATH to the config folder when DOCKER_TLS_VERIFY is set', async () => {
    const ep = await resolveDockerEndpoint(
      inputs({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' } }),
    );
    assert.deepEqual(ep.kind === 'tcp' && ep.tls, { verify: true, certPath: '/home/u/.docker' });
  });

  it('names the context in use as docker context ls marks it', async () => {
    assert.equal(await currentContextName(inputs()), 'fromconfig');
    assert.equal(await currentContextName(inputs({ env: { DOCKER_HOST: 'tcp://h:1' } })), 'default');
    assert.equal(await currentContextName(inputs({ env: { DOCKER_CONTEXT: 'fromenv' } })), 'fromenv');
    assert.equal(await currentContextName(inputs({ windowContext: 'window' })), 'window');
    assert.equal(await currentContextName(inputs({ setting: 'unix:///x.sock' })), undefined);
    assert.equal(await currentContextName(inputs({ reader: memoryReader({}) })), 'default');
  });
});
