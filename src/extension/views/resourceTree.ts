import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import type { DockerConnection } from '../docker/connection';
import { describeDockerError } from '../docker/errors';
import type { RowPresentation } from './labels';

/** What a flat resource tree needs: how to list its objects and present each as rows. */
export interface ResourceSource<T> {
  list(client: DockerClient, signal: AbortSignal): Promise<T[]>;
  rows(daemon: string, item: T, nowMs: number): RowPresentation[];
}

/** A row that is not an Engine object: the reason a listing failed. */
const errorContext = 'dockwright.error';

/**
 * A tree over one kind of Engine object. Empty (so the welcome view shows) while the daemon is
 * unreachable; a failed listing becomes a row that says why.
 */
export class ResourceTreeProvider<T> implements vscode.TreeDataProvider<RowPresentation>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly connection: DockerConnection,
    private readonly source: ResourceSource<T>,
  ) {
    this.subscription = connection.onDidChangeState(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(row: RowPresentation): vscode.TreeItem {
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = row.contextValue;
    item.iconPath = new vscode.ThemeIcon(
      row.icon,
      row.iconColor !== undefined ? new vscode.ThemeColor(row.iconColor) : undefined,
    );
    return item;
  }

  async getChildren(parent?: RowPresentation): Promise<RowPresentation[]> {
    const client = this.connection.client;
    if (parent !== undefined || client === undefined) {
      return [];
    }
    const controller = new AbortController();
    try {
      const items = await this.source.list(client, controller.signal);
      const now = Date.now();
      const daemon = client.endpoint.display;
      return items.flatMap((item) => this.source.rows(daemon, item, now));
    } catch (err) {
      const message = describeDockerError(err, client.endpoint);
      return [
        {
          id: `error:${message}`,
          label: vscode.l10n.t('Could not list: {0}', message),
          description: '',
          tooltip: message,
          icon: 'warning',
          contextValue: errorContext,
        },
      ];
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** A tree that has no rows yet, so its welcome view explains what will appear there. */
export class EmptyTreeProvider implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }
  getChildren(): never[] {
    return [];
  }
}
