import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { containerPath } from '../../../src/extension/docker/containerFiles';
import { decodePathStat, fromGoMode } from '../../../src/extension/docker/pathStat';
import type { TarEntry } from '../../../src/extension/docker/tar';
import { parsePax, readTar, TarFormatError, writeTar } from '../../../src/extension/docker/tar';
import { helperName, isHelperContainer, smallestImage } from '../../../src/extension/docker/volumeHelpers';
import type { ImageSummary } from '../../../src/extension/docker/types';
import type { FileLocation } from '../../../src/extension/files/fileUris';
import {
  childLocation,
  decodeDaemon,
  encodeDaemon,
  locationUri,
  parseLocation,
} from '../../../src/extension/files/fileUris';

/** The archive handed over in pieces of `size` bytes, as a socket would. */
function pieces(archive: Buffer, size: number): AsyncIterable<Buffer> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < archive.length; at += size) {
    chunks.push(archive.subarray(at, at + size));
  }
  return Readable.from(chunks);
}

async function entries(
  source: AsyncIterable<Buffer>,
  wantBody: (entry: TarEntry) => boolean = () => true,
): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const entry of readTar(source, wantBody)) {
    out.push(entry);
  }
  return out;
}

describe('tar reader and writer', () => {
  const longName = `${'deep/'.repeat(40)}file-with-a-long-name.txt`;
  const archive = writeTar([
    { name: 'folder', kind: 'directory', mode: 0o755, mtimeMs: 1_700_000_000_000 },
    {
      name: 'folder/a.txt',
      kind: 'file',
      mode: 0o640,
      mtimeMs: 1_700_000_000_000,
      uid: 1000,
      gid: 100,
      data: Buffer.from('hello'),
    },
    { name: longName, kind: 'file', mode: 0o644, mtimeMs: 0, data: Buffer.alloc(1500, 0x61) },
    { name: 'ünïcode.txt', kind: 'file', mode: 0o600, mtimeMs: 0, data: Buffer.from('') },
  ]);

  it('reads back what it wrote, whatever the chunk size', async () => {
    for (const size of [1, 7, 511, 512, 513, 100_000]) {
      const read = await entries(pieces(archive, size));
      assert.deepEqual(
        read.map((e) => [e.name, e.kind, e.mode, e.uid, e.gid, e.size, e.data?.length]),
        [
          ['folder/', 'directory', 0o755, 0, 0, 0, 0],
          ['folder/a.txt', 'file', 0o640, 1000, 100, 5, 5],
          [longName, 'file', 0o644, 0, 0, 1500, 1500],
          ['ünïcode.txt', 'file', 0o600, 0, 0, 0, 0],
        ],
        `chunks of ${size}`,
      );
      assert.equal(read[1]?.data?.toString('utf8'), 'hello');
      assert.equal(read[1]?.mtime, 1_700_000_000);
      assert.ok(read[2]?.data?.every((byte) => byte === 0x61));
    }
  });

  it('skips the bodies it is not asked for, and stops where the caller stops', async () => {
    const read = await entries(pieces(archive, 64), () => false);
    assert.deepEqual(
      read.map((e) => [e.name, e.data]),
      [
        ['folder/', undefined],
        ['folder/a.txt', undefined],
        [longName, undefined],
        ['ünïcode.txt', undefined],
      ],
    );
    let pulled = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const piece of pieces(archive, 512)) {
        pulled++;
        yield piece;
      }
    }
    for await (const entry of readTar(counted())) {
      assert.equal(entry.name, 'folder/');
      break;
    }
    assert.equal(pulled, 1);
  });

  it('is read by the system tar, and reads what the system tar writes (links, long names)', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'dw-tar-'));
    try {
      writeFileSync(join(dir, 'ours.tar'), archive);
      const listed = execFileSync('tar', ['-tf', join(dir, 'ours.tar')], { encoding: 'utf8' })
        .trim()
        .split('\n');
      assert.deepEqual(listed, ['folder/', 'folder/a.txt', longName, 'ünïcode.txt']);

      const src = join(dir, 'src');
      mkdirSync(join(src, 'sub', ...Array.from({ length: 30 }, () => 'nested')), { recursive: true });
      writeFileSync(join(src, 'sub', 'file.txt'), 'content');
      symlinkSync('file.txt', join(src, 'sub', 'link'));
      const deepFile = join('sub', ...Array.from({ length: 30 }, () => 'nested'), 'end.txt');
      writeFileSync(join(src, deepFile), 'end');
      // ustar cannot hold the deep name; GNU (`L` entries) and PAX can.
      for (const format of ['gnu', 'pax']) {
        execFileSync('tar', [`--format=${format}`, '-cf', join(dir, `${format}.tar`), '-C', src, 'sub']);
        const read = await entries(pieces(readFileSync(join(dir, `${format}.tar`)), 300));
        const byName = new Map(read.map((e) => [e.name, e]));
        assert.equal(byName.get('sub/file.txt')?.data?.toString('utf8'), 'content', format);
        assert.equal(byName.get('sub/link')?.kind, 'symlink', format);
        assert.equal(byName.get('sub/link')?.linkTarget, 'file.txt', format);
        assert.equal(byName.get(deepFile)?.data?.toString('utf8'), 'end', format);
        assert.equal(byName.get('sub/')?.kind, 'directory', format);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged archive instead of guessing', async () => {
    const damaged = Buffer.from(archive);
    damaged[20] = (damaged[20] ?? 0) ^ 0xff;
    await assert.rejects(entries(pieces(damaged, 512)), TarFormatError);
    await assert.rejects(entries(pieces(archive.subarray(0, 1024 + 100), 512)), /ends inside folder\/a\.txt/);
    assert.deepEqual(await entries(pieces(Buffer.alloc(0), 512)), []);
  });

  it('parses PAX records, keys and values with spaces and = included', () => {
    const record = (text: string): string => {
      let length = text.length + 3;
      while (`${length} ${text}\n`.length !== length) {
        length = `${length} ${text}\n`.length;
      }
      return `${length} ${text}\n`;
    };
    const body = Buffer.from(record('path=a b=c') + record('size=12345678901') + record('mtime=1.5'));
    assert.deepEqual(parsePax(body), { path: 'a b=c', size: '12345678901', mtime: '1.5' });
    assert.deepEqual(parsePax(Buffer.from('garbage')), {});
  });
});

