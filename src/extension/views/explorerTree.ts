import * as vscode from 'vscode';
import type { ModelChange } from '../docker/daemonModel';
import type { ExplorerEntry, Explorer } from './explorer';
import type { ExplorerNode } from './explorerNodes';
import { normalizeFilter } from './filter';
import { nodeId } from './ids';
import { daemonRow, messageRow } from './daemonRows';
import type { ContainerFileSystem } from '../files/containerFileSystem';
import { locationOf } from '../files/containerFileSystem';
import { FileNodes } from './fileNodes';

/** What a model change asks of a tree: nothing, re-render some nodes, or the daemon's whole root. */
export type Affected = readonly ExplorerNode[] | 'daemon' | 'none';

const rootKey = '';

/**
 * The shared machinery of the Containers, Images, Volumes and Networks trees: rows come from the
 * daemons' models (never from a listing); with several daemons each gets a root; nodes keep their
 * identity so a change re-renders only what it touches; a text filter per view, kept in the
 * workspace state.
 */
export abstract class ExplorerTree implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The nodes shown last, by id, so the same object is handed back and can be refreshed. */
  private readonly nodes = new Map<string, ExplorerNode>();
  private readonly childIds = new Map<string, string[]>();
  private readonly parentOf = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private modelSubscriptions: vscode.Disposable[] = [];
  private pending: Set<ExplorerNode> | 'all' | undefined;
  private view: vscode.TreeView<ExplorerNode> | undefined;
  private filterText: string;
  /** Set once the files provider is attached: containers and volumes then open onto their files. */
  protected fileNodes: FileNodes | undefined;

  /** The model kinds whose changes this tree shows. */
  protected abstract readonly kinds: readonly ModelChange['kind'][];

  constructor(
    protected readonly explorer: Explorer,
    readonly viewId: string,
    private readonly state: vscode.Memento,
  ) {
    this.filterText = normalizeFilter(state.get<string>(this.filterStateKey));
    this.subscriptions.push(
      explorer.onDidChangeEntries(() => {
        this.subscribeModels();
        this.refreshAll();
      }),
    );
    this.subscribeModels();
  }

  private get filterStateKey(): string {
    return `dockwright.filter.${this.viewId}`;
  }

  /** The view, once created. */
  get treeView(): vscode.TreeView<ExplorerNode> | undefined {
    return this.view;
  }

  /** The active filter ('' for none). */
  get filter(): string {
    return this.filterText;
  }

  /** Creates the view, following its visibility and showing the filter in its description. */
  createView(): vscode.TreeView<ExplorerNode> {
    const view = vscode.window.createTreeView(this.viewId, {
      treeDataProvider: this,
      showCollapseAll: true,
      // Commands take (node, selected): several rows can be started, stopped or removed at once.
      canSelectMany: true,
    });
    this.view = view;
    this.subscriptions.push(
      view,
      view.onDidChangeVisibility((e) => this.explorer.setViewVisible(this.viewId, e.visible)),
      view.onDidExpandElement((e) => this.expanded(e.element)),
      view.onDidCollapseElement((e) => this.collapsed(e.element)),
    );
    this.explorer.setViewVisible(this.viewId, view.visible);
    this.showFilter();
    this.updateView(view);
    return view;
  }

  /** Shows files under the rows that have them, read through `files`. */
  showFiles(files: ContainerFileSystem): void {
    this.fileNodes = new FileNodes(
      files,
      (next) => this.node(next),
      (node) => this.refreshNode(node),
    );
    this.subscriptions.push(files.onDidChangeFile((events) => this.filesChanged(events)));
    this.refreshAll();
  }

  /** New and deleted files show in the folders listed here. */
  private filesChanged(events: readonly vscode.FileChangeEvent[]): void {
    for (const event of events) {
      const changed = event.type === vscode.FileChangeType.Changed ? undefined : locationOf(event.uri);
      if (changed === undefined) {
        continue;
      }
      for (const node of [...this.nodes.values()]) {
        if (FileNodes.showsFolderOf(node, changed)) {
          this.refreshFiles(node);
        }
      }
    }
  }

  /** Lists a folder row's files again (after an upload, a new file, a delete). */
  refreshFiles(node: ExplorerNode): void {
    this.fileNodes?.drop(node.id);
    this.refreshNode(node);
  }

  /** Re-renders one row (and what is expanded below it) if it is still shown. */
  protected refreshNode(node: ExplorerNode): void {
    if (this.nodes.get(node.id) !== node || this.pending === 'all') {
      return;
    }
    const set = this.pending ?? new Set<ExplorerNode>();
    set.add(node);
    this.pending = set;
    this.schedule();
  }

  /** A row was expanded in the view. */
  protected expanded(_node: ExplorerNode): void {}

  /** A row was collapsed: its file listings are dropped, so expanding it again lists afresh. */
  protected collapsed(node: ExplorerNode): void {
    if (this.fileNodes?.drop(node.id) === true) {
      this.refreshNode(node);
    }
  }

  /** A row is no longer shown. */
  protected forgotten(_node: ExplorerNode): void {}

  /** Sets (or with '' clears) the filter, remembered for this workspace. */
  async setFilter(text: string): Promise<void> {
    this.filterText = normalizeFilter(text);
    this.showFilter();
    this.refreshAll();
    await this.state.update(this.filterStateKey, this.filterText === '' ? undefined : this.filterText);
  }

  private showFilter(): void {
    if (this.view !== undefined) {
      this.view.description =
        this.filterText === '' ? undefined : vscode.l10n.t('Filter: {0}', this.filterText);
    }
    void vscode.commands.executeCommand('setContext', `${this.viewId}.filtered`, this.filterText !== '');
  }

  /** Re-renders everything from the models (a setting or the filter changed). */
  refreshAll(): void {
    this.pending = 'all';
    this.schedule();
  }

  private subscribeModels(): void {
    for (const s of this.modelSubscriptions) {
      s.dispose();
    }
    this.modelSubscriptions = [];
    for (const entry of this.explorer.entries) {
      this.modelSubscriptions.push(
        entry.model.onDidChange((change) => {
          if (this.kinds.includes(change.kind)) {
            this.queue(entry, this.affected(entry, change));
          }
        }),
        entry.model.onDidChangeState(() => this.queue(entry, 'daemon')),
        entry.daemon.connection.onDidChangeState(() => this.queue(entry, 'daemon')),
      );
    }
  }

  private queue(entry: ExplorerEntry, affected: Affected): void {
    const pending = this.pending;
    if (affected !== 'none' && pending !== 'all') {
      const root = this.nodes.get(nodeId('daemon', entry.daemon.id, ''));
      if (affected === 'daemon' && (!this.multiple || root === undefined)) {
        this.pending = 'all';
      } else {
        const set = pending ?? new Set<ExplorerNode>();
        // The root's own row (state, endpoint) is rebuilt in place before it is refreshed.
        const nodes = affected === 'daemon' && root !== undefined ? [this.daemonNode(entry)] : affected;
        for (const node of nodes === 'daemon' ? [] : nodes) {
          if (this.nodes.get(node.id) === node) {
            set.add(node);
          }
        }
        this.pending = set;
      }
    }
    this.schedule();
  }

  private scheduled = false;

  /** Coalesces the refreshes asked within one turn of the event loop. */
  private schedule(): void {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      const pending = this.pending;
      this.pending = undefined;
      if (this.view !== undefined) {
        this.updateView(this.view);
      }
      if (pending === 'all') {
        this.changed.fire(undefined);
      } else if (pending !== undefined) {
        for (const node of pending) {
          this.changed.fire(node);
        }
      }
    });
  }

  /** Hook for per-view decorations (the Containers view's badge). */
  protected updateView(_view: vscode.TreeView<ExplorerNode>): void {}

  /** True when each daemon gets its own root. */
  protected get multiple(): boolean {
    return this.explorer.entries.length > 1;
  }

  /** What a model change touches, among the nodes shown. */
  protected abstract affected(entry: ExplorerEntry, change: ModelChange): Affected;

  /** The top-level nodes of one daemon (its root's children, or the tree's with one daemon). */
  protected abstract daemonChildren(entry: ExplorerEntry): ExplorerNode[];

  /** The children of a node below the daemon level. */
  protected abstract nodeChildren(entry: ExplorerEntry, node: ExplorerNode): ExplorerNode[];

  /** A node shown before, by id, if it is still shown. */
  protected shown(id: string): ExplorerNode | undefined {
    return this.nodes.get(id);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const row = node.row;
    const item = new vscode.TreeItem(
      row.label,
      node.collapsible === 'expanded'
        ? vscode.TreeItemCollapsibleState.Expanded
        : node.collapsible === 'collapsed'
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = row.description;
    if (row.tooltip !== undefined) {
      item.tooltip = row.tooltip;
    }
    item.contextValue = row.contextValue;
    item.iconPath = new vscode.ThemeIcon(
      row.icon,
      row.iconColor !== undefined ? new vscode.ThemeColor(row.iconColor) : undefined,
    );
    FileNodes.decorate(item, node);
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    if (node.lazyTooltip !== undefined) {
      const markdown = new vscode.MarkdownString(node.lazyTooltip());
      markdown.supportThemeIcons = true;
      item.tooltip = markdown;
    }
    return item;
  }

  /** The parent of a node shown before, so that `reveal` can open the way to it. */
  getParent(node: ExplorerNode): ExplorerNode | undefined {
    const parent = this.parentOf.get(node.id);
    return parent === undefined || parent === rootKey ? undefined : this.nodes.get(parent);
  }

  getChildren(parent?: ExplorerNode): ExplorerNode[] {
    const entries = this.explorer.entries;
    if (parent === undefined) {
      if (entries.length === 0) {
        return [];
      }
      if (entries.length === 1) {
        const only = entries[0];
        return only === undefined ? [] : this.remember(rootKey, this.singleDaemonChildren(only));
      }
      return this.remember(
        rootKey,
        entries.map((e) => this.daemonNode(e)),
      );
    }
    const entry = this.explorer.entry(parent.daemonId);
    if (entry === undefined) {
      return [];
    }
    if (parent.kind === 'daemon') {
      return this.remember(parent.id, this.multiDaemonChildren(entry));
    }
    const folder = FileNodes.folderOf(parent);
    if (folder !== undefined && this.fileNodes !== undefined) {
      return this.remember(parent.id, this.fileNodes.children(parent, folder));
    }
    return this.remember(parent.id, this.nodeChildren(entry, parent));
  }

  /** One daemon alone: while it cannot be reached the tree is empty, so the welcome view explains. */
  private singleDaemonChildren(entry: ExplorerEntry): ExplorerNode[] {
    if (entry.daemon.connection.state !== 'connected') {
      return [];
    }
    if (entry.model.state === 'unreachable') {
      return [
        this.message(entry, 'warning', entry.model.reason ?? vscode.l10n.t('Docker is not reachable.')),
      ];
    }
    return this.contentOrMessage(entry);
  }

  private multiDaemonChildren(entry: ExplorerEntry): ExplorerNode[] {
    const connection = entry.daemon.connection;
    if (connection.state === 'connecting') {
      return [this.message(entry, 'loading~spin', vscode.l10n.t('Connecting…'))];
    }
    const reason =
      connection.state === 'unreachable'
        ? connection.reason
        : entry.model.state === 'unreachable'
          ? entry.model.reason
          : undefined;
    if (connection.state === 'unreachable' || entry.model.state === 'unreachable') {
      return [this.message(entry, 'warning', reason ?? vscode.l10n.t('Docker is not reachable.'))];
    }
    return this.contentOrMessage(entry);
  }

  /** The daemon's rows, or why there are none when it is loading or the filter hides them all. */
  private contentOrMessage(entry: ExplorerEntry): ExplorerNode[] {
    const children = this.daemonChildren(entry);
    if (children.length > 0) {
      return children;
    }
    if (entry.model.state === 'loading') {
      return [this.message(entry, 'loading~spin', vscode.l10n.t('Loading…'))];
    }
    if (this.filterText !== '') {
      return [
        this.message(entry, 'filter', vscode.l10n.t('Nothing matches the filter "{0}".', this.filterText)),
      ];
    }
    return children;
  }

  private message(entry: ExplorerEntry, icon: string, text: string): ExplorerNode {
    return this.node({
      id: nodeId('message', entry.daemon.id, 'state'),
      kind: 'message',
      daemonId: entry.daemon.id,
      key: text,
      row: messageRow(entry.daemon.id, icon, text),
      collapsible: 'none',
    });
  }

  private daemonNode(entry: ExplorerEntry): ExplorerNode {
    const connection = entry.daemon.connection;
    const row = daemonRow(
      {
        id: entry.daemon.id,
        label: entry.daemon.label,
        endpoint: connection.endpoint?.display,
        connection: connection.state,
        model: entry.model.state,
        reason: connection.state === 'unreachable' ? connection.reason : entry.model.reason,
      },
      vscode.l10n.t,
    );
    return this.node({
      id: row.id,
      kind: 'daemon',
      daemonId: entry.daemon.id,
      key: entry.daemon.id,
      row,
      collapsible: 'expanded',
    });
  }

  /** Returns the node shown before under the same id, updated, or the new one. */
  protected node(next: ExplorerNode): ExplorerNode {
    const known = this.nodes.get(next.id);
    if (known === undefined || known.kind !== next.kind) {
      this.nodes.set(next.id, next);
      return next;
    }
    known.key = next.key;
    known.row = next.row;
    known.collapsible = next.collapsible;
    if (next.lazyTooltip !== undefined) {
      known.lazyTooltip = next.lazyTooltip;
    } else {
      delete known.lazyTooltip;
    }
    return known;
  }

  /** Records a parent's children, forgetting the nodes (and their subtrees) no longer shown. */
  private remember(parentId: string, children: ExplorerNode[]): ExplorerNode[] {
    const ids = children.map((c) => c.id);
    const before = this.childIds.get(parentId);
    this.childIds.set(parentId, ids);
    ids.forEach((id) => this.parentOf.set(id, parentId));
    if (before !== undefined) {
      const kept = new Set(ids);
      for (const id of before) {
        if (!kept.has(id)) {
          this.forget(id, parentId);
        }
      }
    }
    return children;
  }

  /** Drops a node no longer under `parentId`, unless it has moved under another parent. */
  private forget(id: string, parentId: string): void {
    if (this.parentOf.get(id) !== parentId) {
      return;
    }
    this.parentOf.delete(id);
    const node = this.nodes.get(id);
    this.nodes.delete(id);
    this.fileNodes?.drop(id);
    if (node !== undefined) {
      this.forgotten(node);
    }
    const children = this.childIds.get(id);
    this.childIds.delete(id);
    children?.forEach((child) => this.forget(child, id));
  }

  dispose(): void {
    for (const s of this.modelSubscriptions) {
      s.dispose();
    }
    for (const s of this.subscriptions) {
      s.dispose();
    }
    this.changed.dispose();
  }
}
