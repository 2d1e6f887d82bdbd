// The build context: the files of a folder that the ignore patterns keep, walked in a fixed
// order and streamed as an uncompressed tar, as `docker build` sends it.
import type { Stats } from 'node:fs';
import * as fsCallbacks from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { buildExcludes, cleanPath, IgnoreMatcher, readIgnoreFile } from './dockerignore';

/** One file, folder or symbolic link of a context. */
export interface ContextEntry {
  /** Relative to the context, `/`-separated. */
  readonly name: string;
  readonly kind: 'file' | 'directory' | 'symlink';
  /** Permission bits (and setuid/setgid/sticky). */
  readonly mode: number;
  readonly size: number;
  readonly mtimeMs: number;
  /** A symbolic link's target, as stored. */
  readonly linkTarget?: string;
  /** Absolute path on disk. */
  readonly source: string;
  /** Owner ids written to the header; 0 (root) when absent, as a build context sends them. */
  readonly uid?: number;
  readonly gid?: number;
}

/** What a context is made of. */
export interface ContextOptions {
  /** The context folder. */
  readonly root: string;
  /** The Dockerfile (absolute); always sent when inside the context. */
  readonly dockerfile: string;
}

/** The ignore file that applies and its patterns (with the always-sent exceptions added). */
export interface ContextIgnore {
  /** Absolute path of the ignore file read, if any. */
  readonly file?: string;
  readonly patterns: readonly string[];
  readonly matcher: IgnoreMatcher;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** `a/b` when `child` is inside `root`, else undefined. */
function relativeInside(root: string, child: string): string | undefined {
  const rel = path.relative(root, child);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
    return undefined;
  }
  return rel.split(path.sep).join('/');
}

/**
 * Reads the ignore patterns: `<Dockerfile>.dockerignore` beside the Dockerfile wins over the
 * context's `.dockerignore`. Throws IgnorePatternError on a pattern Docker refuses.
 */
export async function readContextIgnore(options: ContextOptions): Promise<ContextIgnore> {
  const specific = `${options.dockerfile}.dockerignore`;
  const general = path.join(options.root, '.dockerignore');
  let file: string | undefined;
  let text = await readText(specific);
  if (text !== undefined) {
    file = specific;
  } else {
    text = await readText(general);
    file = text !== undefined ? general : undefined;
  }
  const alwaysSent = ['.dockerignore'];
  for (const sent of [options.dockerfile, file]) {
    const rel = sent === undefined ? undefined : relativeInside(options.root, sent);
    if (rel !== undefined && !alwaysSent.includes(rel)) {
      alwaysSent.push(rel);
    }
  }
  const patterns = buildExcludes(readIgnoreFile(text ?? ''), alwaysSent);
  return { ...(file !== undefined ? { file } : {}), patterns, matcher: new IgnoreMatcher(patterns) };
}

function entryOf(name: string, source: string, stats: Stats, linkTarget?: string): ContextEntry | undefined {
  const base = { name, source, mode: stats.mode & 0o7777, mtimeMs: stats.mtimeMs };
  if (stats.isSymbolicLink()) {
    return { ...base, kind: 'symlink', size: 0, linkTarget: linkTarget ?? '' };
  }
  if (stats.isDirectory()) {
    return { ...base, kind: 'directory', size: 0 };
  }
  if (stats.isFile()) {
    return { ...base, kind: 'file', size: stats.size };
  }
  // Sockets, pipes and devices have no place in a build context.
  return undefined;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The entries of a context in tar order: each folder's names sorted, a folder's entry followed by
 * what it holds. An excluded folder is skipped unless an exception names something inside it;
 * then its kept contents are sent without the folder's own entry, as Docker's archiver does.
 */
export async function* contextEntries(root: string, matcher: IgnoreMatcher): AsyncGenerator<ContextEntry> {
  // An explicit stack rather than nested generators: each entry then costs one hop, whatever
  // its depth. A folder's subfolders are listed as soon as the folder is entered, so listings
  // overlap with the consumer (one level ahead, which keeps memory to a few listings).
  const stack: { items: Listed[]; next: number }[] = [
    { items: await listFolder(root, '', matcher), next: 0 },
  ];
  prefetch(stack[0].items, matcher);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next >= top.items.length) {
      stack.pop();
      continue;
    }
    const item = top.items[top.next++];
    if (!item.excluded) {
      yield item.entry;
    }
    if (item.children !== undefined) {
      const items = await item.children;
      prefetch(items, matcher);
      stack.push({ items, next: 0 });
    }
  }
}

