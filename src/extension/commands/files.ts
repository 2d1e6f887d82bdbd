// The file commands of the Containers and Volumes views: download, upload, new file and folder,
// delete, copy path, refresh, and open a container's or volume's files as a workspace folder.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TarEntry } from '../docker/tar';
import type { ContainerFileSystem } from '../files/containerFileSystem';
import { locationOf, toUri } from '../files/containerFileSystem';
import type { FileLocation } from '../files/fileUris';
import { childLocation } from '../files/fileUris';
import type { Explorer } from '../views/explorer';
import type { ExplorerTree } from '../views/explorerTree';
import { fileContextValues } from '../views/fileNodes';
import { askModal, nameList } from './confirm';
import type { CommandUi } from './pick';
import { isNode, resolveTargets } from './pick';

/** What the file commands are built on. */
export interface FileCommandDeps {
  readonly explorer: Explorer;
  readonly ui: CommandUi;
  readonly files: ContainerFileSystem;
  /** The trees that show files (Containers, Volumes). */
  readonly trees: readonly ExplorerTree[];
}

type Handler = (node?: unknown, selected?: unknown) => Promise<void>;

/** A clicked row (or a Uri from an editor) as a file location; containers and volumes as their root. */
export function nodeLocation(value: unknown): { location: FileLocation; folder: boolean } | undefined {
  if (value instanceof vscode.Uri) {
    const location = locationOf(value);
    return location === undefined ? undefined : { location, folder: false };
  }
  if (!isNode(value)) {
    return undefined;
  }
  switch (value.kind) {
    case 'container':
    case 'volume':
      return {
        location: { kind: value.kind, daemonId: value.daemonId, target: value.key, path: '/' },
        folder: true,
      };
    case 'files':
    case 'path': {
      const location = locationOf(vscode.Uri.parse(value.key));
      return location === undefined
        ? undefined
        : { location, folder: value.row.contextValue !== fileContextValues.file };
    }
    default:
      return undefined;
  }
}

/** The clicked row and the selection (when the click is part of it), as locations. */
function selectedLocations(node: unknown, selected: unknown): { location: FileLocation; folder: boolean }[] {
  const many =
    Array.isArray(selected) &&
    selected.length > 0 &&
    isNode(node) &&
    selected.some((s) => isNode(s) && s.id === node.id);
  const values: unknown[] = many ? (selected as unknown[]) : [node];
  const out: { location: FileLocation; folder: boolean }[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    const found = nodeLocation(value);
    const key = found === undefined ? '' : toUri(found.location).toString();
    if (found !== undefined && !seen.has(key)) {
      seen.add(key);
      out.push(found);
    }
  }
  return out;
}

/** Where a palette call acts: the active editor's container file, else a container and a path asked for. */
async function askLocation(deps: FileCommandDeps, placeHolder: string): Promise<FileLocation | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active !== undefined ? locationOf(active) : undefined;
  if (fromEditor !== undefined) {
    return fromEditor;
  }
  const t = deps.ui.t;
  const [target] = await resolveTargets(deps.ui, deps.explorer, 'container', undefined, undefined, {
    placeHolder,
    none: t('There are no containers.'),
  });
  if (target === undefined) {
    return undefined;
  }
  const typed = await deps.ui.window.showInputBox({
    title: placeHolder,
    prompt: t('A path in the container {0}', target.label),
    value: '/',
    validateInput: (value) =>
      value.trim().startsWith('/') ? undefined : t('Enter an absolute path, such as /etc.'),
  });
  return typed === undefined
    ? undefined
    : { kind: 'container', daemonId: target.daemonId, target: target.id, path: typed.trim() };
}

