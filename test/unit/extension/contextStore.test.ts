import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  contextDirName,
  contextNameProblem,
  ContextStoreError,
  dockerConfigDir,
  inspectContext,
  listContexts,
  nodeReader,
  readContext,
  readCurrentContext,
  removeContext,
  writeContext,
} from '../../../src/extension/docker/contextStore';

/** Writes a context the way the CLI lays it out. */
function storeContext(dir: string, meta: unknown, name: string, tls?: Record<string, string>): void {
  const id = contextDirName(name);
  mkdirSync(join(dir, 'contexts', 'meta', id), { recursive: true });
  writeFileSync(join(dir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify(meta));
  if (tls !== undefined) {
    mkdirSync(join(dir, 'contexts', 'tls', id, 'docker'), { recursive: true });
    for (const [file, text] of Object.entries(tls)) {
      writeFileSync(join(dir, 'contexts', 'tls', id, 'docker', file), text);
    }
  }
}

describe('Docker context store', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dw-store-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keys contexts by the hex SHA-256 of their name, as the CLI does', () => {
    // The CLI stored `docker context create t1` under this folder.
    assert.equal(contextDirName('t1'), '628b49d96dcde97a430dd4f597705899e09a968f793491e4b704cae33a40dc02');
  });

  it('finds the config folder in DOCKER_CONFIG, else ~/.docker', () => {
    assert.equal(dockerConfigDir({ DOCKER_CONFIG: '/cfg' }, '/home/u'), '/cfg');
    assert.equal(dockerConfigDir({ DOCKER_CONFIG: '' }, '/home/u'), join('/home/u', '.docker'));
    assert.equal(dockerConfigDir({}, '/home/u'), join('/home/u', '.docker'));
  });

  it('reads currentContext from config.json, tolerating a missing or broken file', async () => {
    assert.equal(await readCurrentContext(dir, nodeReader), undefined);
    writeFileSync(join(dir, 'config.json'), '{ not json');
    assert.equal(await readCurrentContext(dir, nodeReader), undefined);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'remote' }));
    assert.equal(await readCurrentContext(dir, nodeReader), 'remote');
  });

  it('reads a context with its endpoint, SkipTLSVerify and TLS material', async () => {
    storeContext(
      dir,
      {
        Name: 'secure',
        Metadata: { Description: 'over TLS' },
        Endpoints: { docker: { Host: 'tcp://10.0.0.1:2376', SkipTLSVerify: false } },
      },
      'secure',
      { 'ca.pem': 'CA', 'cert.pem': 'CERT', 'key.pem': 'KEY' },
    );
    const context = await readContext(dir, 'secure', nodeReader);
    assert.ok(context !== undefined);
    assert.equal(context.description, 'over TLS');
    assert.equal(context.host, 'tcp://10.0.0.1:2376');
    assert.equal(context.skipTlsVerify, false);
    assert.equal(context.tlsPath, join(dir, 'contexts', 'tls', contextDirName('secure'), 'docker'));
    assert.deepEqual(context.tlsFiles, ['ca.pem', 'cert.pem', 'key.pem']);
    assert.equal(await readContext(dir, 'absent', nodeReader), undefined);
  });

  it('lists every readable context sorted by name and skips broken entries', async () => {
    storeContext(dir, { Name: 'b', Metadata: {}, Endpoints: { docker: { Host: 'ssh://u@h' } } }, 'b');
    storeContext(dir, { Name: 'a', Metadata: {}, Endpoints: {} }, 'a');
    mkdirSync(join(dir, 'contexts', 'meta', 'broken'), { recursive: true });
    writeFileSync(join(dir, 'contexts', 'meta', 'broken', 'meta.json'), '[1,2');
    const names = (await listContexts(dir, nodeReader)).map((c) => [c.name, c.host]);
    assert.deepEqual(names, [
      ['a', undefined],
      ['b', 'ssh://u@h'],
    ]);
    assert.deepEqual(await listContexts(join(dir, 'nothing'), nodeReader), []);
  });

  it('writes meta.json and TLS files in the CLI format, and refuses taken or invalid names', async () => {
    const written = await writeContext(dir, {
      name: 'made',
      description: '',
      host: 'tcp://127.0.0.1:2376',
      skipTlsVerify: false,
      tls: { ca: 'CA', cert: 'CERT', key: 'KEY' },
    });
    const id = contextDirName('made');
    const meta = readFileSync(join(dir, 'contexts', 'meta', id, 'meta.json'), 'utf8');
    assert.equal(
      meta,
      '{"Name":"made","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://127.0.0.1:2376","SkipTLSVerify":false}}}',
    );
    assert.equal(readFileSync(join(dir, 'contexts', 'tls', id, 'docker', 'key.pem'), 'utf8'), 'KEY');
    assert.equal(statSync(join(dir, 'contexts', 'tls', id, 'docker', 'key.pem')).mode & 0o777, 0o600);
    assert.deepEqual(written.tlsFiles, ['ca.pem', 'cert.pem', 'key.pem']);
    await assert.rejects(
      writeContext(dir, { name: 'made', description: '', host: 'tcp://h:1', skipTlsVerify: false }),
      ContextStoreError,
    );
    await assert.rejects(
      writeContext(dir, { name: 'default', description: '', host: 'tcp://h:1', skipTlsVerify: false }),
      /reserved/,
    );
  });

  it('removes a context with its TLS material, and refuses default or unknown names', async () => {
    await writeContext(dir, {
      name: 'gone',
      description: 'd',
      host: 'ssh://u@h',
      skipTlsVerify: false,
      tls: { ca: 'CA' },
    });
    await removeContext(dir, 'gone');
    assert.equal(await readContext(dir, 'gone', nodeReader), undefined);
    assert.equal(await nodeReader.exists(join(dir, 'contexts', 'tls', contextDirName('gone'))), false);
    await assert.rejects(removeContext(dir, 'gone'), /no context/);
    await assert.rejects(removeContext(dir, 'default'), /cannot be removed/);
  });

  it('checks names like the CLI', () => {
    assert.equal(contextNameProblem('my-ctx.1+x_y'), undefined);
    assert.match(contextNameProblem('') ?? '', /needs a name/);
    assert.match(contextNameProblem('-x') ?? '', /letters/);
    assert.match(contextNameProblem('a b') ?? '', /letters/);
    assert.match(contextNameProblem('a/b') ?? '', /letters/);
  });

  it('inspects like docker context inspect', async () => {
    const context = await writeContext(dir, {
      name: 'shown',
      description: 'desc',
      host: 'tcp://h:2376',
      skipTlsVerify: true,
    });
    assert.deepEqual(inspectContext(context), {
      Name: 'shown',
      Metadata: { Description: 'desc' },
      Endpoints: { docker: { Host: 'tcp://h:2376', SkipTLSVerify: true } },
      TLSMaterial: {},
      Storage: { MetadataPath: join(dir, 'contexts', 'meta', contextDirName('shown')), TLSPath: '' },
    });
  });
});
