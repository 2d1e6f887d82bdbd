import * as assert from 'node:assert/strict';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  lstatSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ContextEntry } from '../../../src/extension/docker/buildContext';
import { contextEntries, packContext, readContextIgnore } from '../../../src/extension/docker/buildContext';
import type { IgnoreMatcher } from '../../../src/extension/docker/dockerignore';

/** One member of a tar archive, as a reader sees it. */
interface TarMember {
  name: string;
  type: string;
  mode: number;
  size: number;
  linkname: string;
  data: Buffer;
}

function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul === -1 ? length : nul).toString('utf8');
}

/** Reads ustar members with PAX `path`/`linkpath`/`size` records; checks each header's checksum. */
function readTar(archive: Buffer): TarMember[] {
  const members: TarMember[] = [];
  let offset = 0;
  let pax: Record<string, string> = {};
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) {
      break;
    }
    let sum = 0;
    for (let i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? 0x20 : header[i];
    }
    assert.equal(parseInt(field(header, 148, 8), 8), sum, 'checksum');
    assert.equal(field(header, 257, 6), 'ustar');
    const type = field(header, 156, 1);
    let size = parseInt(field(header, 124, 12), 8);
    if (pax.size !== undefined) {
      size = Number(pax.size);
    }
    const data = archive.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      pax = {};
      let text = data.toString('utf8');
      while (text.length > 0) {
        const space = text.indexOf(' ');
        const length = Number(text.slice(0, space));
        const record = Buffer.from(text).subarray(0, length).toString('utf8');
        const [key, ...value] = record.slice(space + 1, -1).split('=');
        pax[key] = value.join('=');
        text = Buffer.from(text).subarray(length).toString('utf8');
      }
      continue;
    }
    const prefix = field(header, 345, 155);
    const short = field(header, 0, 100);
    members.push({
      name: pax.path ?? (prefix !== '' ? `${prefix}/${short}` : short),
      type,
      mode: parseInt(field(header, 100, 8), 8),
      size,
      linkname: pax.linkpath ?? field(header, 157, 100),
      data: Buffer.from(data),
    });
    pax = {};
  }
  return members;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
}

/** Every path under root, `/`-separated, in no particular order. */
function allPaths(root: string, rel = ''): { name: string; directory: boolean }[] {
  const out: { name: string; directory: boolean }[] = [];
  for (const entry of readdirSync(join(root, rel))) {
    const name = rel === '' ? entry : `${rel}/${entry}`;
    const directory = lstatSync(join(root, name)).isDirectory();
    out.push({ name, directory });
    if (directory) {
      out.push(...allPaths(root, name));
    }
  }
  return out;
}

/**
 * What the matcher allows, computed path by path: a path is sent when not excluded and no
 * folder above it was skipped (excluded, with no exception naming something inside it); an
 * excluded folder that is walked sends its contents but not itself.
 */
function allowed(root: string, matcher: IgnoreMatcher): string[] {
  const skipped = (name: string): boolean => {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (matcher.excludes(folder) && !matcher.mayReinclude(folder)) {
        return true;
      }
    }
    return false;
  };
  return allPaths(root)
    .filter(({ name }) => !skipped(name) && !matcher.excludes(name))
    .map(({ name, directory }) => (directory ? `${name}/` : name))
    .sort();
}

async function names(entries: AsyncIterable<ContextEntry>): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of entries) {
    out.push(entry.kind === 'directory' ? `${entry.name}/` : entry.name);
  }
  return out;
}

