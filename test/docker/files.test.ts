// Container files through the archive API against the test daemon: list, stat, read, write,
// create, delete; on a stopped container and in an image without a shell; a volume browsed
// through a helper container that is gone afterwards; bad input changes nothing.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DockerClient } from '../../src/extension/docker/client';
import { runBuild } from '../../src/extension/docker/buildProgress';
import type { ContainerRef } from '../../src/extension/docker/containerFiles';
import { ContainerFiles, ContainerFilesError } from '../../src/extension/docker/containerFiles';
import { readTar } from '../../src/extension/docker/tar';
import { helperLabel, VolumeHelpers, volumeMountPoint } from '../../src/extension/docker/volumeHelpers';
import { requireDaemon, seeds, testClient } from './helpers';

/** Rejects with a ContainerFilesError of this kind whose message matches. */
async function rejectsWith(run: Promise<unknown>, kind: string, message: RegExp): Promise<void> {
  await assert.rejects(run, (err: unknown) => {
    assert.ok(err instanceof ContainerFilesError, String(err));
    assert.equal(err.kind, kind, err.message);
    assert.match(err.message, message);
    return true;
  });
}

describe('docker: container files', function () {
  this.timeout(120_000);
  let client: DockerClient;
  let files: ContainerFiles;
  const suffix = randomBytes(4).toString('hex');
  const containers: string[] = [];
  const volumes: string[] = [];
  const images: string[] = [];

  before(async function () {
    const host = requireDaemon(this);
    client = await testClient(host);
    files = new ContainerFiles(client);
  });

  after(async () => {
    for (const id of containers) {
      await client?.removeContainer(id, { force: true }).catch(() => undefined);
    }
    for (const name of volumes) {
      await client?.removeVolume(name, { force: true }).catch(() => undefined);
    }
    for (const image of images) {
      await client?.removeImage(image, { force: true }).catch(() => undefined);
    }
    client?.dispose();
  });

  async function seedContainer(start: boolean, extra: { Binds?: string[] } = {}): Promise<ContainerRef> {
    const name = `dw-files-${suffix}-${containers.length}`;
    const id = await client.createContainer({
      name,
      Image: seeds.plain,
      HostConfig: { NetworkMode: 'none', ...extra },
    });
    containers.push(id);
    if (start) {
      await client.startContainer(id);
    }
    return { id, label: `the container "${name}"` };
  }

  /** Reads a file straight from the archive API, not through the code under test's read. */
  async function archived(id: string, path: string): Promise<{ data: string; mode: number }> {
    const stream = await client.getArchive(id, path);
    for await (const entry of readTar(stream as AsyncIterable<Buffer>, () => true)) {
      return { data: entry.data?.toString('utf8') ?? '', mode: entry.mode };
    }
    throw new Error(`no entry for ${path}`);
  }

  /** Runs a command in a running container and returns its output (exit code checked). */
  async function exec(id: string, cmd: string[]): Promise<string> {
    const execId = await client.createExec(id, { cmd, tty: true, stdin: false });
    const stream = await client.startExec(execId, { tty: true, stdin: false });
    let out = '';
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      out += chunk.toString('utf8');
    }
    // A TTY ends lines with CR LF.
    return out.replace(/\r\n/g, '\n');
  }

  it('lists, stats and reads the files of a running seed container', async () => {
    const ref = await seedContainer(true);
    const root = await files.list(ref, '/');
    const names = root.map((e) => e.name);
    for (const expected of ['bin', 'etc', 'www']) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
    assert.equal(root.find((e) => e.name === 'bin')?.kind, 'directory');
    const bin = await files.list(ref, '/bin');
    const sh = bin.find((e) => e.name === 'sh');
    assert.deepEqual(sh, { name: 'sh', kind: 'file', symlink: true });
    assert.equal(bin.find((e) => e.name === 'busybox')?.symlink, false);
    assert.ok(bin.every((e) => !e.name.includes('/')));

    const stat = await files.stat(ref, '/www/index.html');
    assert.equal(stat.kind, 'file');
    const html = (await files.read(ref, '/www/index.html')).toString('utf8');
    assert.equal(stat.size, Buffer.byteLength(html));
    assert.equal(html, await exec(ref.id, ['cat', '/www/index.html']));
    assert.equal((await files.stat(ref, '/www')).kind, 'directory');

    // A link is followed: the stat is its target's, reading gives the target's bytes.
    const link = await files.stat(ref, '/bin/sh');
    assert.equal(link.symlink, true);
    assert.equal(link.kind, 'file');
    assert.equal(link.linkTarget, '/bin/busybox');
    assert.equal((await files.read(ref, '/bin/sh')).length, (await files.stat(ref, '/bin/busybox')).size);
  });

  it('writes a file, keeps the mode of one it overwrites, creates and deletes folders', async () => {
    const ref = await seedContainer(true);
    await files.write(ref, '/tmp/note.txt', Buffer.from('first\n'), { create: true, overwrite: false });
    assert.equal(await exec(ref.id, ['cat', '/tmp/note.txt']), 'first\n');
    await rejectsWith(
      files.write(ref, '/tmp/note.txt', Buffer.from('x'), { create: true, overwrite: false }),
      'exists',
      /\/tmp\/note\.txt already exists/,
    );
    await exec(ref.id, ['sh', '-c', 'chmod 751 /tmp/note.txt']);
    await files.write(ref, '/tmp/note.txt', Buffer.from('second'), { create: false, overwrite: true });
    assert.deepEqual(await archived(ref.id, '/tmp/note.txt'), { data: 'second', mode: 0o751 });

    await files.createFolder(ref, '/tmp/made');
    await files.write(ref, '/tmp/made/inner.txt', Buffer.from('in'), { create: true, overwrite: false });
    assert.deepEqual(
      (await files.list(ref, '/tmp/made')).map((e) => [e.name, e.kind]),
      [['inner.txt', 'file']],
    );
    await rejectsWith(files.remove(ref, '/tmp/made', { recursive: false }), 'noPermissions', /not empty/);
    await files.remove(ref, '/tmp/made', { recursive: true });
    await files.remove(ref, '/tmp/note.txt', { recursive: false });
    assert.equal(await exec(ref.id, ['sh', '-c', 'ls -A /tmp']), '');
    await rejectsWith(
      files.stat(ref, '/tmp/note.txt'),
      'notFound',
      /\/tmp\/note\.txt does not exist in the container/,
    );
  });

  it('says clearly what cannot be done, and changes nothing', async () => {
    const running = await seedContainer(true);
    await rejectsWith(files.read(running, '/no/such/file'), 'notFound', /\/no\/such\/file does not exist/);
    await rejectsWith(files.list(running, '/nowhere'), 'notFound', /\/nowhere does not exist/);
    await rejectsWith(files.read(running, '/etc'), 'isDirectory', /\/etc .* is a folder/);
    await rejectsWith(files.list(running, '/www/index.html'), 'notDirectory', /is not a folder/);
    await rejectsWith(
      files.write(running, '/no/folder/file.txt', Buffer.from('x'), { create: true, overwrite: true }),
      'notFound',
      /The folder \/no\/folder does not exist/,
    );
    await rejectsWith(
      files.write(running, '/www/absent.txt', Buffer.from('x'), { create: false, overwrite: true }),
      'notFound',
      /absent\.txt does not exist/,
    );
    // The seed image has rm but no mv: the rename is refused with the reason, the file stays.
    await rejectsWith(
      files.rename(running, '/www/index.html', '/www/moved.html', { overwrite: false }),
      'unavailable',
      /has no `mv` command/,
    );
    assert.ok((await files.list(running, '/www')).some((e) => e.name === 'index.html'));
    await rejectsWith(
      files.stat({ id: `gone-${suffix}`, label: 'the container "gone"' }, '/'),
      'unavailable',
      /The container "gone" no longer exists/,
    );

    const stopped = await seedContainer(false);
    await rejectsWith(
      files.remove(stopped, '/www/index.html', { recursive: false }),
      'unavailable',
      /is created\. Docker can read and write the files of a stopped container but not delete/,
    );
    assert.equal((await archived(stopped.id, '/www/index.html')).data.length > 0, true);
  });

  it('reads and writes a stopped container', async () => {
    const ref = await seedContainer(false);
    assert.ok((await files.list(ref, '/www')).some((e) => e.name === 'index.html'));
    await files.write(ref, '/www/added.txt', Buffer.from('while stopped'), {
      create: true,
      overwrite: false,
    });
    assert.equal((await files.read(ref, '/www/added.txt')).toString('utf8'), 'while stopped');
    await client.startContainer(ref.id);
    assert.equal(await exec(ref.id, ['cat', '/www/added.txt']), 'while stopped');
  });

  it('works in an image without a shell (FROM scratch, one file)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dw-files-'));
    const tag = `dockwright-test-files-scratch-${suffix}:latest`;
    try {
      writeFileSync(join(root, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\nCMD ["/none"]\n');
      writeFileSync(join(root, 'hello.txt'), 'hello from scratch\n');
      const result = await runBuild(
        client,
        { root, dockerfile: join(root, 'Dockerfile'), tag, builder: '1', networkMode: 'none' },
        () => undefined,
      );
      assert.equal(result.error, undefined);
      images.push(tag);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    const id = await client.createContainer({ Image: tag, HostConfig: { NetworkMode: 'none' } });
    containers.push(id);
    const ref = { id, label: 'the scratch container' };
    const names = (await files.list(ref, '/')).map((e) => e.name);
    assert.ok(names.includes('hello.txt'), names.join(', '));
    assert.equal((await files.read(ref, '/hello.txt')).toString('utf8'), 'hello from scratch\n');
    await files.createFolder(ref, '/data');
    await files.write(ref, '/data/new.txt', Buffer.from('written'), { create: true, overwrite: false });
    assert.deepEqual(await archived(id, '/data/new.txt'), { data: 'written', mode: 0o644 });
    await rejectsWith(files.remove(ref, '/hello.txt', { recursive: false }), 'unavailable', /is created/);
  });

  it('browses a volume through a helper container that is removed afterwards', async () => {
    const volume = `dw-files-volume-${suffix}`;
    await client.createVolume({ name: volume, driver: 'local', labels: {} });
    volumes.push(volume);
    // Something writes into the volume first, from a container that mounts it.
    const writer = await seedContainer(true, { Binds: [`${volume}:/data`] });
    await exec(writer.id, ['sh', '-c', 'mkdir /data/sub && echo inside > /data/sub/file.txt']);
    await client.removeContainer(writer.id, { force: true });

    const helpers = new VolumeHelpers(() => client, 60_000);
    try {
      helpers.hold(volume);
      const helperId = await helpers.container(volume);
      const helper = (await client.listContainersById([helperId]))[0];
      assert.equal(helper?.state, 'created');
      assert.equal(helper?.labels[helperLabel], 'volume-browser');
      const ref = {
        id: helperId,
        label: `the volume "${volume}"`,
        root: volumeMountPoint,
        neverStarted: true,
      };
      assert.deepEqual(
        (await files.list(ref, '/')).map((e) => [e.name, e.kind]),
        [['sub', 'directory']],
      );
      assert.equal((await files.read(ref, '/sub/file.txt')).toString('utf8'), 'inside\n');
      await files.write(ref, '/sub/added.txt', Buffer.from('via helper'), { create: true, overwrite: false });
      await rejectsWith(
        files.remove(ref, '/sub/added.txt', { recursive: false }),
        'unavailable',
        /never started/,
      );
      await rejectsWith(files.read(ref, '/missing'), 'notFound', /^\/missing does not exist in the volume/);
      await helpers.release(volume);
      assert.deepEqual(await client.listContainersById([helperId]), []);

      // What the helper wrote is in the volume, seen from another container.
      const reader = await seedContainer(true, { Binds: [`${volume}:/data`] });
      assert.equal(await exec(reader.id, ['cat', '/data/sub/added.txt']), 'via helper');
      await client.removeContainer(reader.id, { force: true });
    } finally {
      await helpers.dispose();
    }
    const left = (await client.listContainers()).filter((c) => c.labels[helperLabel] !== undefined);
    assert.deepEqual(left, []);
  });
});
