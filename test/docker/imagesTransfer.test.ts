// Pull and push through the Engine against the test registries: per-layer progress, the image in
// the daemon or the tag in the registry afterwards, credentials from a temporary DOCKER_CONFIG,
// wrong ones refused in words that name the registry and never the password, and a pull that
// is cancelled midway leaves no image.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runBuild } from '../../src/extension/docker/buildProgress';
import type { DockerClient } from '../../src/extension/docker/client';
import { statusCode } from '../../src/extension/docker/errors';
import type { TransferProgress } from '../../src/extension/docker/layerProgress';
import { TransferCancelled } from '../../src/extension/docker/layerProgress';
import { pullImage } from '../../src/extension/docker/pullImage';
import { pushImage } from '../../src/extension/docker/pushImage';
import { describeRegistryFailure } from '../../src/extension/docker/registryFailure';
import type { RegistryCredential } from '../../src/extension/registries/credentials';
import { resolveDockerCredential } from '../../src/extension/registries/credentials';
import type { TestRegistries } from './helpers';
import { registryGet, requireDaemon, requireRegistries, testClient } from './helpers';

const t = (message: string, ...args: (string | number | boolean)[]): string =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('accepted what should be refused'),
    (err: unknown) => err,
  );
}

describe('Image pull and push (test daemon and registries)', function () {
  this.timeout(180_000);
  let client: DockerClient;
  let registries: TestRegistries;
  let work: string;
  /** A local image of one layer no registry or daemon has seen before this run. */
  let source: string;
  const run = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const references: string[] = [];

  /** A DOCKER_CONFIG folder whose config.json logs in to the auth registry with `password`. */
  function dockerConfig(password: string): string {
    const dir = fs.mkdtempSync(path.join(work, 'config-'));
    const auth = Buffer.from(`${registries.user}:${password}`).toString('base64');
    fs.writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { [registries.auth]: { auth } } }),
    );
    return dir;
  }

  async function credentialFor(host: string, configDir: string): Promise<RegistryCredential | undefined> {
    return resolveDockerCredential(host, { configDir, env: { PATH: process.env.PATH } });
  }

  async function tagsOf(registry: string, repository: string, auth: boolean): Promise<string[]> {
    const answer = await registryGet(
      registry,
      `/v2/${repository}/tags/list`,
      auth ? { user: registries.user, password: registries.password } : undefined,
    );
    assert.equal(answer.status, 200, `tags/list of ${repository} on ${registry}`);
    const body = (await answer.json()) as { tags?: string[] | null };
    return body.tags ?? [];
  }

  /** Tags the source image into a registry, pushes it and removes the local tag again. */
  async function published(registry: string, name: string, credential?: RegistryCredential): Promise<string> {
    const repository = `${registry}/dw-test/${name}-${run}`;
    await client.tagImage(source, repository, 'v1');
    references.push(`${repository}:v1`);
    await pushImage(client, `${repository}:v1`, credential);
    return `${repository}:v1`;
  }

  /** Removes a reference and, when it was the last, the image and its layers. */
  async function forget(reference: string): Promise<void> {
    try {
      await client.removeImage(reference, { force: true });
    } catch (err) {
      if (statusCode(err) !== 404) {
        throw err;
      }
    }
  }

  /** Removes the source image with all its tags, so its layer is on no local image. */
  async function dropSource(): Promise<void> {
    const image = await client.inspectImage(source);
    assert.ok(image !== undefined, 'the source image is there');
    await client.removeImage(image.id, { force: true });
    assert.equal(await client.inspectImage(source), undefined);
  }

  /** Tags a pulled image as the source again, for the tests that follow. */
  async function restoreSource(from: string): Promise<void> {
    await client.tagImage(from, `dw-test/transfer-source-${run}`, 'latest');
  }

  before(async function () {
    client = await testClient(requireDaemon(this));
    registries = requireRegistries(this);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-transfer-'));
    // 16 MB that do not compress: the layer takes long enough to download to be cancelled.
    fs.writeFileSync(path.join(work, 'payload'), randomBytes(16 * 1024 * 1024));
    fs.writeFileSync(path.join(work, 'Dockerfile'), 'FROM scratch\nCOPY payload /payload\n');
    source = `dw-test/transfer-source-${run}:latest`;
    references.push(source);
    const result = await runBuild(
      client,
      {
        root: work,
        dockerfile: path.join(work, 'Dockerfile'),
        tag: source,
        builder: '1',
        networkMode: 'none',
      },
      () => undefined,
    );
    assert.equal(result.error, undefined, `the source image did not build: ${result.error ?? ''}`);
  });

  after(async () => {
    for (const reference of references) {
      await forget(reference);
    }
    if (work !== undefined) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('pushes a local image to the open registry with per-layer progress; the tag is listed there', async () => {
    const repository = `${registries.open}/dw-test/push-${run}`;
    await client.tagImage(source, repository, 'v1');
    references.push(`${repository}:v1`);
    const seen: TransferProgress[] = [];
    const result = await pushImage(client, `${repository}:v1`, undefined, (p) => seen.push(p));
    assert.deepEqual(await tagsOf(registries.open, `dw-test/push-${run}`, false), ['v1']);
    assert.match(result.digest ?? '', /^sha256:[0-9a-f]{64}$/);
    const last = seen[seen.length - 1];
    assert.ok(last !== undefined && last.layers.length === 1, 'one layer was reported');
    assert.equal(last.percent, 100);
    assert.ok(
      last.layers.every((l) => l.status === 'Pushed' || l.status === 'Layer already exists'),
      last.layers.map((l) => l.status).join(', '),
    );
  });

  it('pushes to the auth registry with credentials from DOCKER_CONFIG', async () => {
    const credential = await credentialFor(registries.auth, dockerConfig(registries.password));
    assert.equal(credential?.username, registries.user);
    const reference = await published(registries.auth, 'push-auth', credential);
    assert.ok(reference.endsWith(':v1'));
    assert.deepEqual(await tagsOf(registries.auth, `dw-test/push-auth-${run}`, true), ['v1']);
  });

  it('pulls from the open registry with per-layer progress, and the image appears', async () => {
    const reference = await published(registries.open, 'pull');
    await dropSource();
    assert.equal(await client.inspectImage(reference), undefined);
    const seen: TransferProgress[] = [];
    const result = await pullImage(client, reference, undefined, (p) => seen.push(p));
    assert.ok((await client.inspectImage(reference)) !== undefined, 'the pulled image is in the daemon');
    assert.equal(result.upToDate, false);
    const statuses = new Set(seen.flatMap((p) => p.layers.map((l) => l.status)));
    assert.ok(statuses.has('Pull complete'), [...statuses].join(', '));
    const percents = seen.map((p) => p.percent);
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      'the percentage only grows',
    );
    assert.equal(percents[percents.length - 1], 100);
    await restoreSource(reference);
  });

  it('pulls from the auth registry with credentials from DOCKER_CONFIG; none or wrong ones are refused clearly', async () => {
    const reference = await published(
      registries.auth,
      'pull-auth',
      await credentialFor(registries.auth, dockerConfig(registries.password)),
    );
    await dropSource();
    const before = (await client.listImages()).length;

    const none = await refusal(pullImage(client, reference, undefined));
    const noneText = describeRegistryFailure(
      none,
      { host: registries.auth, reference, action: 'pull', credential: undefined },
      t,
    );
    assert.match(
      noneText ?? '',
      new RegExp(`registry ${registries.auth.replace(/\./g, '\\.')} asks for credentials`),
    );

    const wrongPassword = `wrong-${randomBytes(6).toString('hex')}`;
    const wrong = await credentialFor(registries.auth, dockerConfig(wrongPassword));
    const refused = await refusal(pullImage(client, reference, wrong));
    const text = describeRegistryFailure(
      refused,
      { host: registries.auth, reference, action: 'pull', credential: wrong },
      t,
    );
    assert.match(text ?? '', /refused the credentials \(dockwright, from config\.json\)/);
    assert.ok(text !== undefined && text.includes(registries.auth));
    assert.ok(!text.includes(wrongPassword), 'the message never holds the password');
    assert.equal((await client.listImages()).length, before, 'refused pulls add no image');

    const seen: TransferProgress[] = [];
    await pullImage(
      client,
      reference,
      await credentialFor(registries.auth, dockerConfig(registries.password)),
      (p) => seen.push(p),
    );
    assert.ok((await client.inspectImage(reference)) !== undefined);
    assert.ok(
      seen.some((p) => p.layers.length > 0),
      'per-layer progress was reported',
    );
    await restoreSource(reference);
  });

  it('refuses a push with wrong credentials, naming the registry and not the password', async () => {
    const repository = `${registries.auth}/dw-test/push-wrong-${run}`;
    await client.tagImage(source, repository, 'v1');
    references.push(`${repository}:v1`);
    const wrongPassword = `wrong-${randomBytes(6).toString('hex')}`;
    const wrong = await credentialFor(registries.auth, dockerConfig(wrongPassword));
    const err = await refusal(pushImage(client, `${repository}:v1`, wrong));
    const text = describeRegistryFailure(
      err,
      { host: registries.auth, reference: `${repository}:v1`, action: 'push', credential: wrong },
      t,
    );
    assert.match(text ?? String(err), /The registry .* refused the credentials/);
    assert.ok(text !== undefined && !text.includes(wrongPassword));
    const listed = await registryGet(registries.auth, `/v2/dw-test/push-wrong-${run}/tags/list`, {
      user: registries.user,
      password: registries.password,
    });
    assert.equal(listed.status, 404, 'nothing reached the registry');
  });

  it('says an unreachable registry cannot be reached', async () => {
    // A port on loopback that nothing listens on: bound, read, closed.
    const server = await new Promise<net.Server>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const reference = `127.0.0.1:${port}/dw-test/nowhere:v1`;
    const err = await refusal(pullImage(client, reference, undefined));
    const text = describeRegistryFailure(
      err,
      { host: `127.0.0.1:${port}`, reference, action: 'pull', credential: undefined },
      t,
    );
    assert.equal(
      text,
      `The registry 127.0.0.1:${port} could not be reached from the Docker daemon (connection refused).`,
    );
  });

  it('stops a pull when cancelled: no image, and the next pull downloads the layer again', async () => {
    const reference = await published(registries.open, 'cancel');
    await dropSource();
    const controller = new AbortController();
    const seen: TransferProgress[] = [];
    const err = await refusal(
      pullImage(
        client,
        reference,
        undefined,
        (p) => {
          seen.push(p);
          if (p.layers.length > 0) {
            controller.abort();
          }
        },
        controller.signal,
      ),
    );
    assert.ok(err instanceof TransferCancelled, String(err));
    assert.ok(seen.every((p) => p.layers.every((l) => l.status !== 'Pull complete')));
    assert.equal(await client.inspectImage(reference), undefined, 'a cancelled pull leaves no image');
    const again: TransferProgress[] = [];
    const result = await pullImage(client, reference, undefined, (p) => again.push(p));
    assert.equal(result.upToDate, false);
    assert.ok(again.some((p) => p.layers.some((l) => l.status === 'Pull complete')));
    await restoreSource(reference);
  });
});