describe('build context', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dw-context-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('sends exactly what the matcher allows, on a tree with ** and ! exceptions', async () => {
    write(root, {
      Dockerfile: 'FROM scratch\n',
      '.dockerignore': [
        '# build output',
        'dist',
        '**/*.log',
        '!keep/**/*.log',
        'node_modules',
        '!node_modules/wanted/index.js',
        'docs',
        '!**/README.md',
        'secret*',
        '/tmp?',
        '*.tmp',
      ].join('\n'),
      'dist/a.js': 'x',
      'src/app.ts': 'x',
      'src/debug.log': 'x',
      'src/deep/er/trace.log': 'x',
      'keep/logs/a.log': 'x',
      'keep/b.log': 'x',
      'node_modules/wanted/index.js': 'x',
      'node_modules/wanted/other.js': 'x',
      'node_modules/unwanted/index.js': 'x',
      'docs/README.md': 'x',
      'docs/guide.md': 'x',
      'src/README.md': 'x',
      'secret.txt': 'x',
      'src/secret.txt': 'x',
      tmp1: 'x',
      'src/tmp1': 'x',
      'a.tmp': 'x',
      'src/b.tmp': 'x',
    });
    const ignore = await readContextIgnore({ root, dockerfile: join(root, 'Dockerfile') });
    const sent = await names(contextEntries(root, ignore.matcher));
    assert.deepEqual([...sent].sort(), allowed(root, ignore.matcher));
    assert.deepEqual(sent, [...sent].sort(), 'sorted, each folder before its contents');
    // Docker's rules, spelled out: ** exceptions do not open an excluded folder.
    assert.ok(sent.includes('node_modules/wanted/index.js'));
    assert.ok(!sent.includes('node_modules/'));
    assert.ok(!sent.includes('node_modules/wanted/other.js'));
    assert.ok(!sent.includes('docs/README.md'));
    assert.ok(sent.includes('src/README.md'));
    assert.ok(sent.includes('keep/logs/a.log') && sent.includes('keep/b.log'));
    assert.ok(!sent.includes('src/deep/er/trace.log') && !sent.includes('src/debug.log'));
    assert.ok(!sent.includes('secret.txt') && sent.includes('src/secret.txt'));
    assert.ok(!sent.includes('tmp1') && sent.includes('src/tmp1'));
    assert.ok(!sent.includes('a.tmp') && sent.includes('src/b.tmp'));
  });

  it('always sends the Dockerfile and the ignore file', async () => {
    write(root, { 'build/Dockerfile': 'FROM scratch\n', '.dockerignore': '*\n', 'a.txt': 'x' });
    const ignore = await readContextIgnore({ root, dockerfile: join(root, 'build/Dockerfile') });
    const sent = await names(contextEntries(root, ignore.matcher));
    assert.deepEqual(sent, ['.dockerignore', 'build/Dockerfile']);
  });

  it('<Dockerfile>.dockerignore beside the Dockerfile wins over the context one', async () => {
    write(root, {
      'app/Dockerfile': 'FROM scratch\n',
      'app/Dockerfile.dockerignore': 'b.txt\n',
      '.dockerignore': 'a.txt\n',
      'a.txt': 'x',
      'b.txt': 'x',
    });
    const ignore = await readContextIgnore({ root, dockerfile: join(root, 'app/Dockerfile') });
    assert.equal(ignore.file, join(root, 'app/Dockerfile.dockerignore'));
    const sent = await names(contextEntries(root, ignore.matcher));
    assert.ok(sent.includes('a.txt'));
    assert.ok(!sent.includes('b.txt'));
  });

  it('streams a tar with modes, symbolic links, long names and large files', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < big.length; i++) {
      big[i] = (i * 31) & 0xff;
    }
    const long = `${'segment-'.repeat(14)}/${'x'.repeat(90)}/ünïcode-${'y'.repeat(120)}.txt`;
    write(root, {
      Dockerfile: 'FROM scratch\n',
      'bin/run.sh': '#!/bin/sh\n',
      'big.bin': big,
      [long]: 'long',
    });
    chmodSync(join(root, 'bin/run.sh'), 0o755);
    symlinkSync('bin/run.sh', join(root, 'run'));
    symlinkSync(`../${'t'.repeat(150)}`, join(root, 'far'));
    const packed = await packContext({ root, dockerfile: join(root, 'Dockerfile') });
    assert.equal(packed.dockerfile, 'Dockerfile');
    const archive = await collect(packed.stream);
    assert.equal(archive.length % 512, 0);
    const members = readTar(archive);
    const byName = new Map(members.map((m) => [m.name, m]));
    assert.deepEqual(
      members.map((m) => m.name),
      allowed(root, packed.ignore.matcher),
    );
    assert.equal(byName.get('bin/')?.type, '5');
    assert.equal(byName.get('bin/run.sh')?.mode, 0o755);
    assert.equal(byName.get('run')?.type, '2');
    assert.equal(byName.get('run')?.linkname, 'bin/run.sh');
    assert.equal(byName.get('far')?.linkname, `../${'t'.repeat(150)}`);
    assert.ok(byName.get('big.bin')?.data.equals(big));
    assert.equal(byName.get(long)?.data.toString(), 'long');
    assert.equal(byName.get('Dockerfile')?.data.toString(), 'FROM scratch\n');
  });

  it('packs the same tree into the same bytes', async () => {
    write(root, { Dockerfile: 'FROM scratch\n', 'b/c': '1', a: '2', 'b/a': '3' });
    const first = await collect((await packContext({ root, dockerfile: join(root, 'Dockerfile') })).stream);
    const second = await collect((await packContext({ root, dockerfile: join(root, 'Dockerfile') })).stream);
    assert.ok(first.equals(second));
    assert.deepEqual(
      readTar(first).map((m) => m.name),
      ['Dockerfile', 'a', 'b/', 'b/a', 'b/c'],
    );
  });

  it('refuses a Dockerfile outside the context', async () => {
    await assert.rejects(packContext({ root: join(root, 'sub'), dockerfile: join(root, 'Dockerfile') }));
  });
});
