import * as vscode from 'vscode';
import type { StoredContext } from '../docker/contextStore';
import { defaultContextName, dockerConfigDir, listContexts, nodeReader } from '../docker/contextStore';
import { resolutionInputs } from '../docker/daemons';
import { currentContextName } from '../docker/endpoint';

/** One row of the Contexts view: a context of the store, or `default`. */
export interface ContextRow {
  readonly name: string;
  readonly description: string;
  /** The Docker endpoint as the store records it ('' when it has none). */
  readonly endpoint: string;
  readonly current: boolean;
  readonly tls: boolean;
  /** The stored context; undefined for `default`, which the store never holds. */
  readonly stored: StoredContext | undefined;
}

/** `contextValue` of the context in use (menus hide Remove) and of the others. */
export const contextValues = { current: 'context.current', other: 'context' } as const;

/** Builds the rows from the store's contexts, `default` first, the current one marked. */
export function contextRows(
  stored: readonly StoredContext[],
  current: string | undefined,
  defaultEndpoint: string,
): ContextRow[] {
  const rows: ContextRow[] = [
    {
      name: defaultContextName,
      description: 'Current DOCKER_HOST based configuration',
      endpoint: defaultEndpoint,
      current: current === defaultContextName,
      tls: false,
      stored: undefined,
    },
  ];
  for (const context of stored) {
    if (context.name === defaultContextName) {
      continue;
    }
    rows.push({
      name: context.name,
      description: context.description,
      endpoint: context.host ?? '',
      current: context.name === current,
      tls: context.tlsPath !== undefined,
      stored: context,
    });
  }
  return rows;
}

/**
 * Every context in the CLI's store plus `default`, with the one this window uses marked. The
 * store is read asynchronously on each refresh; a file watcher refreshes on outside changes.
 */
export class ContextsTreeProvider implements vscode.TreeDataProvider<ContextRow>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly subscriptions: vscode.Disposable[] = [];
  private rows: ContextRow[] = [];

  constructor(private readonly state: vscode.Memento) {
    const configDir = dockerConfigDir(process.env, resolutionInputs(state).home);
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(configDir), '{config.json,contexts/**}'),
    );
    this.subscriptions.push(
      this.watcher,
      this.watcher.onDidChange(() => this.refresh()),
      this.watcher.onDidCreate(() => this.refresh()),
      this.watcher.onDidDelete(() => this.refresh()),
    );
  }

  refresh(): void {
    this.changed.fire();
  }

  /** The rows shown by the latest listing (for commands and tests). */
  get shown(): readonly ContextRow[] {
    return this.rows;
  }

  /** Reads the store and works out which context is current; never throws. */
  async load(): Promise<ContextRow[]> {
    const inputs = resolutionInputs(this.state);
    const configDir = dockerConfigDir(inputs.env, inputs.home);
    const [stored, current] = await Promise.all([
      listContexts(configDir, nodeReader),
      currentContextName(inputs).catch(() => undefined),
    ]);
    const envHost = inputs.env.DOCKER_HOST?.trim();
    const defaultEndpoint =
      envHost !== undefined && envHost !== ''
        ? envHost
        : inputs.platform === 'win32'
          ? 'npipe:////./pipe/docker_engine'
          : 'unix:///var/run/docker.sock';
    return contextRows(stored, current, defaultEndpoint);
  }

  getTreeItem(row: ContextRow): vscode.TreeItem {
    const item = new vscode.TreeItem(row.name, vscode.TreeItemCollapsibleState.None);
    item.id = `context:${row.name}`;
    item.description = row.current
      ? vscode.l10n.t('{0} · in use', row.endpoint || vscode.l10n.t('no Docker endpoint'))
      : row.endpoint;
    item.iconPath = new vscode.ThemeIcon(
      row.current ? 'pass-filled' : row.endpoint.startsWith('ssh://') ? 'remote' : 'server-environment',
      row.current ? new vscode.ThemeColor('testing.iconPassed') : undefined,
    );
    item.contextValue = row.current ? contextValues.current : contextValues.other;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMarkdown(row.name)}**`);
    if (row.current) {
      tooltip.appendMarkdown(` — ${vscode.l10n.t('used by this window')}`);
    }
    if (row.description !== '') {
      tooltip.appendMarkdown(`\n\n${escapeMarkdown(row.description)}`);
    }
    tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Endpoint')}: \`${row.endpoint || '—'}\``);
    if (row.tls) {
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('TLS certificates stored with the context')}`);
    }
    item.tooltip = tooltip;
    return item;
  }

  async getChildren(parent?: ContextRow): Promise<ContextRow[]> {
    if (parent !== undefined) {
      return [];
    }
    this.rows = await this.load();
    return this.rows;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.changed.dispose();
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