/** The locations a command acts on: from the view, or asked for from the palette. */
async function locations(
  deps: FileCommandDeps,
  node: unknown,
  selected: unknown,
  placeHolder: string,
): Promise<{ location: FileLocation; folder: boolean }[]> {
  const fromView = selectedLocations(node, selected);
  if (fromView.length > 0 || node !== undefined) {
    return fromView;
  }
  const asked = await askLocation(deps, placeHolder);
  if (asked === undefined) {
    return [];
  }
  try {
    const stat = await deps.files.stat(toUri(asked));
    return [{ location: asked, folder: (stat.type & vscode.FileType.Directory) !== 0 }];
  } catch (err) {
    void deps.ui.window.showErrorMessage(errorText(err));
    return [];
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How a location is named in messages: `/etc/hosts in web`. */
function describe(deps: FileCommandDeps, location: FileLocation): string {
  const t = deps.ui.t;
  if (location.kind === 'volume') {
    return t('{0} in the volume {1}', location.path, location.target);
  }
  const name = deps.explorer.entry(location.daemonId)?.model.containers().get(location.target)?.name;
  return t('{0} in the container {1}', location.path, name ?? location.target.slice(0, 12));
}

/** The base name a location is saved under locally. */
function localName(location: FileLocation): string {
  return location.path === '/' ? location.target.slice(0, 32) : path.posix.basename(location.path);
}

/** Writes one downloaded entry below `top`, refusing names that would land outside it. */
async function writeEntry(top: string, entry: TarEntry): Promise<void> {
  const destination = path.resolve(top, ...entry.name.split('/').filter((part) => part !== ''));
  if (destination !== top && !destination.startsWith(`${top}${path.sep}`)) {
    return;
  }
  switch (entry.kind) {
    case 'directory':
      await fs.mkdir(destination, { recursive: true });
      return;
    case 'file':
    case 'hardlink':
      await fs.mkdir(path.dirname(destination), { recursive: true });
      await fs.writeFile(destination, entry.data ?? Buffer.alloc(0), { mode: entry.mode & 0o777 });
      return;
    case 'symlink':
      await fs.mkdir(path.dirname(destination), { recursive: true });
      await fs.symlink(entry.linkTarget, destination).catch(() => undefined);
      return;
    default:
      return;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

async function download(deps: FileCommandDeps, node: unknown, selected: unknown): Promise<void> {
  const t = deps.ui.t;
  const targets = await locations(deps, node, selected, t('Download from which container?'));
  if (targets.length === 0) {
    return;
  }
  // One file: a save dialog naming it; anything else: a folder to download into.
  let destinations: { location: FileLocation; top: string }[];
  const only = targets[0];
  if (targets.length === 1 && only !== undefined && !only.folder) {
    const chosen = await vscode.window.showSaveDialog({
      title: t('Download {0}', describe(deps, only.location)),
      defaultUri: vscode.Uri.file(path.join(defaultFolder(), localName(only.location))),
      saveLabel: t('Download'),
    });
    if (chosen === undefined) {
      return;
    }
    destinations = [{ location: only.location, top: chosen.fsPath }];
  } else {
    const chosen = await vscode.window.showOpenDialog({
      title: t('Download into which folder?'),
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(defaultFolder()),
      openLabel: t('Download Here'),
    });
    const folder = chosen?.[0]?.fsPath;
    if (folder === undefined) {
      return;
    }
    destinations = targets.map((x) => ({
      location: x.location,
      top: path.join(folder, localName(x.location)),
    }));
    const taken: string[] = [];
    for (const d of destinations) {
      if (await exists(d.top)) {
        taken.push(d.top);
      }
    }
    if (taken.length > 0) {
      const replace = t('Replace');
      const answer = await askModal(deps.ui, {
        message: t('{0} already exist(s) locally. Replace?', nameList(taken, t)),
        detail: t('Files of the same name are overwritten; other local files are kept.'),
        buttons: [replace],
      });
      if (answer !== replace) {
        return;
      }
    }
  }
  try {
    await deps.ui.progress(t('Downloading'), async (report, signal) => {
      for (const d of destinations) {
        if (signal.aborted) {
          return;
        }
        report(describe(deps, d.location));
        await deps.files.download(toUri(d.location), (entry) => writeEntry(d.top, entry), signal);
      }
    });
    void deps.ui.window.showInformationMessage(
      t(
        'Downloaded {0}.',
        nameList(
          destinations.map((d) => d.top),
          t,
        ),
      ),
    );
  } catch (err) {
    void deps.ui.window.showErrorMessage(t('Download failed: {0}', errorText(err)));
  }
}

function defaultFolder(): string {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? process.cwd();
}

/** The folder a command creates or uploads into: the clicked folder, or a file's folder. */
async function folderTarget(
  deps: FileCommandDeps,
  node: unknown,
  placeHolder: string,
): Promise<FileLocation | undefined> {
  const [target] = await locations(deps, node, undefined, placeHolder);
  if (target === undefined) {
    return undefined;
  }
  return target.folder
    ? target.location
    : { ...target.location, path: path.posix.dirname(target.location.path) };
}

async function upload(deps: FileCommandDeps, node: unknown): Promise<void> {
  const t = deps.ui.t;
  const folder = await folderTarget(deps, node, t('Upload into which container?'));
  if (folder === undefined) {
    return;
  }
  const chosen = await vscode.window.showOpenDialog({
    title: t('Upload into {0}', describe(deps, folder)),
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: true,
    openLabel: t('Upload'),
  });
  if (chosen === undefined || chosen.length === 0) {
    return;
  }
  const uploads = chosen.map((file) => ({
    source: file.fsPath,
    target: toUri(childLocation(folder, path.basename(file.fsPath))),
  }));
  const existing: string[] = [];
  for (const item of uploads) {
    if (
      await deps.files.stat(item.target).then(
        () => true,
        () => false,
      )
    ) {
      existing.push(path.basename(item.source));
    }
  }
  if (existing.length > 0) {
    const replace = t('Replace');
    const answer = await askModal(deps.ui, {
      message: t('{0} already exist(s) in {1}. Replace?', nameList(existing, t), describe(deps, folder)),
      detail: t('The files in the container are overwritten (their mode and owner are kept).'),
      buttons: [replace],
    });
    if (answer !== replace) {
      return;
    }
  }
  try {
    await deps.ui.progress(t('Uploading'), async (report, signal) => {
      for (const item of uploads) {
        if (signal.aborted) {
          return;
        }
        report(path.basename(item.source));
        const data = await fs.readFile(item.source);
        await deps.files.writeFile(item.target, data, { create: true, overwrite: true });
      }
    });
  } catch (err) {
    void deps.ui.window.showErrorMessage(t('Upload failed: {0}', errorText(err)));
  }
}

async function create(deps: FileCommandDeps, node: unknown, kind: 'file' | 'folder'): Promise<void> {
  const t = deps.ui.t;
  const folder = await folderTarget(
    deps,
    node,
    kind === 'file' ? t('New file in which container?') : t('New folder in which container?'),
  );
  if (folder === undefined) {
    return;
  }
  const name = await deps.ui.window.showInputBox({
    title:
      kind === 'file'
        ? t('New file in {0}', describe(deps, folder))
        : t('New folder in {0}', describe(deps, folder)),
    prompt: t('The name'),
    validateInput: (value) => {
      const trimmed = value.trim();
      if (trimmed === '' || trimmed === '.' || trimmed === '..') {
        return t('Enter a name.');
      }
      return trimmed.includes('/') ? t('A name cannot contain "/".') : undefined;
    },
  });
  if (name === undefined) {
    return;
  }
  const uri = toUri(childLocation(folder, name.trim()));
  try {
    if (kind === 'file') {
      await deps.files.writeFile(uri, new Uint8Array(), { create: true, overwrite: false });
      await vscode.window.showTextDocument(uri);
    } else {
      await deps.files.createDirectory(uri);
    }
  } catch (err) {
    void deps.ui.window.showErrorMessage(errorText(err));
  }
}

async function remove(deps: FileCommandDeps, node: unknown, selected: unknown): Promise<void> {
  const t = deps.ui.t;
  const targets = (await locations(deps, node, selected, t('Delete in which container?'))).filter(
    (x) => x.location.path !== '/',
  );
  if (targets.length === 0) {
    return;
  }
  const names = targets.map((x) => describe(deps, x.location));
  const remove = t('Delete');
  const answer = await askModal(deps.ui, {
    message:
      targets.length === 1
        ? t('Delete {0}?', names[0] ?? '')
        : t('Delete {0} items: {1}?', targets.length, nameList(names, t)),
    detail: targets.some((x) => x.folder)
      ? t('Folders are deleted with everything in them. This cannot be undone.')
      : t('This cannot be undone.'),
    buttons: [remove],
  });
  if (answer !== remove) {
    return;
  }
  const failures: string[] = [];
  await deps.ui.progress(t('Deleting'), async (report, signal) => {
    for (const target of targets) {
      if (signal.aborted) {
        return;
      }
      report(target.location.path);
      try {
        await deps.files.delete(toUri(target.location), { recursive: true });
      } catch (err) {
        failures.push(errorText(err));
      }
    }
  });
  if (failures.length > 0) {
    void deps.ui.window.showErrorMessage(failures.join('\n'));
  }
}

async function openFolder(deps: FileCommandDeps, node: unknown): Promise<void> {
  const t = deps.ui.t;
  let found = nodeLocation(node);
  if (found === undefined && node === undefined) {
    const [target] = await resolveTargets(deps.ui, deps.explorer, 'container', undefined, undefined, {
      placeHolder: t('Open the files of which container?'),
      none: t('There are no containers.'),
    });
    found =
      target === undefined
        ? undefined
        : {
            location: { kind: 'container', daemonId: target.daemonId, target: target.id, path: '/' },
            folder: true,
          };
  }
  if (found === undefined) {
    return;
  }
  const location = found.folder
    ? found.location
    : { ...found.location, path: path.posix.dirname(found.location.path) };
  const owner =
    location.kind === 'volume'
      ? location.target
      : (deps.explorer.entry(location.daemonId)?.model.containers().get(location.target)?.name ??
        location.target.slice(0, 12));
  const name = location.path === '/' ? owner : `${owner}:${location.path}`;
  const at = vscode.workspace.workspaceFolders?.length ?? 0;
  if (!vscode.workspace.updateWorkspaceFolders(at, 0, { uri: toUri(location), name })) {
    void deps.ui.window.showErrorMessage(t('Could not add {0} as a workspace folder.', name));
  }
}

async function browseVolume(deps: FileCommandDeps, node: unknown, selected: unknown): Promise<void> {
  const t = deps.ui.t;
  const [target] = await resolveTargets(deps.ui, deps.explorer, 'volume', node, selected, {
    placeHolder: t('Browse which volume?'),
    none: t('There are no volumes.'),
  });
  if (target !== undefined) {
    await openFolder(deps, { kind: 'volume', daemonId: target.daemonId, key: target.id, id: '', row: {} });
  }
}

/** Registers the file commands. */
export function registerFileCommands(deps: FileCommandDeps): vscode.Disposable[] {
  const t = deps.ui.t;
  const commands: Record<string, Handler> = {
    download: (node, selected) => download(deps, node, selected),
    upload: (node) => upload(deps, node),
    newFile: (node) => create(deps, node, 'file'),
    newFolder: (node) => create(deps, node, 'folder'),
    delete: (node, selected) => remove(deps, node, selected),
    copyPath: async (node, selected) => {
      const targets = await locations(deps, node, selected, t('Copy a path of which container?'));
      if (targets.length > 0) {
        await vscode.env.clipboard.writeText(targets.map((x) => x.location.path).join('\n'));
      }
    },
    refresh: (node) => {
      if (isNode(node)) {
        deps.trees.forEach((tree) => tree.refreshFiles(node));
      }
      return Promise.resolve();
    },
    openFolder: (node) => openFolder(deps, node),
    browseVolume: (node, selected) => browseVolume(deps, node, selected),
  };
  return Object.entries(commands).map(([name, handler]) =>
    vscode.commands.registerCommand(`dockwright.files.${name}`, handler),
  );
}