/** One kept entry of a folder; `children` is its listing once requested. */
interface Listed {
  entry: ContextEntry;
  /** Excluded itself but walked for the exceptions inside it. */
  excluded: boolean;
  children?: Promise<Listed[]>;
}

function prefetch(items: Listed[], matcher: IgnoreMatcher): void {
  for (const item of items) {
    if (item.entry.kind === 'directory') {
      item.children = listFolder(item.entry.source, item.entry.name, matcher);
      // Seen when the walk reaches the folder; until then not an unhandled rejection.
      item.children.catch(() => undefined);
    }
  }
}

/** A folder's kept entries, sorted; only what is kept is stat'ed. */
async function listFolder(dir: string, rel: string, matcher: IgnoreMatcher): Promise<Listed[]> {
  const dirents = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => byName(a.name, b.name));
  const kept: { name: string; source: string; excluded: boolean }[] = [];
  for (const dirent of dirents) {
    const name = rel === '' ? dirent.name : `${rel}/${dirent.name}`;
    const excluded = matcher.excludes(name);
    if (excluded && !(dirent.isDirectory() && matcher.mayReinclude(name))) {
      continue;
    }
    kept.push({ name, source: path.join(dir, dirent.name), excluded });
  }
  const listed = await Promise.all(
    kept.map(async ({ name, source, excluded }): Promise<Listed | undefined> => {
      const stat = await fs.lstat(source);
      const target = stat.isSymbolicLink() ? await fs.readlink(source) : undefined;
      const entry = entryOf(name, source, stat, target);
      return entry === undefined ? undefined : { entry, excluded };
    }),
  );
  return listed.filter((item): item is Listed => item !== undefined);
}

// ---- tar (ustar, with PAX records for what ustar cannot hold) ----

const block = 512;
const zeroBlock = Buffer.alloc(block * 2);
/** Files up to this size are read whole, several at a time ahead of the writer. */
const smallFile = 256 * 1024;
/** Entries are packed and read in batches of about this many bytes. */
const batchSize = 256 * 1024;
const maxOctal11 = 0o77777777777;

function writeString(header: Buffer, value: string, offset: number, length: number): void {
  header.write(value, offset, length, 'utf8');
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  header.write(
    `${Math.max(0, Math.floor(value))
      .toString(8)
      .padStart(length - 1, '0')}\0`,
    offset,
    length,
    'ascii',
  );
}

const plainAscii = /^[\x20-\x7e]*$/;

/** Splits a long name into ustar's prefix and name fields, when it can be. */
function splitName(name: string): { prefix: string; name: string } | undefined {
  if (!plainAscii.test(name)) {
    return undefined;
  }
  if (name.length <= 100) {
    return { prefix: '', name };
  }
  for (let at = name.indexOf('/'); at !== -1; at = name.indexOf('/', at + 1)) {
    if (at <= 155 && name.length - at - 1 <= 100 && name.length - at - 1 > 0) {
      return { prefix: name.slice(0, at), name: name.slice(at + 1) };
    }
  }
  return undefined;
}

