// Docker contexts shared with the real CLI: the ones `docker context create` made (in the test
// environment's DOCKER_CONFIG) are read and reached; the ones we write are listed, inspected and
// used by the CLI itself.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerClient } from '../../src/extension/docker/client';
import {
  listContexts,
  nodeReader,
  readContext,
  removeContext,
  writeContext,
} from '../../src/extension/docker/contextStore';
import type { ResolutionInputs } from '../../src/extension/docker/endpoint';
import { resolveContext, resolveDockerEndpoint } from '../../src/extension/docker/endpoint';
import { callTimeoutMs, seeds } from './helpers';

function requireEnv(context: Mocha.Context, ...names: string[]): string[] {
  const values = names.map((name) => process.env[name] ?? '');
  const missing = names.filter((_, i) => values[i] === '');
  if (missing.length > 0) {
    console.log(
      `  skipped: ${missing.join(', ')} not set (start the test environment and source its env.sh)`,
    );
    context.skip();
  }
  return values;
}

/** The real docker CLI on a given DOCKER_CONFIG, with no other Docker variables leaking in. */
function cli(configDir: string, args: string[]): string {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_CONFIG: configDir };
  return execFileSync('docker', args, { env, encoding: 'utf8', timeout: callTimeoutMs });
}

function inputs(configDir: string, over: Partial<ResolutionInputs> = {}): ResolutionInputs {
  return {
    setting: '',
    env: { DOCKER_CONFIG: configDir },
    platform: 'linux',
    home: homedir(),
    reader: nodeReader,
    ...over,
  };
}

describe('Docker contexts with the real CLI', () => {
  let scratch: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'dw-ctx-'));
  });

  after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('reads the contexts docker context create made, with their TLS material', async function () {
    const [config] = requireEnv(this, 'DOCKWRIGHT_TEST_DOCKER_CONFIG');
    const contexts = await listContexts(config, nodeReader);
    const names = contexts.map((context) => context.name);
    for (const name of ['dw-second', 'dw-ssh', 'dw-tls']) {
      assert.ok(names.includes(name), names.join(', '));
    }
    const tlsContext = contexts.find((context) => context.name === 'dw-tls');
    assert.deepEqual(tlsContext?.tlsFiles, ['ca.pem', 'cert.pem', 'key.pem']);
    assert.equal(tlsContext?.description, 'test daemon over TLS');
  });

  it('connects through the TLS context as the CLI does', async function () {
    const [config] = requireEnv(this, 'DOCKWRIGHT_TEST_DOCKER_CONFIG', 'DOCKWRIGHT_TEST_TLS_HOST');
    const endpoint = await resolveContext('dw-tls', 'context', inputs(config));
    assert.equal(endpoint.kind, 'tcp');
    assert.equal(endpoint.kind === 'tcp' && endpoint.tls?.verify, true);
    const client = await DockerClient.create(endpoint, callTimeoutMs);
    const images = await client.listImages();
    assert.ok(images.some((image) => image.repoTags.includes(seeds.plain)));
  });

  it('connects through the SSH context', async function () {
    const [config, key, known] = requireEnv(
      this,
      'DOCKWRIGHT_TEST_DOCKER_CONFIG',
      'DOCKWRIGHT_TEST_SSH_KEY',
      'DOCKWRIGHT_TEST_SSH_KNOWN_HOSTS',
    );
    const endpoint = await resolveContext('dw-ssh', 'context', inputs(config));
    assert.equal(endpoint.kind, 'ssh');
    const client = await DockerClient.create(endpoint, callTimeoutMs, {
      identityFile: key,
      knownHostsFile: known,
      env: {},
    });
    try {
      await client.ping();
    } finally {
      client.dispose();
    }
  });

  it('follows DOCKER_CONTEXT and currentContext in config.json to the second daemon', async function () {
    const [config, second] = requireEnv(
      this,
      'DOCKWRIGHT_TEST_DOCKER_CONFIG',
      'DOCKWRIGHT_TEST_DOCKER_HOST_2',
    );
    const byEnv = await resolveDockerEndpoint(
      inputs(config, { env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'dw-second' } }),
    );
    assert.equal(byEnv.display, second);
    // A copy of the store whose config.json names the context, as `docker context use` would.
    const copy = join(scratch, 'config-copy');
    cpSync(config, copy, { recursive: true });
    const configFile = join(copy, 'config.json');
    let current: Record<string, unknown> = {};
    try {
      current = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    } catch {
      // No config.json yet: the CLI makes one on first use.
    }
    writeFileSync(configFile, JSON.stringify({ ...current, currentContext: 'dw-second' }));
    const byConfig = await resolveDockerEndpoint(inputs(copy));
    assert.equal(byConfig.display, second);
    assert.equal(byConfig.source, 'config');
    assert.equal(cli(copy, ['context', 'show']).trim(), 'dw-second');
    const client = await DockerClient.create(byConfig, callTimeoutMs);
    await client.ping();
  });

  it('writes contexts the CLI lists, inspects and connects through', async function () {
    const [certs, tlsHost] = requireEnv(this, 'DOCKWRIGHT_TEST_CERTS', 'DOCKWRIGHT_TEST_TLS_HOST');
    const config = join(scratch, 'ours');
    const name = `dw-made-${Math.random().toString(36).slice(2, 8)}`;
    const pem = (file: string): string => readFileSync(join(certs, file), 'utf8');
    await writeContext(config, {
      name,
      description: 'made by the extension',
      host: tlsHost,
      skipTlsVerify: false,
      tls: { ca: pem('ca.pem'), cert: pem('cert.pem'), key: pem('key.pem') },
    });
    await writeContext(config, {
      name: `${name}-ssh`,
      description: '',
      host: 'ssh://someone@127.0.0.1:2222',
      skipTlsVerify: false,
    });

    const listed = cli(config, ['context', 'ls', '--format', 'json'])
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(
        (line) =>
          JSON.parse(line) as { Name: string; DockerEndpoint: string; Description: string; Error: string },
      );
    const ours = listed.find((entry) => entry.Name === name);
    assert.ok(ours !== undefined, JSON.stringify(listed));
    assert.equal(ours.DockerEndpoint, tlsHost);
    assert.equal(ours.Description, 'made by the extension');
    assert.equal(ours.Error, '');
    assert.equal(
      listed.find((entry) => entry.Name === `${name}-ssh`)?.DockerEndpoint,
      'ssh://someone@127.0.0.1:2222',
    );

    const inspected = JSON.parse(cli(config, ['context', 'inspect', name])) as {
      Endpoints: { docker: { Host: string; SkipTLSVerify: boolean } };
      TLSMaterial: { docker?: string[] };
    }[];
    assert.equal(inspected[0]?.Endpoints.docker.Host, tlsHost);
    assert.equal(inspected[0]?.Endpoints.docker.SkipTLSVerify, false);
    assert.deepEqual([...(inspected[0]?.TLSMaterial.docker ?? [])].sort(), ['ca.pem', 'cert.pem', 'key.pem']);

    // The CLI reaches the daemon through our TLS files.
    const version = cli(config, ['--context', name, 'version', '--format', '{{.Server.APIVersion}}']).trim();
    assert.match(version, /^1\.\d+$/);

    await removeContext(config, `${name}-ssh`);
    assert.ok(!cli(config, ['context', 'ls', '--format', '{{.Name}}']).split('\n').includes(`${name}-ssh`));
    assert.equal(await readContext(config, `${name}-ssh`, nodeReader), undefined);
  });
});
