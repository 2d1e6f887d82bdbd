// The explorer's actions through DockerClient against the test daemon: after each one the daemon's
// state is what was asked. Every object is created here with a unique name and this run's label,
// prunes are narrowed to that label, and everything is removed afterwards.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseReference } from '../../src/extension/commands/confirm';
import type { DockerClient } from '../../src/extension/docker/client';
import { describeDockerError, statusCode } from '../../src/extension/docker/errors';
import { exists as objectExists, requireDaemon, seeds, testClient } from './helpers';

const t = (message: string, ...args: (string | number | boolean)[]): string =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('the Engine accepted what it should refuse'),
    (err: unknown) => err,
  );
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The names in a tar archive's headers (ustar: name at 0, size in octal at 124, prefix at 345). */
function tarNames(tar: Buffer): string[] {
  const names: string[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) {
      break;
    }
    const field = (start: number, length: number): string =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    names.push(prefix !== '' ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const size = parseInt(field(124, 12).trim() || '0', 8);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

describe('Docker explorer actions (test daemon)', function () {
  let client: DockerClient;
  const run = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const label = 'dockwright.test.actions';
  const mine = { [label]: run };
  const filters = { label: [`${label}=${run}`] };
  const containers: string[] = [];
  const images: string[] = [];
  const volumes: string[] = [];
  const networks: string[] = [];
  let counter = 0;
  const unique = (kind: string): string => `dw-actions-${kind}-${run}-${counter++}`;

  before(async function () {
    client = await testClient(requireDaemon(this));
  });

  afterEach(async () => {
    const gone = (err: unknown): boolean => statusCode(err) === 404;
    const failures: string[] = [];
    const settle = async (work: Promise<unknown>): Promise<void> => {
      try {
        await work;
      } catch (err) {
        if (!gone(err)) {
          failures.push(String(err));
        }
      }
    };
    for (const id of containers.splice(0)) {
      await settle(client.removeContainer(id, { force: true, volumes: true }));
    }
    for (const id of networks.splice(0)) {
      await settle(client.removeNetwork(id));
    }
    for (const name of volumes.splice(0)) {
      await settle(client.removeVolume(name, { force: true }));
    }
    for (const reference of images.splice(0).reverse()) {
      await settle(client.removeImage(reference, { force: true }));
    }
    assert.deepEqual(failures, [], 'test objects could not be removed');
  });

  async function createPlain(
    options: { labels?: Record<string, string>; image?: string; volumes?: Record<string, object> } = {},
  ): Promise<{ id: string; name: string }> {
    const name = unique('c');
    const id = await client.createContainer({
      name,
      Image: options.image ?? seeds.plain,
      Labels: { ...mine, ...(options.labels ?? {}) },
      HostConfig: { NetworkMode: 'none' },
      ...(options.volumes !== undefined ? { Volumes: options.volumes } : {}),
    });
    containers.push(id);
    return { id, name };
  }

  async function state(
    id: string,
  ): Promise<{ Status: string; Paused: boolean; ExitCode: number; StartedAt: string }> {
    const raw = await client.inspectRaw('container', id);
    return raw.State as { Status: string; Paused: boolean; ExitCode: number; StartedAt: string };
  }

  const exists = (type: 'container' | 'image' | 'volume' | 'network', id: string): Promise<boolean> =>
    objectExists(client, type, id);

  it('pauses, unpauses, restarts and kills a container', async () => {
    const { id } = await createPlain();
    await client.startContainer(id);
    await client.pauseContainer(id);
    assert.equal((await state(id)).Status, 'paused');
    assert.equal((await state(id)).Paused, true);
    assert.equal((await client.listContainersById([id]))[0]?.state, 'paused');

    await client.unpauseContainer(id);
    assert.equal((await state(id)).Status, 'running');

    const before = (await state(id)).StartedAt;
    await client.restartContainer(id, { timeoutSeconds: 5 });
    const after = await state(id);
    assert.equal(after.Status, 'running');
    assert.notEqual(after.StartedAt, before, 'a restart starts the container again');

    await client.killContainer(id, 'SIGKILL');
    const killed = await state(id);
    assert.equal(killed.Status, 'exited');
    assert.equal(killed.ExitCode, 137);
  });

  it('shows the processes of a running container', async () => {
    const { id } = await createPlain();
    await client.startContainer(id);
    const top = await client.topContainer(id);
    assert.ok(top.titles.includes('PID'), `titles: ${top.titles.join(' ')}`);
    const commands = top.processes.map((row) => row[row.length - 1] ?? '');
    assert.ok(
      commands.some((c) => c.includes('sleep')),
      `processes: ${commands.join(' | ')}`,
    );
  });

  it('renames a container, and refuses a name in use without changing either container', async () => {
    const a = await createPlain();
    const b = await createPlain();
    const renamed = unique('renamed');
    await client.renameContainer(a.id, renamed);
    assert.equal((await client.listContainersById([a.id]))[0]?.name, renamed);

    const err = await refusal(client.renameContainer(b.id, renamed));
    assert.equal(statusCode(err), 409);
    assert.match(
      describeDockerError(err, client.endpoint),
      new RegExp(`^The name "${renamed}" is already used by container [0-9a-f]{12}: choose another name`),
    );
    assert.equal((await client.listContainersById([b.id]))[0]?.name, b.name);
    assert.equal((await client.listContainersById([a.id]))[0]?.name, renamed);
  });

  it('refuses to remove a running container without force; anonymous volumes go only when asked', async () => {
    const running = await createPlain({ volumes: { '/data': {} } });
    await client.startContainer(running.id);
    const err = await refusal(client.removeContainer(running.id));
    assert.equal(statusCode(err), 409);
    assert.match(describeDockerError(err, client.endpoint), /running/i);
    assert.equal((await state(running.id)).Status, 'running', 'the refused container still runs');

    const anonymous = async (id: string): Promise<string> => {
      const raw = await client.inspectRaw('container', id);
      const mounts = raw.Mounts as { Type: string; Name?: string }[];
      const name = mounts.find((m) => m.Type === 'volume')?.Name;
      assert.ok(name, 'the container has an anonymous volume');
      volumes.push(name);
      return name;
    };
    const kept = await anonymous(running.id);
    await client.removeContainer(running.id, { force: true });
    assert.equal(await exists('container', running.id), false);
    assert.equal(await exists('volume', kept), true, 'without the volumes choice the volume stays');

    const other = await createPlain({ volumes: { '/data': {} } });
    const dropped = await anonymous(other.id);
    await client.removeContainer(other.id, { volumes: true });
    assert.equal(await exists('volume', dropped), false, 'with the volumes choice it goes');
  });

  it('prunes only the stopped containers it was told about', async () => {
    const stopped1 = await createPlain();
    const stopped2 = await createPlain();
    const running = await createPlain();
    await client.startContainer(running.id);
    const outsider = await client.createContainer({
      name: unique('outsider'),
      Image: seeds.plain,
      Labels: { [label]: `${run}-other` },
      HostConfig: { NetworkMode: 'none' },
    });
    containers.push(outsider);
    // A stopped container that wrote 200 kB: the question says what pruning it frees.
    const writer = await client.createContainer({
      name: unique('writer'),
      Image: seeds.plain,
      Cmd: ['sh', '-c', 'dd if=/dev/zero of=/written bs=1024 count=200'],
      Labels: mine,
      HostConfig: { NetworkMode: 'none' },
    });
    containers.push(writer);
    await client.startContainer(writer);
    const deadline = Date.now() + 20_000;
    while ((await state(writer)).Status !== 'exited') {
      assert.ok(Date.now() < deadline, 'the writer exits');
    }
    const sizes = await client.stoppedContainerSizes();
    assert.ok((sizes.get(writer) ?? 0) >= 200 * 1024, `the writer's size: ${sizes.get(writer)}`);
    assert.equal(sizes.has(running.id), false, 'running containers are not counted');
    assert.ok(sizes.has(stopped1.id));

    const result = await client.pruneContainers(filters);
    assert.deepEqual([...result.deleted].sort(), [stopped1.id, stopped2.id, writer].sort());
    assert.ok(result.spaceReclaimed >= 200 * 1024, 'the space said is freed');
    assert.ok(result.spaceReclaimed >= 0);
    assert.equal(await exists('container', running.id), true);
    assert.equal(await exists('container', outsider), true, 'a container without the label is kept');
  });

  it('commits a container to an image and exports its file system as a tar', async () => {
    const { id } = await createPlain();
    const repository = `dw-actions-commit-${run}`;
    const imageId = await client.commitContainer(id, { repository, tag: 'v1' });
    images.push(`${repository}:v1`);
    assert.match(imageId, /^sha256:/);
    const image = await client.inspectImage(`${repository}:v1`);
    assert.equal(image?.id, imageId);

    const tar = await readAll(await client.exportContainer(id));
    const names = tarNames(tar);
    assert.ok(names.includes('bin/busybox'), `exported names start: ${names.slice(0, 5).join(', ')}`);

    // Through a file, as the command writes it.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dw-export-')), 'c.tar');
    try {
      await pipeline(await client.exportContainer(id), fs.createWriteStream(file));
      assert.equal(fs.statSync(file).size, tar.length);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('tags an image, and refuses an invalid reference before and at the Engine', async () => {
    const repository = `dw-actions-tag-${run}`;
    await client.tagImage(seeds.plain, repository, 'first');
    images.push(`${repository}:first`);
    const seed = await client.inspectImage(seeds.plain);
    assert.equal((await client.inspectImage(`${repository}:first`))?.id, seed?.id);

    const bad = parseReference('Dockwright/UPPER:tag', t);
    assert.ok('problem' in bad && /lowercase/.test(bad.problem));
    const err = await refusal(client.tagImage(seeds.plain, 'Dockwright/UPPER', 'tag'));
    // Engines answer 400 or (before 23.0) 500, with the same words.
    assert.ok([400, 500].includes(statusCode(err) ?? 0));
    assert.match(describeDockerError(err, client.endpoint), /invalid reference|lowercase/i);
    const after = await client.inspectImage(seeds.plain);
    assert.deepEqual(after?.repoTags, seed?.repoTags, 'the seed keeps exactly its tags');
  });

  it('refuses to remove an image a container uses without force, and removes a tag', async () => {
    const { id } = await createPlain();
    const repository = `dw-actions-used-${run}`;
    await client.commitContainer(id, { repository, tag: 'v1' });
    images.push(`${repository}:v1`);
    const user = await createPlain({ image: `${repository}:v1` });

    const err = await refusal(client.removeImage(`${repository}:v1`));
    assert.equal(statusCode(err), 409);
    assert.match(describeDockerError(err, client.endpoint), /^Conflict: .*(being used|using)/i);
    assert.ok(await client.inspectImage(`${repository}:v1`), 'the image is still there');

    await client.removeContainer(user.id, { force: true });
    await client.tagImage(`${repository}:v1`, repository, 'v2');
    images.push(`${repository}:v2`);
    const untag = await client.removeImage(`${repository}:v2`);
    assert.deepEqual(untag.untagged, [`${repository}:v2`]);
    assert.deepEqual(untag.deleted, [], 'removing one of two tags only untags');
    const gone = await client.removeImage(`${repository}:v1`);
    assert.ok(gone.deleted.length > 0, 'removing the last tag deletes the image');
  });

  it('prunes only the dangling images it was told about, and shows history', async () => {
    const { id } = await createPlain();
    const repository = `dw-actions-dangling-${run}`;
    const first = await client.commitContainer(id, { repository, tag: 'v1' });
    images.push(first);
    // Committing to the same tag again leaves the first image untagged (dangling).
    const second = await client.commitContainer(id, { repository, tag: 'v1', comment: 'again' });
    images.push(`${repository}:v1`);
    assert.notEqual(first, second);
    assert.deepEqual((await client.inspectImage(first))?.repoTags, []);

    const result = await client.pruneImages({ filters });
    assert.deepEqual(
      result.deleted.filter((d) => d.startsWith('sha256:')),
      [first],
    );
    assert.equal(await client.inspectImage(first), undefined);
    assert.ok(await client.inspectImage(`${repository}:v1`), 'the tagged image is kept');

    const history = await client.imageHistory(`${repository}:v1`);
    assert.ok(history.length >= 2, 'the commit layer and the seed layers');
    assert.equal(history[0]?.comment, 'again');
    assert.ok(history.some((layer) => /COPY|rootfs/.test(layer.createdBy) && layer.size > 1000));
  });

  it('saves an image to a tar file and loads it back', async () => {
    const { id } = await createPlain();
    const repository = `dw-actions-save-${run}`;
    await client.commitContainer(id, { repository, tag: 'v1' });
    images.push(`${repository}:v1`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-save-'));
    const file = path.join(dir, 'image.tar');
    try {
      await pipeline(await client.saveImages([`${repository}:v1`]), fs.createWriteStream(file));
      assert.ok(tarNames(fs.readFileSync(file)).includes('manifest.json'));
      await client.removeImage(`${repository}:v1`);
      assert.equal(await client.inspectImage(`${repository}:v1`), undefined);

      const lines = await client.loadImages(fs.createReadStream(file));
      assert.ok(
        lines.some((line) => line.includes(`${repository}:v1`)),
        `load said: ${lines.join(' | ')}`,
      );
      assert.ok(await client.inspectImage(`${repository}:v1`), 'the image is back');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong with a file that is not an image archive', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-load-'));
    const file = path.join(dir, 'junk.tar');
    fs.writeFileSync(file, Buffer.alloc(4096, 7));
    try {
      const err = await refusal(client.loadImages(fs.createReadStream(file)));
      assert.ok(describeDockerError(err, client.endpoint).length > 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates, inspects, removes and prunes volumes, only its own', async () => {
    const name = unique('v');
    assert.equal(
      await client.createVolume({ name, driver: 'local', labels: { ...mine, role: 'kept' } }),
      name,
    );
    volumes.push(name);
    const inspected = await client.inspectRaw('volume', name);
    assert.equal(inspected.Driver, 'local');
    assert.deepEqual(inspected.Labels, { ...mine, role: 'kept' });

    const used = unique('v');
    await client.createVolume({ name: used, labels: mine });
    volumes.push(used);
    const mounting = await client.createContainer({
      name: unique('c'),
      Image: seeds.plain,
      Labels: mine,
      HostConfig: { NetworkMode: 'none', Binds: [`${used}:/data`] },
    });
    containers.push(mounting);

    const inUse = await refusal(client.removeVolume(used));
    assert.equal(statusCode(inUse), 409);
    assert.match(describeDockerError(inUse, client.endpoint), /^Conflict: .*in use/i);

    const spare = unique('v');
    await client.createVolume({ name: spare, labels: mine });
    volumes.push(spare);
    const result = await client.pruneVolumes({ filters });
    assert.deepEqual([...result.deleted].sort(), [name, spare].sort());
    assert.equal(await exists('volume', used), true, 'a volume a container mounts is kept');

    await client.removeContainer(mounting, { force: true });
    await client.removeVolume(used);
    assert.equal(await exists('volume', used), false);
  });

  it('creates internal networks, connects a container with an alias, disconnects, prunes only its own', async () => {
    const nameA = unique('n');
    const third = 16 + ((randomBytes(1)[0] ?? 0) % 200);
    const subnet = `10.231.${third}.0/24`;
    const a = await client.createNetwork({ name: nameA, internal: true, subnet, labels: mine });
    networks.push(a);
    const inspected = await client.inspectRaw('network', a);
    assert.equal(inspected.Internal, true);
    assert.equal((inspected.IPAM as { Config: { Subnet: string }[] }).Config[0]?.Subnet, subnet);
    const nameB = unique('n');
    const b = await client.createNetwork({ name: nameB, internal: true, labels: mine });
    networks.push(b);
    const spareName = unique('n');
    networks.push(await client.createNetwork({ name: spareName, internal: true, labels: mine }));

    const duplicate = await refusal(client.createNetwork({ name: nameA, internal: true, labels: mine }));
    assert.equal(statusCode(duplicate), 409);

    // Internal networks only: the container has no route off this host.
    const c = await client.createContainer({
      name: unique('c'),
      Image: seeds.plain,
      Labels: mine,
      HostConfig: { NetworkMode: nameA },
    });
    containers.push(c);
    await client.startContainer(c);
    await client.connectNetwork(b, c, { aliases: ['dw-alias'] });
    const endpoints = async (): Promise<Record<string, { Aliases?: string[] | null }>> =>
      (
        (await client.inspectRaw('container', c)).NetworkSettings as {
          Networks: Record<string, { Aliases?: string[] | null }>;
        }
      ).Networks;
    assert.ok((await endpoints())[nameB]?.Aliases?.includes('dw-alias'), 'connected with the alias');

    const first = await client.pruneNetworks(filters);
    assert.deepEqual(first.deleted, [spareName], 'only the network without containers goes');

    await client.disconnectNetwork(b, c);
    assert.equal((await endpoints())[nameB], undefined, 'disconnected');
    const second = await client.pruneNetworks(filters);
    assert.deepEqual(second.deleted, [nameB]);
    assert.equal(await exists('network', a), true);

    // The test daemon may run without a default bridge; `none` is always there.
    const builtIn = await refusal(client.removeNetwork('none'));
    assert.match(describeDockerError(builtIn, client.endpoint), /pre-defined|cannot be removed/i);
    assert.equal(await exists('network', 'none'), true);

    await client.removeContainer(c, { force: true });
    await client.removeNetwork(a);
    assert.equal(await exists('network', a), false);
  });

  it('sums disk usage for images, containers, volumes and the build cache', async () => {
    const { name } = await createPlain();
    const usage = await client.diskUsage();
    assert.ok(usage.images.count >= 2, 'the seeds at least');
    assert.ok(usage.images.size > 0);
    assert.ok(usage.containers.items.some((i) => i.name === name));
    for (const category of [usage.images, usage.containers, usage.volumes, usage.buildCache]) {
      assert.ok(category.reclaimable <= Math.max(category.size, category.reclaimable));
      assert.ok(category.active <= category.count);
    }
  });
});
