// Tar as the Engine's archive endpoints speak it: a reader that walks the headers of a stream,
// keeping only the bodies asked for, and a writer for the few entries an upload holds.
import { entryHeader } from './buildContext';

const block = 512;

/** What a tar entry is, from its type flag. */
export type TarKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** One entry's header; `data` only for the entries whose body was asked for. */
export interface TarEntry {
  /** As stored, with PAX and GNU long names applied; a folder's name ends with `/`. */
  readonly name: string;
  readonly kind: TarKind;
  /** Permission bits (and setuid/setgid/sticky). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  readonly linkTarget: string;
  data?: Buffer;
}

/** Raised when the bytes are not a tar archive (or end in the middle of one). */
export class TarFormatError extends Error {
  override readonly name = 'TarFormatError';
}

function text(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul === -1 ? length : nul).toString('utf8');
}

/** An octal field, or GNU's base-256 form (high bit set) for large values. */
function numeric(header: Buffer, offset: number, length: number): number {
  const first = header[offset] ?? 0;
  if ((first & 0x80) !== 0) {
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) {
      value = value * 256 + (header[offset + i] ?? 0);
    }
    return value;
  }
  const digits = text(header, offset, length).trim();
  if (digits === '') {
    return 0;
  }
  const value = parseInt(digits, 8);
  if (Number.isNaN(value)) {
    throw new TarFormatError(`bad number "${digits}" in a tar header`);
  }
  return value;
}

function checksumMatches(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < block; i++) {
    sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  }
  return numeric(header, 148, 8) === sum;
}

/** `<length> <key>=<value>\n` records of a PAX header. */
export function parsePax(body: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    if (space === -1) {
      break;
    }
    const length = Number(body.subarray(at, space).toString('ascii'));
    if (!Number.isInteger(length) || length <= 0 || at + length > body.length) {
      break;
    }
    const record = body.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) {
      records[record.slice(0, equals)] = record.slice(equals + 1);
    }
    at += length;
  }
  return records;
}

function kindOf(flag: string): TarKind {
  switch (flag) {
    case '0':
    case '':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

/** Gathers exactly the bytes asked for from a stream of chunks of any size. */
class ChunkReader {
  private readonly iterator: AsyncIterator<Buffer | string>;
  private pending: Buffer = Buffer.alloc(0);

  constructor(source: AsyncIterable<Buffer | string>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async more(): Promise<boolean> {
    const next = await this.iterator.next();
    if (next.done === true) {
      return false;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    return true;
  }

  /** The next `length` bytes; fewer only at the end of the stream. */
  async take(length: number): Promise<Buffer> {
    while (this.pending.length < length) {
      if (!(await this.more())) {
        break;
      }
    }
    const out = this.pending.subarray(0, Math.min(length, this.pending.length));
    this.pending = this.pending.subarray(out.length);
    return out;
  }

  /** Drops `length` bytes without keeping them; false when the stream ends first. */
  async skip(length: number): Promise<boolean> {
    let left = length;
    while (left > 0) {
      if (this.pending.length === 0 && !(await this.more())) {
        return false;
      }
      const dropped = Math.min(left, this.pending.length);
      this.pending = this.pending.subarray(dropped);
      left -= dropped;
    }
    return true;
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

function paddingOf(size: number): number {
  return (block - (size % block)) % block;
}

/**
 * The entries of a tar stream, in order. Bodies are skipped as they stream past unless `wantBody`
 * asks for one, so listing a large folder holds one chunk at a time. Stopping the iteration
 * early closes the source's iterator (a stream is destroyed).
 */
export async function* readTar(
  source: AsyncIterable<Buffer | string>,
  wantBody: (entry: TarEntry) => boolean = () => false,
): AsyncGenerator<TarEntry> {
  const reader = new ChunkReader(source);
  try {
    let pax: Record<string, string> = {};
    let globalPax: Record<string, string> = {};
    let longName: string | undefined;
    let longLink: string | undefined;
    for (;;) {
      const header = await reader.take(block);
      if (header.length === 0) {
        return;
      }
      if (header.length < block) {
        throw new TarFormatError('the archive ends inside a header');
      }
      if (header.every((byte) => byte === 0)) {
        return;
      }
      if (!checksumMatches(header)) {
        throw new TarFormatError('a tar header has a wrong checksum');
      }
      const flag = text(header, 156, 1);
      const records = { ...globalPax, ...pax };
      const size = records.size !== undefined ? Number(records.size) : numeric(header, 124, 12);
      if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
        const body = await reader.take(size);
        if (body.length < size || !(await reader.skip(paddingOf(size)))) {
          throw new TarFormatError('the archive ends inside an extended header');
        }
        if (flag === 'x') {
          pax = { ...pax, ...parsePax(body) };
        } else if (flag === 'g') {
          globalPax = { ...globalPax, ...parsePax(body) };
        } else {
          const value = text(body, 0, body.length);
          if (flag === 'L') {
            longName = value;
          } else {
            longLink = value;
          }
        }
        continue;
      }
      const prefix = text(header, 345, 155);
      const plainName = text(header, 0, 100);
      const ustar = text(header, 257, 5) === 'ustar';
      const name =
        records.path ?? longName ?? (ustar && prefix !== '' ? `${prefix}/${plainName}` : plainName);
      const entry: TarEntry = {
        name,
        kind: kindOf(flag),
        mode: numeric(header, 100, 8) & 0o7777,
        uid: records.uid !== undefined ? Number(records.uid) : numeric(header, 108, 8),
        gid: records.gid !== undefined ? Number(records.gid) : numeric(header, 116, 8),
        size,
        mtime: records.mtime !== undefined ? Math.floor(Number(records.mtime)) : numeric(header, 136, 12),
        linkTarget: records.linkpath ?? longLink ?? text(header, 157, 100),
      };
      pax = {};
      longName = undefined;
      longLink = undefined;
      if (wantBody(entry)) {
        const data = await reader.take(size);
        if (data.length < size) {
          throw new TarFormatError(`the archive ends inside ${name}`);
        }
        entry.data = Buffer.from(data);
        if (!(await reader.skip(paddingOf(size)))) {
          throw new TarFormatError(`the archive ends inside ${name}`);
        }
        yield entry;
      } else {
        // Handed out before its body is skipped: a caller that stops here reads no further.
        yield entry;
        if (!(await reader.skip(size + paddingOf(size)))) {
          throw new TarFormatError(`the archive ends inside ${name}`);
        }
      }
    }
  } finally {
    await reader.close();
  }
}

/** An entry to write: a file with its bytes, or a folder. */
export interface TarInput {
  /** Relative, `/`-separated, without a trailing `/`. */
  readonly name: string;
  readonly kind: 'file' | 'directory';
  readonly mode: number;
  readonly mtimeMs: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly data?: Uint8Array;
}

/** A whole archive of a few entries, ready to upload (headers from the build context's writer). */
export function writeTar(entries: readonly TarInput[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.kind === 'file' ? Buffer.from(entry.data ?? new Uint8Array()) : Buffer.alloc(0);
    parts.push(
      entryHeader({
        name: entry.name,
        kind: entry.kind,
        mode: entry.mode,
        size: data.length,
        mtimeMs: entry.mtimeMs,
        source: '',
        ...(entry.uid !== undefined ? { uid: entry.uid } : {}),
        ...(entry.gid !== undefined ? { gid: entry.gid } : {}),
      }),
    );
    if (data.length > 0) {
      parts.push(data, Buffer.alloc(paddingOf(data.length)));
    }
  }
  parts.push(Buffer.alloc(block * 2));
  return Buffer.concat(parts);
}
