// The `dockwright-container:` and `dockwright-volume:` file systems: VS Code's editors, the
// explorer trees and the file commands read and write container and volume files through them.
import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import type { ContainerRef, FileInfo } from '../docker/containerFiles';
import { ContainerFiles, ContainerFilesError } from '../docker/containerFiles';
import type { Daemons } from '../docker/daemons';
import type { TarEntry } from '../docker/tar';
import { describeDockerError } from '../docker/errors';
import { NoLocalImageError, VolumeHelpers, volumeMountPoint } from '../docker/volumeHelpers';
import type { FileLocation } from './fileUris';
import { containerScheme, locationUri, parseLocation, volumeScheme } from './fileUris';

/** A container's name for messages, from the explorer's model (the id when unknown). */
export type ContainerName = (daemonId: string, containerId: string) => string | undefined;

function fileType(kind: FileInfo['kind'], symlink: boolean): vscode.FileType {
  const base =
    kind === 'file'
      ? vscode.FileType.File
      : kind === 'directory'
        ? vscode.FileType.Directory
        : kind === 'symlink'
          ? vscode.FileType.File
          : vscode.FileType.Unknown;
  return symlink ? base | vscode.FileType.SymbolicLink : base;
}

/** A location as a vscode.Uri. */
export function toUri(location: FileLocation): vscode.Uri {
  return vscode.Uri.from(locationUri(location));
}

/** Our location of a vscode.Uri, or undefined for another scheme. */
export function locationOf(uri: vscode.Uri): FileLocation | undefined {
  return parseLocation(uri);
}

/** One target resolved for a call: the daemon's files and the container to work in. */
interface Resolved {
  readonly files: ContainerFiles;
  readonly ref: ContainerRef;
  readonly location: FileLocation;
}

/**
 * Container and volume files for VS Code. Volumes are reached through helper containers (see
 * docker/volumeHelpers.ts), one per daemon and volume, removed when released or on dispose.
 */