/** One PAX record: `<length> <key>=<value>\n`, the length counting itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let length = bodyLength + 1;
  while (length !== bodyLength + String(length).length) {
    length = bodyLength + String(length).length;
  }
  return `${length}${body}`;
}

interface HeaderFields {
  name: string;
  mode: number;
  size: number;
  mtime: number;
  type: '0' | '2' | '5' | 'x';
  linkname: string;
  uid?: number;
  gid?: number;
}

function ustarHeader(fields: HeaderFields, prefix: string): Buffer {
  const header = Buffer.alloc(block);
  writeString(header, fields.name, 0, 100);
  writeOctal(header, fields.mode, 100, 8);
  writeOctal(header, fields.uid ?? 0, 108, 8);
  writeOctal(header, fields.gid ?? 0, 116, 8);
  writeOctal(header, fields.size, 124, 12);
  writeOctal(header, fields.mtime, 136, 12);
  header.fill(0x20, 148, 156);
  header.write(fields.type, 156, 1, 'ascii');
  writeString(header, fields.linkname, 157, 100);
  header.write('ustar\0' + '00', 257, 8, 'ascii');
  writeOctal(header, 0, 329, 8);
  writeOctal(header, 0, 337, 8);
  writeString(header, prefix, 345, 155);
  let sum = 0;
  for (let i = 0; i < block; i++) {
    sum += header[i];
  }
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

function padding(size: number): number {
  return (block - (size % block)) % block;
}

/** The header blocks of one entry: a PAX header first when ustar cannot hold the name, link or size. */
export function entryHeader(entry: ContextEntry): Buffer {
  const name = entry.kind === 'directory' ? `${entry.name}/` : entry.name;
  const link = entry.linkTarget ?? '';
  const size = entry.kind === 'file' ? entry.size : 0;
  const split = splitName(name);
  const records: string[] = [];
  if (split === undefined) {
    records.push(paxRecord('path', name));
  }
  const linkFits = link.length <= 100 && plainAscii.test(link);
  if (!linkFits) {
    records.push(paxRecord('linkpath', link));
  }
  if (size > maxOctal11) {
    records.push(paxRecord('size', String(size)));
  }
  const type = entry.kind === 'directory' ? '5' : entry.kind === 'symlink' ? '2' : '0';
  const mtime = Math.floor(entry.mtimeMs / 1000);
  const main = ustarHeader(
    {
      name: split?.name ?? asciiFallback(name, 100),
      mode: entry.mode,
      size: size > maxOctal11 ? 0 : size,
      mtime,
      type,
      linkname: linkFits ? link : asciiFallback(link, 100),
      ...(entry.uid !== undefined ? { uid: entry.uid } : {}),
      ...(entry.gid !== undefined ? { gid: entry.gid } : {}),
    },
    split?.prefix ?? '',
  );
  if (records.length === 0) {
    return main;
  }
  const body = Buffer.from(records.join(''), 'utf8');
  const paxName = asciiFallback(`PaxHeaders.0/${path.posix.basename(entry.name)}`, 100);
  const pax = ustarHeader(
    { name: paxName, mode: 0o644, size: body.length, mtime, type: 'x', linkname: '' },
    '',
  );
  return Buffer.concat([pax, body, Buffer.alloc(padding(body.length)), main]);
}

/** A stand-in for the ustar field when a PAX record carries the real value. */
function asciiFallback(value: string, length: number): string {
  return value.replace(/[^\x20-\x7e]/g, '_').slice(0, length);
}

/**
 * Reads `entry.size` bytes of a small file into `target` at `offset`; a file that shrank since it
 * was listed leaves zeros (the target is zero-filled), one that grew is cut, so the archive stays
 * well-formed. Plain callbacks: a FileHandle per small file costs more than the read itself.
 */
function readInto(entry: ContextEntry, target: Buffer, offset: number): Promise<void> {
  if (entry.size === 0) {
    return Promise.resolve();
  }
  return new Promise<void>((resolve, reject) => {
    fsCallbacks.open(entry.source, 'r', (openError, fd) => {
      if (openError) {
        reject(openError);
        return;
      }
      let filled = 0;
      const finish = (error: Error | null): void =>
        fsCallbacks.close(fd, () => (error ? reject(error) : resolve()));
      const readMore = (): void => {
        fsCallbacks.read(fd, target, offset + filled, entry.size - filled, filled, (readError, bytesRead) => {
          if (readError) {
            finish(readError);
            return;
          }
          filled += bytesRead;
          if (bytesRead === 0 || filled >= entry.size) {
            finish(null);
          } else {
            readMore();
          }
        });
      };
      readMore();
    });
  });
}

