// A container's files through the Engine's archive endpoints: stat by HEAD, list and read by GET
// (a tar whose headers are read as they stream), write by PUT. Works on stopped containers and
// in images without a shell; only delete and rename need a running container with `rm`/`mv`.
import * as posix from 'node:path/posix';
import type { ContainerProcess } from './client';
import type { PathKind, PathStat } from './pathStat';
import { decodePathStat } from './pathStat';
import { statusCode } from './errors';
import type { TarEntry } from './tar';
import { readTar, writeTar } from './tar';
import type { ExecEngine } from '../terminals/shellProbe';
import { missingCommand, settledExec } from '../terminals/shellProbe';
import { FrameDecoder } from '../terminals/logStream';

/** How a file operation failed, in the terms VS Code's file system errors use. */
export type FilesErrorKind =
  'notFound' | 'exists' | 'notDirectory' | 'isDirectory' | 'noPermissions' | 'unavailable';

/** A failed file operation; `message` is for the user. */
export class ContainerFilesError extends Error {
  override readonly name = 'ContainerFilesError';

  constructor(
    readonly kind: FilesErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The Engine calls the files need (DockerClient has them). */
export interface FilesEngine extends ExecEngine {
  archiveStat(id: string, path: string, signal?: AbortSignal): Promise<string | undefined>;
  getArchive(id: string, path: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
  putArchive(id: string, path: string, tar: Buffer, signal?: AbortSignal): Promise<void>;
  containerProcess(id: string, signal?: AbortSignal): Promise<ContainerProcess | undefined>;
}

/** The container a call works in: its id and the name the user knows it by. */
export interface ContainerRef {
  readonly id: string;
  /** How messages name it: `the container "web"`, `the volume "data"`. */
  readonly label: string;
  /** Where the paths given are rooted in the container (a volume's mount point); `/` by default. */
  readonly root?: string;
  /** A helper that is never started: deleting and renaming cannot work through it. */
  readonly neverStarted?: boolean;
}

/** A path's stat with symbolic links followed: `symlink` says the path itself was one. */
export interface FileInfo {
  /** `symlink` only for a link whose target does not exist. */
  readonly kind: PathKind;
  readonly symlink: boolean;
  readonly size: number;
  readonly mode: number;
  readonly mtimeMs: number;
  /** The resolved target of a link. */
  readonly linkTarget?: string;
}

/** One entry of a folder. */
export interface FolderEntry {
  readonly name: string;
  /** For a link: what it points to (`symlink` when broken or not worked out). */
  readonly kind: PathKind;
  readonly symlink: boolean;
}

/** Links in one listing whose targets are looked up; the rest are shown as plain links. */
const resolvedLinksPerListing = 256;
const lookupConcurrency = 8;

/** A container path made absolute and normal; `..` never climbs above the root. */
export function containerPath(path: string): string {
  const normal = posix.normalize(`/${path}`);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** A path given by the user, as the container sees it (below `ref.root`). */
function inside(ref: ContainerRef, path: string): string {
  return ref.root === undefined ? containerPath(path) : containerPath(`${ref.root}/${path}`);
}

/** A container path as the user knows it (relative to `ref.root`). */
function shown(ref: ContainerRef, path: string): string {
  const root = ref.root;
  if (root === undefined || (path !== root && !path.startsWith(`${root}/`))) {
    return path;
  }
  return path.slice(root.length) || '/';
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The Engine's words from an error (docker-modem puts them after " - " for streamed answers). */
function engineWords(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'json' in err) {
    const json = err.json;
    if (
      typeof json === 'object' &&
      json !== null &&
      typeof (json as { message?: unknown }).message === 'string'
    ) {
      return (json as { message: string }).message;
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  const match = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(message);
  return (match?.[1] ?? message).trim();
}

/** Files of containers on one daemon. */
export class ContainerFiles {
  constructor(private readonly engine: FilesEngine) {}

  /** Turns an Engine failure about `path` into a ContainerFilesError a person understands. */
  private async failure(ref: ContainerRef, path: string, err: unknown): Promise<ContainerFilesError> {
    if (err instanceof ContainerFilesError) {
      return err;
    }
    const status = statusCode(err);
    const words = engineWords(err);
    if (status === 404) {
      // HEAD answers carry no body: ask whether the container itself is gone.
      const gone = /no such container/i.test(words) || (await this.missing(ref));
      return gone
        ? new ContainerFilesError('unavailable', `${capitalized(ref.label)} no longer exists.`)
        : new ContainerFilesError('notFound', `${shown(ref, path)} does not exist in ${ref.label}.`);
    }
    if (status === 403 || /permission denied|read-only/i.test(words)) {
      return new ContainerFilesError(
        'noPermissions',
        `${shown(ref, path)} in ${ref.label} cannot be changed: ${words || 'permission denied'}.`,
      );
    }
    if (/not a directory/i.test(words)) {
      return new ContainerFilesError('notDirectory', `${shown(ref, path)} in ${ref.label} is not a folder.`);
    }
    return new ContainerFilesError('unavailable', `${shown(ref, path)} in ${ref.label}: ${words}`);
  }

  private async missing(ref: ContainerRef): Promise<boolean> {
    try {
      return (await this.engine.containerProcess(ref.id)) === undefined;
    } catch {
      return false;
    }
  }

  /** The path's own stat (a link is reported as a link); throws notFound when it is missing. */
  async lstat(ref: ContainerRef, path: string, signal?: AbortSignal): Promise<PathStat> {
    return this.lstatAt(ref, inside(ref, path), signal);
  }

  private async lstatAt(ref: ContainerRef, where: string, signal?: AbortSignal): Promise<PathStat> {
    let header: string | undefined;
    try {
      header = await this.engine.archiveStat(ref.id, where, signal);
    } catch (err) {
      throw await this.failure(ref, where, err);
    }
    const stat = decodePathStat(header);
    if (stat === undefined) {
      throw new ContainerFilesError(
        'unavailable',
        `Docker gave no usable stat for ${shown(ref, where)} in ${ref.label}.`,
      );
    }
    return stat;
  }

  /** The path's stat with a link followed to its target. */
  async stat(ref: ContainerRef, path: string, signal?: AbortSignal): Promise<FileInfo> {
    return this.statAt(ref, inside(ref, path), signal);
  }

  private async statAt(ref: ContainerRef, where: string, signal?: AbortSignal): Promise<FileInfo> {
    const own = await this.lstatAt(ref, where, signal);
    if (own.kind !== 'symlink') {
      return { kind: own.kind, symlink: false, size: own.size, mode: own.mode, mtimeMs: own.mtimeMs };
    }
    const target = await this.lstatAt(ref, own.linkTarget, signal).catch(() => undefined);
    if (target === undefined || own.linkTarget === '' || target.kind === 'symlink') {
      return { kind: 'symlink', symlink: true, size: 0, mode: own.mode, mtimeMs: own.mtimeMs };
    }
    return {
      kind: target.kind,
      symlink: true,
      size: target.size,
      mode: target.mode,
      mtimeMs: target.mtimeMs,
      linkTarget: own.linkTarget,
    };
  }

  /** Walks the tar of `path`, handing each entry to `visit` until it returns false. */
  private async walk(
    ref: ContainerRef,
    path: string,
    visit: (entry: TarEntry) => boolean,
    wantBody: (entry: TarEntry) => boolean = () => false,
    signal?: AbortSignal,
  ): Promise<void> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.engine.getArchive(ref.id, path, signal);
    } catch (err) {
      throw await this.failure(ref, path, err);
    }
    try {
      for await (const entry of readTar(stream as AsyncIterable<Buffer>, wantBody)) {
        if (!visit(entry)) {
          break;
        }
      }
    } catch (err) {
      throw await this.failure(ref, path, err);
    } finally {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    }
  }

  /** The first level of a folder, sorted by name; a link to a folder lists the folder. */
  async list(ref: ContainerRef, path: string, signal?: AbortSignal): Promise<FolderEntry[]> {
    return this.listAt(ref, inside(ref, path), signal);
  }

  private async listAt(ref: ContainerRef, where: string, signal?: AbortSignal): Promise<FolderEntry[]> {
    const found = new Map<string, { kind: PathKind; symlink: boolean }>();
    let prefix: string | undefined;
    let top: TarEntry | undefined;
    await this.walk(
      ref,
      where,
      (entry) => {
        const name = entry.name.replace(/^(\.?\/)+/, '');
        if (prefix === undefined) {
          top = entry;
          if (entry.kind !== 'directory') {
            return false;
          }
          prefix = name === '' || name.endsWith('/') ? name : `${name}/`;
          return true;
        }
        if (!name.startsWith(prefix)) {
          return true;
        }
        const rest = name.slice(prefix.length).replace(/\/$/, '');
        const slash = rest.indexOf('/');
        const child = slash === -1 ? rest : rest.slice(0, slash);
        if (child === '') {
          return true;
        }
        if (slash === -1) {
          const kind: PathKind =
            entry.kind === 'file' || entry.kind === 'hardlink'
              ? 'file'
              : entry.kind === 'directory'
                ? 'directory'
                : entry.kind === 'symlink'
                  ? 'symlink'
                  : 'other';
          found.set(child, { kind, symlink: entry.kind === 'symlink' });
        } else if (!found.has(child)) {
          // A folder whose own entry is missing from the archive still holds what follows.
          found.set(child, { kind: 'directory', symlink: false });
        }
        return true;
      },
      undefined,
      signal,
    );
    const first = top;
    if (first === undefined) {
      throw new ContainerFilesError('notFound', `${shown(ref, where)} does not exist in ${ref.label}.`);
    }
    if (first.kind === 'symlink') {
      const info = await this.statAt(ref, where, signal);
      if (info.kind !== 'directory' || info.linkTarget === undefined) {
        throw new ContainerFilesError(
          'notDirectory',
          `${shown(ref, where)} in ${ref.label} is not a folder.`,
        );
      }
      return this.listAt(ref, info.linkTarget, signal);
    }
    if (first.kind !== 'directory') {
      throw new ContainerFilesError('notDirectory', `${shown(ref, where)} in ${ref.label} is not a folder.`);
    }
    const entries = [...found].map(([name, value]) => ({ name, ...value }));
    await this.resolveLinks(ref, where, entries, signal);
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Works out what the links of a listing point to (a few lookups at a time). */
  private async resolveLinks(
    ref: ContainerRef,
    folder: string,
    entries: { name: string; kind: PathKind; symlink: boolean }[],
    signal?: AbortSignal,
  ): Promise<void> {
    const links = entries.filter((e) => e.symlink).slice(0, resolvedLinksPerListing);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < links.length && signal?.aborted !== true) {
        const link = links[next++];
        if (link === undefined) {
          return;
        }
        const info = await this.statAt(ref, posix.join(folder, link.name), signal).catch(() => undefined);
        link.kind = info?.kind ?? 'symlink';
      }
    };
    await Promise.all(Array.from({ length: Math.min(lookupConcurrency, links.length) }, worker));
  }

  /** A file's bytes; a link is followed. */
  async read(ref: ContainerRef, path: string, signal?: AbortSignal): Promise<Buffer> {
    return this.readAt(ref, inside(ref, path), signal);
  }

  private async readAt(
    ref: ContainerRef,
    where: string,
    signal?: AbortSignal,
    followed = false,
  ): Promise<Buffer> {
    let first: TarEntry | undefined;
    await this.walk(
      ref,
      where,
      (entry) => {
        first = entry;
        return false;
      },
      (entry) => entry.kind === 'file',
      signal,
    );
    const entry = first;
    if (entry === undefined) {
      throw new ContainerFilesError('notFound', `${shown(ref, where)} does not exist in ${ref.label}.`);
    }
    if (entry.kind === 'directory') {
      throw new ContainerFilesError('isDirectory', `${shown(ref, where)} in ${ref.label} is a folder.`);
    }
    if (entry.kind === 'symlink' && !followed) {
      const info = await this.statAt(ref, where, signal);
      if (info.linkTarget === undefined) {
        throw new ContainerFilesError(
          'notFound',
          `${shown(ref, where)} in ${ref.label} is a link to ${entry.linkTarget}, which does not exist.`,
        );
      }
      return this.readAt(ref, info.linkTarget, signal, true);
    }
    if (entry.kind !== 'file' || entry.data === undefined) {
      throw new ContainerFilesError(
        'unavailable',
        `${shown(ref, where)} in ${ref.label} is not a regular file.`,
      );
    }
    return entry.data;
  }

  /**
   * Everything under a path, in archive order, each entry's name made relative to the path (the
   * path itself is `''`); files come with their bytes, links as links. For downloads.
   */
  async *tree(ref: ContainerRef, path: string, signal?: AbortSignal): AsyncGenerator<TarEntry> {
    const where = inside(ref, path);
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.engine.getArchive(ref.id, where, signal);
    } catch (err) {
      throw await this.failure(ref, where, err);
    }
    let prefix: string | undefined;
    try {
      for await (const entry of readTar(stream as AsyncIterable<Buffer>, (e) => e.kind === 'file')) {
        const name = entry.name.replace(/^(\.?\/)+/, '').replace(/\/$/, '');
        if (prefix === undefined) {
          prefix = name;
          yield { ...entry, name: '' };
          continue;
        }
        const relative =
          prefix === '' ? name : name.startsWith(`${prefix}/`) ? name.slice(prefix.length + 1) : '';
        if (relative !== '') {
          yield { ...entry, name: relative };
        }
      }
    } catch (err) {
      throw await this.failure(ref, where, err);
    } finally {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    }
  }

  /** The header of a path's own tar entry (mode and owner), or undefined when it does not exist. */
  private async header(ref: ContainerRef, path: string, signal?: AbortSignal): Promise<TarEntry | undefined> {
    let first: TarEntry | undefined;
    try {
      await this.walk(
        ref,
        path,
        (entry) => {
          first = entry;
          return false;
        },
        undefined,
        signal,
      );
    } catch (err) {
      if (err instanceof ContainerFilesError && err.kind === 'notFound') {
        return undefined;
      }
      throw err;
    }
    return first;
  }

  /**
   * Writes a file: `create` allows a new one, `overwrite` replacing one. An existing file keeps its
   * mode and owner; a link is written through to its target. The folder must exist.
   */
  async write(
    ref: ContainerRef,
    path: string,
    data: Uint8Array,
    options: { create: boolean; overwrite: boolean },
    signal?: AbortSignal,
  ): Promise<void> {
    let where = inside(ref, path);
    if (where === (ref.root ?? '/')) {
      throw new ContainerFilesError('isDirectory', `/ in ${ref.label} is a folder.`);
    }
    let existing = await this.header(ref, where, signal);
    if (existing?.kind === 'symlink') {
      const info = await this.statAt(ref, where, signal);
      if (info.linkTarget !== undefined) {
        where = info.linkTarget;
        existing = await this.header(ref, where, signal);
      }
    }
    if (existing === undefined && !options.create) {
      throw new ContainerFilesError('notFound', `${shown(ref, where)} does not exist in ${ref.label}.`);
    }
    if (existing !== undefined && !options.overwrite) {
      throw new ContainerFilesError('exists', `${shown(ref, where)} already exists in ${ref.label}.`);
    }
    if (existing?.kind === 'directory') {
      throw new ContainerFilesError('isDirectory', `${shown(ref, where)} in ${ref.label} is a folder.`);
    }
    const tar = writeTar([
      {
        name: posix.basename(where),
        kind: 'file',
        mode: existing?.mode ?? 0o644,
        mtimeMs: Date.now(),
        ...(existing !== undefined ? { uid: existing.uid, gid: existing.gid } : {}),
        data,
      },
    ]);
    await this.put(ref, where, tar, signal);
  }

  /** Creates a folder (mode 755) in an existing folder. */
  async createFolder(ref: ContainerRef, path: string, signal?: AbortSignal): Promise<void> {
    const where = inside(ref, path);
    const existing = await this.lstatAt(ref, where, signal).catch((err: unknown) => {
      if (err instanceof ContainerFilesError && err.kind === 'notFound') {
        return undefined;
      }
      throw err;
    });
    if (existing !== undefined) {
      throw new ContainerFilesError('exists', `${shown(ref, where)} already exists in ${ref.label}.`);
    }
    const tar = writeTar([
      { name: posix.basename(where), kind: 'directory', mode: 0o755, mtimeMs: Date.now() },
    ]);
    await this.put(ref, where, tar, signal);
  }

  /** Uploads a tar whose single entry is named after `where` into its folder. */
  private async put(ref: ContainerRef, where: string, tar: Buffer, signal?: AbortSignal): Promise<void> {
    const folder = posix.dirname(where);
    try {
      await this.engine.putArchive(ref.id, folder, tar, signal);
    } catch (err) {
      const failure = await this.failure(ref, folder, err);
      if (failure.kind === 'notFound') {
        throw new ContainerFilesError(
          'notFound',
          `The folder ${shown(ref, folder)} does not exist in ${ref.label}.`,
        );
      }
      throw failure;
    }
  }

  /**
   * Deletes a path with `rm` inside the container: the archive API cannot delete, so this needs a
   * running container whose image has `rm`. Otherwise nothing changes and the error says why.
   */
  async remove(
    ref: ContainerRef,
    path: string,
    options: { recursive: boolean },
    signal?: AbortSignal,
  ): Promise<void> {
    const where = inside(ref, path);
    if (where === (ref.root ?? '/')) {
      throw new ContainerFilesError('noPermissions', `The root folder of ${ref.label} cannot be deleted.`);
    }
    const own = await this.lstatAt(ref, where, signal);
    if (
      own.kind === 'directory' &&
      !options.recursive &&
      (await this.listAt(ref, where, signal)).length > 0
    ) {
      throw new ContainerFilesError('noPermissions', `${shown(ref, where)} in ${ref.label} is not empty.`);
    }
    const cmd = own.kind === 'directory' ? ['rm', '-rf', '--', where] : ['rm', '-f', '--', where];
    await this.run(ref, cmd, `delete ${shown(ref, where)}`, signal);
  }

  /** Renames (moves) a path with `mv` inside the container; same conditions as `remove`. */
  async rename(
    ref: ContainerRef,
    from: string,
    to: string,
    options: { overwrite: boolean },
    signal?: AbortSignal,
  ): Promise<void> {
    const source = inside(ref, from);
    const target = inside(ref, to);
    await this.lstatAt(ref, source, signal);
    const existing = await this.lstatAt(ref, target, signal).catch(() => undefined);
    if (existing !== undefined && !options.overwrite) {
      throw new ContainerFilesError('exists', `${shown(ref, target)} already exists in ${ref.label}.`);
    }
    if (existing !== undefined) {
      await this.run(ref, ['rm', '-rf', '--', target], `replace ${shown(ref, target)}`, signal);
    }
    await this.run(ref, ['mv', '--', source, target], `rename ${shown(ref, source)}`, signal);
  }

  /** Runs a command without a shell in the running container; throws with its stderr on failure. */
  private async run(ref: ContainerRef, cmd: string[], what: string, signal?: AbortSignal): Promise<void> {
    const tool = cmd[0] ?? '';
    if (ref.neverStarted === true) {
      throw new ContainerFilesError(
        'unavailable',
        `Cannot ${what}: ${ref.label} is browsed through a container that is never started, and Docker's archive API cannot delete or move files. Do it from a running container that mounts it.`,
      );
    }
    const process = await this.engine.containerProcess(ref.id, signal).catch(() => undefined);
    if (process === undefined) {
      throw new ContainerFilesError('unavailable', `${capitalized(ref.label)} no longer exists.`);
    }
    if (process.state !== 'running') {
      throw new ContainerFilesError(
        'unavailable',
        `Cannot ${what}: ${ref.label} is ${process.state}. Docker can read and write the files of a stopped container but not delete or move them; that runs \`${tool}\` inside the container, so start it first.`,
      );
    }
    let output = '';
    let exitCode: number | undefined;
    try {
      const execId = await this.engine.createExec(ref.id, { cmd, tty: false, stdin: false }, signal);
      const stream = await this.engine.startExec(execId, { tty: false, stdin: false }, signal);
      const decoder = new FrameDecoder();
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) =>
          decoder.push(chunk, (piece) => {
            if (output.length < 4096) {
              output += piece.data.toString('utf8');
            }
          }),
        );
        stream.once('end', resolve);
        stream.once('close', resolve);
        stream.once('error', reject);
      });
      stream.destroy();
      exitCode = (await settledExec(this.engine, execId, signal)).exitCode;
    } catch (err) {
      throw await this.failure(ref, what, err);
    }
    const said = output.trim();
    if (missingCommand(exitCode) || /executable file not found|no such file or directory.*exec/i.test(said)) {
      throw new ContainerFilesError(
        'unavailable',
        `Cannot ${what}: the image of ${ref.label} has no \`${tool}\` command, and Docker's archive API cannot delete or move files.`,
      );
    }
    if (exitCode !== 0) {
      const kind: FilesErrorKind = /permission denied|read-only/i.test(said)
        ? 'noPermissions'
        : 'unavailable';
      throw new ContainerFilesError(
        kind,
        `Cannot ${what} in ${ref.label}: ${said || `${tool} exited with code ${String(exitCode)}`}`,
      );
    }
  }
}