describe('archive path stat', () => {
  it('decodes the header the Engine sends', () => {
    const header = Buffer.from(
      JSON.stringify({
        name: 'rm',
        size: 7,
        mode: 134218239,
        mtime: '2026-11-23T15:23:34Z',
        linkTarget: '/bin/busybox',
      }),
    ).toString('base64');
    assert.deepEqual(decodePathStat(header), {
      name: 'rm',
      kind: 'symlink',
      size: 7,
      mode: 0o777,
      mtimeMs: Date.parse('2026-11-23T15:23:34Z'),
      linkTarget: '/bin/busybox',
    });
    const folder = Buffer.from(
      JSON.stringify({ name: '/', size: 4096, mode: 2147484141, mtime: 'bad' }),
    ).toString('base64');
    assert.deepEqual(decodePathStat(folder), {
      name: '/',
      kind: 'directory',
      size: 4096,
      mode: 0o755,
      mtimeMs: 0,
      linkTarget: '',
    });
  });

  it('maps Go FileMode bits: folders, links, devices, setuid/setgid/sticky', () => {
    assert.deepEqual(fromGoMode(0o644), { kind: 'file', mode: 0o644 });
    assert.deepEqual(fromGoMode(2 ** 31 + 2 ** 20 + 0o777), { kind: 'directory', mode: 0o1777 });
    assert.deepEqual(fromGoMode(2 ** 23 + 2 ** 22 + 0o755), { kind: 'file', mode: 0o6755 });
    assert.deepEqual(fromGoMode(2 ** 26 + 2 ** 21 + 0o666), { kind: 'other', mode: 0o666 });
    assert.deepEqual(fromGoMode(2 ** 25 + 0o600), { kind: 'other', mode: 0o600 });
    assert.deepEqual(fromGoMode(2 ** 24 + 0o755), { kind: 'other', mode: 0o755 });
  });

  it('says nothing for a missing or malformed header', () => {
    assert.equal(decodePathStat(undefined), undefined);
    assert.equal(decodePathStat(''), undefined);
    assert.equal(decodePathStat(Buffer.from('not json').toString('base64')), undefined);
    assert.equal(decodePathStat(Buffer.from('{"name":"x"}').toString('base64')), undefined);
  });
});

