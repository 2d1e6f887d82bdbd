// The Compose projects defined by files: those of the workspace (the files Compose reads on its
// own in each folder), and those whose containers' labels name files that can be read here. Kept
// current by a file watcher; loading is asynchronous and never blocks a tree.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContainerSummary } from '../docker/types';
import type { ComposeProjectDefinition } from './composeFile';
import { loadComposeProject } from './composeFile';
import { containerComposeFiles, projectOfContainer } from './composeProjects';
import { composeFilesIn, looksLikeComposeFile } from './projectName';

const composeGlob = '**/{compose,docker-compose}*.{yaml,yml}';
/** At most this many compose files are looked at in a workspace. */
const maxFiles = 500;

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The definitions of the projects this window knows by their files. */
export class ComposeWorkspace implements vscode.Disposable {
  /** Workspace projects by folder. */
  private readonly folders = new Map<string, ComposeProjectDefinition>();
  /** Projects read from containers' labels, by project name and files. */
  private readonly labelled = new Map<string, ComposeProjectDefinition | undefined>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires when a definition was added, changed or dropped. */
  readonly onDidChange = this.changed.event;
  /** Resolves once the workspace was scanned the first time. */
  readonly ready: Promise<void>;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const reload = (uri: vscode.Uri): void => void this.reloadFor(uri.fsPath);
    for (const glob of [composeGlob, '**/.env']) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      this.subscriptions.push(
        watcher,
        watcher.onDidChange(reload),
        watcher.onDidCreate(reload),
        watcher.onDidDelete(reload),
      );
    }
    this.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.scan()));
    this.ready = this.scan();
  }

  /** Every definition: the workspace's, then the ones read from labels. */
  all(): ComposeProjectDefinition[] {
    const out = [...this.folders.values()];
    for (const d of this.labelled.values()) {
      if (d !== undefined && !out.some((o) => o.name === d.name)) out.push(d);
    }
    return out;
  }

  /** Looks for the compose files of every workspace folder and loads their projects. */
  async scan(): Promise<void> {
    const uris = await vscode.workspace.findFiles(composeGlob, '**/node_modules/**', maxFiles);
    const byDir = new Map<string, Set<string>>();
    for (const uri of uris) {
      if (uri.scheme !== 'file') continue;
      const dir = path.dirname(uri.fsPath);
      const names = byDir.get(dir) ?? new Set<string>();
      names.add(path.basename(uri.fsPath));
      byDir.set(dir, names);
    }
    const next = new Map<string, ComposeProjectDefinition>();
    await Promise.all(
      [...byDir].map(async ([dir, names]) => {
        const files = composeFilesIn(dir, names);
        if (files.length > 0) next.set(dir, await this.load(files));
      }),
    );
    this.folders.clear();
    for (const [dir, definition] of [...next].sort(([a], [b]) => (a < b ? -1 : 1))) {
      this.folders.set(dir, definition);
    }
    this.changed.fire();
  }

  /** Reloads what a changed file belongs to. */
  private async reloadFor(file: string): Promise<void> {
    const affected = [...this.folders].filter(
      ([dir, d]) => d.allFiles.includes(file) || path.dirname(file) === dir,
    );
    if (affected.length === 0 && looksLikeComposeFile(file)) {
      await this.scan();
      return;
    }
    for (const [dir, d] of affected) {
      const names = new Set<string>();
      for (const name of await fs.readdir(dir).catch(() => [] as string[])) names.add(name);
      const files = composeFilesIn(dir, names);
      if (files.length === 0) {
        this.folders.delete(dir);
      } else {
        this.folders.set(dir, await this.load(files, d.workingDir));
      }
    }
    for (const [key, d] of this.labelled) {
      if (d?.allFiles.includes(file)) this.labelled.delete(key);
    }
    this.changed.fire();
  }

  /**
   * Loads, once, the projects whose containers name config files that no workspace project
   * covers; fires a change when one was read.
   */
  noteContainers(containers: Iterable<ContainerSummary>): void {
    for (const c of containers) {
      const name = projectOfContainer(c);
      const { files, workingDir } = containerComposeFiles(c);
      if (name === undefined || files.length === 0) continue;
      const key = `${name}\n${files.join('\n')}`;
      if (this.labelled.has(key) || [...this.folders.values()].some((d) => d.name === name)) continue;
      this.labelled.set(key, undefined);
      void this.load(files, workingDir, name).then((definition) => {
        // Files that cannot be read here (another machine's) leave only the labels.
        if (definition.allFiles.length === 0) return;
        this.labelled.set(key, definition);
        this.changed.fire();
      });
    }
  }

  /** The project a compose file belongs to: its folder's, or the file alone. */
  async forFile(file: string): Promise<ComposeProjectDefinition> {
    await this.ready;
    const known = this.all().find((d) => d.allFiles.includes(file) || d.files.includes(file));
    return known ?? this.load([file]);
  }

  private async load(files: string[], workingDir?: string, name?: string): Promise<ComposeProjectDefinition> {
    const definition = await loadComposeProject({
      files,
      env: process.env,
      read: readText,
      ...(workingDir !== undefined ? { workingDir } : {}),
      ...(name !== undefined ? { name } : {}),
    });
    for (const error of definition.errors) {
      this.log.warn(`Compose: ${error}`);
    }
    return definition;
  }

  dispose(): void {
    for (const s of this.subscriptions) {
      s.dispose();
    }
    this.changed.dispose();
  }
}
