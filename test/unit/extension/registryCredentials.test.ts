import * as assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  CredentialError,
  knownRegistries,
  normalizeRegistryHost,
  resolveDockerCredential,
  runCredentialHelper,
} from '../../../src/extension/registries/credentials';

const secret = 's3cr3t-DW-value';

describe('registry credentials', () => {
  let dir: string;
  let binDir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dw-creds-'));
    binDir = join(dir, 'bin');
    await mkdir(binDir);
    // A credential helper of our own: knows one server, logs what it was asked for.
    const helper = join(binDir, 'docker-credential-dwtest');
    await writeFile(
      helper,
      [
        '#!/bin/sh',
        'read -r server',
        `echo "$1 $server" >> "${join(dir, 'helper.log')}"`,
        'case "$server" in',
        `  127.0.0.1:5000) printf '{"ServerURL":"%s","Username":"helper-user","Secret":"${secret}"}' "$server" ;;`,
        `  https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"<token>","Secret":"idtok"}' "$server" ;;`,
        `  broken.example) echo "leaked ${secret}"; exit 3 ;;`,
        '  *) echo "credentials not found in native keychain"; exit 1 ;;',
        'esac',
        '',
      ].join('\n'),
    );
    await chmod(helper, 0o755);
    env = { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` };
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function config(name: string, content: unknown): Promise<string> {
    const configDir = join(dir, name);
    await mkdir(configDir, { recursive: true });
    await writeFile(join(configDir, 'config.json'), JSON.stringify(content));
    return configDir;
  }

  it('normalizes registry keys as docker login writes them', () => {
    assert.equal(normalizeRegistryHost('https://index.docker.io/v1/'), 'docker.io');
    assert.equal(normalizeRegistryHost('registry-1.docker.io'), 'docker.io');
    assert.equal(normalizeRegistryHost('http://127.0.0.1:5000/v2/'), '127.0.0.1:5000');
    assert.equal(normalizeRegistryHost('GHCR.io'), 'ghcr.io');
  });

  it('reads auths: the base64 auth, username/password, and identity tokens', async () => {
    const configDir = await config('auths', {
      auths: {
        'http://127.0.0.1:5000': { auth: Buffer.from(`alice:${secret}:with-colon`).toString('base64') },
        'ghcr.io': { username: 'bob', password: 'pw' },
        'https://index.docker.io/v1/': { identitytoken: 'refresh' },
        'empty.example': {},
      },
    });
    const local = await resolveDockerCredential('127.0.0.1:5000', { configDir, env });
    assert.deepEqual(local, { username: 'alice', secret: `${secret}:with-colon`, source: 'config.json' });
    assert.equal((await resolveDockerCredential('ghcr.io', { configDir, env }))?.username, 'bob');
    assert.equal((await resolveDockerCredential('docker.io', { configDir, env }))?.identityToken, 'refresh');
    assert.equal(await resolveDockerCredential('empty.example', { configDir, env }), undefined);
    assert.equal(await resolveDockerCredential('unknown.example', { configDir, env }), undefined);
    assert.deepEqual((await knownRegistries({ configDir, env })).sort(), [
      '127.0.0.1:5000',
      'docker.io',
      'empty.example',
      'ghcr.io',
    ]);
  });

  it('asks the credsStore helper, the server on stdin, and falls back to auths when it has nothing', async () => {
    const configDir = await config('store', {
      credsStore: 'dwtest',
      auths: { '127.0.0.1:5000': {}, 'only-auths.example': { username: 'carol', password: 'pw' } },
    });
    const local = await resolveDockerCredential('127.0.0.1:5000', { configDir, env });
    assert.deepEqual(local, { username: 'helper-user', secret, source: 'credsStore dwtest' });
    const hub = await resolveDockerCredential('index.docker.io', { configDir, env });
    assert.deepEqual(hub, { username: '', secret: '', identityToken: 'idtok', source: 'credsStore dwtest' });
    assert.equal(
      (await resolveDockerCredential('only-auths.example', { configDir, env }))?.username,
      'carol',
    );
    const log = await readFile(join(dir, 'helper.log'), 'utf8');
    assert.match(log, /^get 127\.0\.0\.1:5000$/m);
    assert.match(log, /^get https:\/\/index\.docker\.io\/v1\/$/m);
  });

  it('prefers a credHelpers entry for its host over credsStore and auths', async () => {
    const configDir = await config('helpers', {
      credsStore: 'missing-helper',
      credHelpers: { '127.0.0.1:5000': 'dwtest', 'nothing.example': 'dwtest' },
      auths: { 'nothing.example': { username: 'x', password: 'y' } },
    });
    const local = await resolveDockerCredential('127.0.0.1:5000', { configDir, env });
    assert.equal(local?.source, 'credHelpers dwtest');
    // Docker does not fall back from a host's own helper.
    assert.equal(await resolveDockerCredential('nothing.example', { configDir, env }), undefined);
    await assert.rejects(resolveDockerCredential('elsewhere.example', { configDir, env }), (err: Error) => {
      assert.ok(err instanceof CredentialError);
      assert.match(err.message, /docker-credential-missing-helper was not found on PATH/);
      return true;
    });
  });

  it('never lets a secret reach an error message', async () => {
    await assert.rejects(runCredentialHelper('dwtest', 'broken.example', env), (err: Error) => {
      assert.match(err.message, /docker-credential-dwtest failed for broken\.example \(exit 3\)/);
      assert.ok(!err.message.includes(secret));
      return true;
    });
    await assert.rejects(runCredentialHelper('../../bin/sh', 'x', env), /not a credential helper name/);
    const configDir = join(dir, 'badjson');
    await mkdir(configDir);
    await writeFile(join(configDir, 'config.json'), `{"auths": {"x": {"auth": "${secret}"`);
    await assert.rejects(resolveDockerCredential('x', { configDir, env }), (err: Error) => {
      assert.match(err.message, /is not valid JSON/);
      assert.ok(!err.message.includes(secret));
      return true;
    });
  });

  it('treats a missing config.json as no credentials', async () => {
    assert.equal(
      await resolveDockerCredential('127.0.0.1:5000', { configDir: join(dir, 'none'), env }),
      undefined,
    );
  });
});