/** Streams a large file in chunks: exactly `size` bytes, then the padding. */
async function* readLarge(entry: ContextEntry): AsyncGenerator<Buffer> {
  const handle = await fs.open(entry.source, 'r');
  try {
    let position = 0;
    while (position < entry.size) {
      const buffer = Buffer.alloc(Math.min(1024 * 1024, entry.size - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) {
        // The file shrank since it was listed: keep the archive well-formed.
        yield Buffer.alloc(entry.size - position);
        break;
      }
      position += bytesRead;
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Consecutive entries laid out in one buffer: headers, small files read in place, padding. */
interface Batch {
  readonly buffer: Buffer;
  /** Resolves when every small file of the batch is in the buffer. */
  readonly ready: Promise<void>;
  /** A large file whose header ends the batch; its contents are streamed after it. */
  readonly large?: ContextEntry;
}

/** Takes entries until about `batchSize` bytes, a large file, or the end; starts their reads. */
async function takeBatch(iterator: AsyncIterator<ContextEntry>): Promise<Batch | undefined> {
  const headers: Buffer[] = [];
  const files: { entry: ContextEntry; offset: number }[] = [];
  let size = 0;
  let large: ContextEntry | undefined;
  while (size < batchSize) {
    const next = await iterator.next();
    if (next.done === true) {
      break;
    }
    const entry = next.value;
    const header = entryHeader(entry);
    headers.push(header);
    size += header.length;
    if (entry.kind !== 'file') {
      continue;
    }
    if (entry.size > smallFile) {
      large = entry;
      break;
    }
    files.push({ entry, offset: size });
    size += entry.size + padding(entry.size);
  }
  if (headers.length === 0) {
    return undefined;
  }
  const buffer = Buffer.alloc(size);
  let at = 0;
  let fileIndex = 0;
  for (const header of headers) {
    header.copy(buffer, at);
    at += header.length;
    const file = files[fileIndex];
    if (file !== undefined && file.offset === at) {
      at += file.entry.size + padding(file.entry.size);
      fileIndex++;
    }
  }
  const ready = Promise.all(files.map((file) => readInto(file.entry, buffer, file.offset))).then(
    () => undefined,
  );
  // Seen when the batch is written; until then not an unhandled rejection.
  ready.catch(() => undefined);
  return { buffer, ready, ...(large !== undefined ? { large } : {}) };
}

/**
 * The tar stream of these entries. Entries are packed in batches of about 256 KB whose small
 * files are read in parallel straight into place; the next batch is read while one is consumed.
 */
export async function* tarChunks(entries: AsyncIterable<ContextEntry>): AsyncGenerator<Buffer> {
  const iterator = entries[Symbol.asyncIterator]();
  let current = await takeBatch(iterator);
  while (current !== undefined) {
    const following = current.large === undefined ? takeBatch(iterator) : undefined;
    following?.catch(() => undefined);
    await current.ready;
    yield current.buffer;
    if (current.large !== undefined) {
      yield* readLarge(current.large);
      const pad = padding(current.large.size);
      if (pad > 0) {
        yield zeroBlock.subarray(0, pad);
      }
    }
    current = following !== undefined ? await following : await takeBatch(iterator);
  }
  yield zeroBlock;
}

/** A packed context: the stream to send and what it was made from. */
export interface PackedContext {
  readonly stream: Readable;
  readonly ignore: ContextIgnore;
  /** The Dockerfile's path inside the context, `/`-separated (the Engine's `dockerfile`). */
  readonly dockerfile: string;
}

/**
 * Packs a context as a tar stream, read lazily as the consumer pulls (never whole in memory).
 * Throws IgnorePatternError for a bad ignore pattern, or when the Dockerfile is outside the context.
 */
export async function packContext(options: ContextOptions): Promise<PackedContext> {
  const dockerfile = relativeInside(options.root, options.dockerfile);
  if (dockerfile === undefined) {
    throw new Error(`The Dockerfile ${options.dockerfile} is not inside the build context ${options.root}.`);
  }
  const ignore = await readContextIgnore(options);
  const stream = Readable.from(tarChunks(contextEntries(options.root, ignore.matcher)), {
    objectMode: false,
  });
  return { stream, ignore, dockerfile: cleanPath(dockerfile) };
}