export class ContainerFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly helpers = new Map<string, VolumeHelpers>();

  constructor(
    private readonly daemons: Daemons,
    private readonly nameOf: ContainerName,
  ) {}

  /** Registers both schemes; the registrations are disposed with the returned disposable. */
  register(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.workspace.registerFileSystemProvider(containerScheme, this, { isCaseSensitive: true }),
      vscode.workspace.registerFileSystemProvider(volumeScheme, this, { isCaseSensitive: true }),
    );
  }

  private client(daemonId: string): DockerClient {
    const daemon = this.daemons.all.find((d) => d.id === daemonId);
    const client = daemon?.connection.client;
    if (client === undefined) {
      throw vscode.FileSystemError.Unavailable(
        daemon === undefined
          ? vscode.l10n.t('That Docker daemon is no longer shown.')
          : vscode.l10n.t('Docker at {0} is not connected.', daemon.label),
      );
    }
    return client;
  }

  /** The helper containers of one daemon's volumes. */
  volumeHelpers(daemonId: string): VolumeHelpers {
    let helpers = this.helpers.get(daemonId);
    if (helpers === undefined) {
      helpers = new VolumeHelpers(() => this.client(daemonId));
      this.helpers.set(daemonId, helpers);
    }
    return helpers;
  }

  private async resolve(uri: vscode.Uri): Promise<Resolved> {
    const location = parseLocation(uri);
    if (location === undefined) {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    const client = this.client(location.daemonId);
    const files = new ContainerFiles(client);
    if (location.kind === 'container') {
      const name = this.nameOf(location.daemonId, location.target) ?? location.target.slice(0, 12);
      return {
        files,
        location,
        ref: { id: location.target, label: vscode.l10n.t('the container "{0}"', name) },
      };
    }
    const id = await this.volumeHelpers(location.daemonId).container(location.target);
    return {
      files,
      location,
      ref: {
        id,
        label: vscode.l10n.t('the volume "{0}"', location.target),
        root: volumeMountPoint,
        neverStarted: true,
      },
    };
  }

  /** Runs an operation on a URI's target, errors turned into FileSystemErrors with clear words. */
  private async run<T>(uri: vscode.Uri, op: (target: Resolved) => Promise<T>): Promise<T> {
    let client: DockerClient | undefined;
    try {
      for (let attempt = 0; ; attempt++) {
        const target = await this.resolve(uri);
        client = this.client(target.location.daemonId);
        try {
          return await op(target);
        } catch (err) {
          // A volume's helper removed behind our back (a container prune): make another once.
          if (
            attempt === 0 &&
            target.location.kind === 'volume' &&
            err instanceof ContainerFilesError &&
            err.kind === 'unavailable' &&
            (await client.containerProcess(target.ref.id).catch(() => undefined)) === undefined
          ) {
            this.volumeHelpers(target.location.daemonId).forget(target.location.target);
            continue;
          }
          throw err;
        }
      }
    } catch (err) {
      throw toFileSystemError(err, client);
    }
  }

  watch(): vscode.Disposable {
    // The Engine has no file events; changes made here are announced as they are made.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const info = await this.run(uri, ({ files, ref, location }) => files.stat(ref, location.path));
    return {
      type: fileType(info.kind, info.symlink),
      ctime: info.mtimeMs,
      mtime: info.mtimeMs,
      size: info.size,
    };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const entries = await this.run(uri, ({ files, ref, location }) => files.list(ref, location.path));
    return entries.map((e) => [e.name, fileType(e.kind, e.symlink)]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.run(uri, ({ files, ref, location }) => files.read(ref, location.path));
  }

  async writeFile(
    uri: vscode.Uri,
    content: Uint8Array,
    options: { readonly create: boolean; readonly overwrite: boolean },
  ): Promise<void> {
    let existed = true;
    await this.run(uri, async ({ files, ref, location }) => {
      existed = await files.stat(ref, location.path).then(
        () => true,
        () => false,
      );
      await files.write(ref, location.path, content, options);
    });
    this.changed.fire([
      { type: existed ? vscode.FileChangeType.Changed : vscode.FileChangeType.Created, uri },
    ]);
  }

  async createDirectory(uri: vscode.Uri): Promise<void> {
    await this.run(uri, ({ files, ref, location }) => files.createFolder(ref, location.path));
    this.changed.fire([{ type: vscode.FileChangeType.Created, uri }]);
  }

  async delete(uri: vscode.Uri, options: { readonly recursive: boolean }): Promise<void> {
    await this.run(uri, ({ files, ref, location }) => files.remove(ref, location.path, options));
    this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  async rename(
    oldUri: vscode.Uri,
    newUri: vscode.Uri,
    options: { readonly overwrite: boolean },
  ): Promise<void> {
    const from = parseLocation(oldUri);
    const to = parseLocation(newUri);
    if (
      from === undefined ||
      to === undefined ||
      from.kind !== to.kind ||
      from.daemonId !== to.daemonId ||
      from.target !== to.target
    ) {
      throw vscode.FileSystemError.NoPermissions(
        vscode.l10n.t('Files can be renamed within one container or volume only.'),
      );
    }
    await this.run(oldUri, ({ files, ref }) => files.rename(ref, from.path, to.path, options));
    this.changed.fire([
      { type: vscode.FileChangeType.Deleted, uri: oldUri },
      { type: vscode.FileChangeType.Created, uri: newUri },
    ]);
  }

  /**
   * Hands everything under `uri` to `visit` (names relative to it, `''` for itself), streamed
   * from one archive. A failure of `visit` (the local disk) comes back as it was thrown.
   */
  async download(
    uri: vscode.Uri,
    visit: (entry: TarEntry) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<void> {
    let local: { error: unknown } | undefined;
    await this.run(uri, async ({ files, ref, location }) => {
      for await (const entry of files.tree(ref, location.path, signal)) {
        try {
          await visit(entry);
        } catch (error) {
          local = { error };
          return;
        }
      }
    });
    if (local !== undefined) {
      throw local.error;
    }
  }

  /** Announces a change made outside the provider's own calls (an upload). */
  announce(uri: vscode.Uri, type: vscode.FileChangeType): void {
    this.changed.fire([{ type, uri }]);
  }

  /** Removes every volume helper; awaited when the extension deactivates. */
  async shutdown(): Promise<void> {
    const all = [...this.helpers.values()];
    this.helpers.clear();
    await Promise.all(all.map((helpers) => helpers.dispose()));
  }

  dispose(): void {
    void this.shutdown();
    this.changed.dispose();
  }
}

/** The FileSystemError for a failure, in words a person understands. */
export function toFileSystemError(err: unknown, client: DockerClient | undefined): Error {
  if (err instanceof vscode.FileSystemError) {
    return err;
  }
  if (err instanceof ContainerFilesError) {
    switch (err.kind) {
      case 'notFound':
        return vscode.FileSystemError.FileNotFound(err.message);
      case 'exists':
        return vscode.FileSystemError.FileExists(err.message);
      case 'notDirectory':
        return vscode.FileSystemError.FileNotADirectory(err.message);
      case 'isDirectory':
        return vscode.FileSystemError.FileIsADirectory(err.message);
      case 'noPermissions':
        return vscode.FileSystemError.NoPermissions(err.message);
      case 'unavailable':
        return vscode.FileSystemError.Unavailable(err.message);
    }
  }
  if (err instanceof NoLocalImageError) {
    return vscode.FileSystemError.Unavailable(err.message);
  }
  const message =
    client !== undefined
      ? describeDockerError(err, client.endpoint)
      : err instanceof Error
        ? err.message
        : String(err);
  return vscode.FileSystemError.Unavailable(message);
}
