// Rows for container and volume files in the explorer trees. A folder's listing is fetched once
// when first shown (a "Loading…" row meanwhile) and kept until the folder is collapsed or
// refreshed, so re-rendering a container row never lists its files again.
import * as posix from 'node:path/posix';
import * as vscode from 'vscode';
import type { ContainerFileSystem } from '../files/containerFileSystem';
import { locationOf, toUri } from '../files/containerFileSystem';
import type { FileLocation } from '../files/fileUris';
import { childLocation } from '../files/fileUris';
import type { ExplorerNode } from './explorerNodes';
import type { RowPresentation } from './labels';

type Listing =
  | { state: 'loading' }
  | { state: 'done'; entries: readonly [string, vscode.FileType][] }
  | { state: 'failed'; message: string };

/** The `contextValue` of a container's Files row, folders and files. */
export const fileContextValues = { root: 'files', folder: 'path.folder', file: 'path.file' } as const;

/** Sorts a listing as the file explorer does: folders first, then by name. */
export function sortListing(entries: readonly [string, vscode.FileType][]): [string, vscode.FileType][] {
  const folder = (type: vscode.FileType): number => ((type & vscode.FileType.Directory) !== 0 ? 0 : 1);
  return [...entries].sort(([a, ta], [b, tb]) => folder(ta) - folder(tb) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The file rows of one tree: `node` keeps identities (the tree's own), `refresh` re-renders a row
 * once its listing arrives.
 */
export class FileNodes {
  private readonly listings = new Map<string, Listing>();

  constructor(
    readonly files: ContainerFileSystem,
    private readonly node: (next: ExplorerNode) => ExplorerNode,
    private readonly refresh: (node: ExplorerNode) => void,
  ) {}

  /** The Files row shown under a container. */
  filesRow(parent: ExplorerNode, location: FileLocation): ExplorerNode {
    const id = `${parent.id}/files`;
    const row: RowPresentation = {
      id,
      label: vscode.l10n.t('Files'),
      description: '',
      tooltip: vscode.l10n.t("The container's files, read and written through the Engine's archive API"),
      icon: 'files',
      contextValue: fileContextValues.root,
    };
    return this.node({
      id,
      kind: 'files',
      daemonId: parent.daemonId,
      key: toUri(location).toString(),
      row,
      collapsible: 'collapsed',
    });
  }

  /** The rows of a folder (`parent` shows `folder`): its listing, or a row saying why there is none. */
  children(parent: ExplorerNode, folder: FileLocation): ExplorerNode[] {
    const listing = this.listings.get(parent.id);
    if (listing === undefined) {
      this.load(parent, folder);
      return [this.message(parent, 'loading~spin', vscode.l10n.t('Loading…'))];
    }
    if (listing.state === 'loading') {
      return [this.message(parent, 'loading~spin', vscode.l10n.t('Loading…'))];
    }
    if (listing.state === 'failed') {
      return [this.message(parent, 'warning', listing.message)];
    }
    if (listing.entries.length === 0) {
      return [this.message(parent, 'info', vscode.l10n.t('Empty folder'))];
    }
    return sortListing(listing.entries).map(([name, type]) =>
      this.pathRow(parent, childLocation(folder, name), name, type),
    );
  }

  private load(parent: ExplorerNode, folder: FileLocation): void {
    this.listings.set(parent.id, { state: 'loading' });
    const done = (listing: Listing): void => {
      // Dropped meanwhile (collapsed, refreshed): the next expansion loads afresh.
      if (this.listings.get(parent.id)?.state === 'loading') {
        this.listings.set(parent.id, listing);
        this.refresh(parent);
      }
    };
    this.files.readDirectory(toUri(folder)).then(
      (entries) => done({ state: 'done', entries }),
      (err: unknown) => done({ state: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  }

  private pathRow(
    parent: ExplorerNode,
    location: FileLocation,
    name: string,
    type: vscode.FileType,
  ): ExplorerNode {
    const id = `${parent.id}/${name}`;
    const isFolder = (type & vscode.FileType.Directory) !== 0;
    const link = (type & vscode.FileType.SymbolicLink) !== 0;
    return this.node({
      id,
      kind: 'path',
      daemonId: parent.daemonId,
      key: toUri(location).toString(),
      row: {
        id,
        label: name,
        description: link ? '⤷' : '',
        tooltip: location.path,
        icon: isFolder ? 'folder' : 'file',
        contextValue: isFolder ? fileContextValues.folder : fileContextValues.file,
      },
      collapsible: isFolder ? 'collapsed' : 'none',
    });
  }

  private message(parent: ExplorerNode, icon: string, text: string): ExplorerNode {
    const id = `${parent.id}/:message`;
    return this.node({
      id,
      kind: 'message',
      daemonId: parent.daemonId,
      key: text,
      row: { id, label: text, description: '', icon, contextValue: 'message' },
      collapsible: 'none',
    });
  }

  /** Forgets the listings of a row and every row below it; true when one was kept. */
  drop(nodeId: string): boolean {
    let dropped = false;
    for (const id of [...this.listings.keys()]) {
      if (id === nodeId || id.startsWith(`${nodeId}/`)) {
        this.listings.delete(id);
        dropped = true;
      }
    }
    return dropped;
  }

  /** Forgets every listing (a full refresh). */
  clear(): void {
    this.listings.clear();
  }

  /** The folder a files row shows, or undefined for other rows. */
  static folderOf(node: ExplorerNode): FileLocation | undefined {
    if (node.kind !== 'files' && node.kind !== 'path') {
      return undefined;
    }
    return locationOf(vscode.Uri.parse(node.key));
  }

  /** True when the row shows the folder that holds `changed` (so a new or deleted file shows there). */
  static showsFolderOf(node: ExplorerNode, changed: FileLocation): boolean {
    const shown: FileLocation | undefined =
      node.kind === 'volume'
        ? { kind: 'volume', daemonId: node.daemonId, target: node.key, path: '/' }
        : FileNodes.folderOf(node);
    return (
      shown !== undefined &&
      shown.kind === changed.kind &&
      shown.daemonId === changed.daemonId &&
      shown.target === changed.target &&
      shown.path === posix.dirname(changed.path)
    );
  }

  /** Dresses a file row's tree item: the file's own icon from the theme, and a click opens it. */
  static decorate(item: vscode.TreeItem, node: ExplorerNode): void {
    if (node.kind !== 'path') {
      return;
    }
    const uri = vscode.Uri.parse(node.key);
    item.resourceUri = uri;
    if (node.row.contextValue === fileContextValues.file) {
      item.iconPath = vscode.ThemeIcon.File;
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [uri] };
    } else {
      item.iconPath = vscode.ThemeIcon.Folder;
    }
  }
}