describe('container paths and volume helpers', () => {
  it('normalizes paths so they never climb above the root', () => {
    assert.equal(containerPath(''), '/');
    assert.equal(containerPath('etc/hosts'), '/etc/hosts');
    assert.equal(containerPath('/a/../../b/'), '/b');
    assert.equal(containerPath('/a//b/./c'), '/a/b/c');
  });

  it('chooses the smallest image and recognizes its own helpers', () => {
    const image = (id: string, size: number): ImageSummary => ({
      id,
      repoTags: [],
      repoDigests: [],
      dangling: false,
      size,
      created: 0,
      labels: {},
    });
    assert.equal(
      smallestImage([image('sha256:b', 10), image('sha256:a', 10), image('sha256:c', 99)])?.id,
      'sha256:a',
    );
    assert.equal(smallestImage([]), undefined);
    assert.equal(isHelperContainer({ labels: { 'dockwright.helper': 'volume-browser' } }), true);
    assert.equal(isHelperContainer({ labels: { other: 'x' } }), false);
    assert.match(helperName('data', 'abc'), /^dockwright-volume-data-abc$/);
  });
});

describe('container and volume file URIs', () => {
  it('round-trips every daemon key, target and path', () => {
    const cases: FileLocation[] = [
      { kind: 'container', daemonId: 'primary', target: 'a'.repeat(64), path: '/etc/hosts' },
      { kind: 'container', daemonId: 'context:Remote Box', target: 'abc', path: '/' },
      { kind: 'volume', daemonId: 'tcp://127.0.0.1:2376', target: 'my_data.v1', path: '/sub/ünï code.txt' },
    ];
    for (const location of cases) {
      const parts = locationUri(location);
      assert.match(parts.authority, /^[a-z0-9_-]+$/);
      assert.deepEqual(parseLocation(parts), location);
    }
    assert.deepEqual(locationUri(cases[0]), {
      scheme: 'dockwright-container',
      authority: 'primary',
      path: `/${'a'.repeat(64)}/etc/hosts`,
    });
    assert.equal(locationUri(cases[1]).path, '/abc');
  });

  it('refuses URIs it did not write, and finds children', () => {
    assert.equal(parseLocation({ scheme: 'file', authority: '', path: '/etc' }), undefined);
    assert.equal(
      parseLocation({ scheme: 'dockwright-volume', authority: 'bad.host', path: '/v/x' }),
      undefined,
    );
    assert.equal(parseLocation({ scheme: 'dockwright-volume', authority: 'primary', path: '/' }), undefined);
    assert.equal(decodeDaemon('_zz'), undefined);
    assert.equal(encodeDaemon('context:A'), 'context_3a_41');
    const root: FileLocation = { kind: 'volume', daemonId: 'primary', target: 'v', path: '/' };
    assert.equal(childLocation(root, 'a').path, '/a');
    assert.equal(childLocation(childLocation(root, 'a'), 'b').path, '/a/b');
    assert.equal(
      parseLocation({ scheme: 'dockwright-volume', authority: 'primary', path: '/v/a/' })?.path,
      '/a',
    );
  });
});
