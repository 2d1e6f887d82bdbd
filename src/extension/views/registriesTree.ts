// The Registries view: registry → (Hub namespaces →) repositories, a page at a time with a
// "load more" row → tags, whose digest, size and age are read lazily → platforms of an index.
import * as vscode from 'vscode';
import type { HubOptions } from '../registries/dockerHub';
import { hubRepositoriesPage } from '../registries/dockerHub';
import type { RegistryEntry } from '../registries/registryEntries';
import type { RegistrySessions } from '../registries/registrySessions';
import type { RegistryNode, TagDetails, TagNode } from './registryNodes';
import {
  contextValueOf,
  errorRow,
  messageNode,
  moreNode,
  namespaceNode,
  platformLabel,
  platformNodes,
  registryNode,
  repositoryNode,
  tagDescription,
  tagNode,
  tagReference,
} from './registryNodes';

/** What the tree reads from outside: the registries to show and Hub's namespaces. */
export interface RegistriesSource {
  entries(): Promise<RegistryEntry[]>;
  /** Extra Docker Hub namespaces from the settings (the logged-in user's is added). */
  hubNamespaces(): string[];
  hubOptions?: HubOptions;
}

interface Listing {
  nodes: RegistryNode[];
  next?: string;
  /** Set while a page is being read, so "load more" clicked twice reads it once. */
  loading?: Promise<void>;
}

/** Details read at once for a page of tags; more wait their turn. */
const detailConcurrency = 4;

export class RegistriesTreeProvider implements vscode.TreeDataProvider<RegistryNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RegistryNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listings = new Map<string, Listing>();
  private readonly nodes = new Map<string, RegistryNode>();
  private readonly parents = new Map<string, RegistryNode>();
  private readonly details = new Map<string, TagDetails | Error>();
  private readonly queue: TagNode[] = [];
  private running = 0;
  private origins = new Map<string, string>();
  private roots: RegistryNode[] = [];

  constructor(
    private readonly sessions: RegistrySessions,
    private readonly source: RegistriesSource,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  /** Forgets every listing and reads the registries again. */
  refresh(node?: RegistryNode): void {
    if (node === undefined) {
      this.listings.clear();
      this.details.clear();
      this.changed.fire(undefined);
      return;
    }
    for (const key of [...this.listings.keys()]) if (key.startsWith(node.id)) this.listings.delete(key);
    for (const key of [...this.details.keys()]) if (key.startsWith(node.id)) this.details.delete(key);
    this.changed.fire(node);
  }

  /** The rows shown under a row (or the roots) by the latest listing, for commands and tests. */
  shown(parentId?: string): readonly RegistryNode[] {
    return parentId === undefined ? this.roots : (this.listings.get(parentId)?.nodes ?? []);
  }

  node(id: string): RegistryNode | undefined {
    return this.nodes.get(id);
  }

  /** The details of a tag once read (undefined while pending). */
  tagDetails(tag: TagNode): TagDetails | Error | undefined {
    return this.details.get(tag.id);
  }

  getParent(node: RegistryNode): RegistryNode | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: RegistryNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const none = vscode.TreeItemCollapsibleState.None;
    const loggedIn = node.kind === 'registry' && this.origins.get(node.entry.host) !== 'none';
    const removable = node.kind === 'registry';
    let item: vscode.TreeItem;
    switch (node.kind) {
      case 'registry': {
        item = new vscode.TreeItem(
          node.entry.host === 'docker.io' ? 'Docker Hub' : node.entry.host,
          collapsed,
        );
        const origin = this.origins.get(node.entry.host);
        item.description =
          origin === 'dockwright'
            ? vscode.l10n.t('logged in')
            : origin === 'docker'
              ? vscode.l10n.t("Docker's login")
              : node.entry.insecure
                ? vscode.l10n.t('insecure')
                : '';
        item.iconPath = new vscode.ThemeIcon(node.entry.provider === 'generic' ? 'database' : 'cloud');
        item.tooltip = `${node.entry.host}${node.entry.caFile === undefined ? '' : `\nCA: ${node.entry.caFile}`}`;
        break;
      }
      case 'namespace':
        item = new vscode.TreeItem(node.namespace, collapsed);
        item.iconPath = new vscode.ThemeIcon('organization');
        break;
      case 'repository':
        item = new vscode.TreeItem(node.repository, collapsed);
        item.iconPath = new vscode.ThemeIcon('repo');
        if (node.description !== undefined) item.tooltip = node.description;
        break;
      case 'tag': {
        const details = this.details.get(node.id);
        const isIndex =
          details !== undefined && !(details instanceof Error) && details.manifest.kind === 'index';
        item = new vscode.TreeItem(node.tag, isIndex ? collapsed : none);
        item.iconPath = new vscode.ThemeIcon('tag');
        item.description = details instanceof Error ? details.message : tagDescription(details, Date.now());
        item.tooltip = tagReference(node.entry, node.repository, node.tag);
        break;
      }
      case 'platform': {
        const { label, description } = platformLabel(node.manifest);
        item = new vscode.TreeItem(label, none);
        item.description = description;
        item.iconPath = new vscode.ThemeIcon('vm');
        item.tooltip = node.manifest.digest;
        break;
      }
      case 'more':
        item = new vscode.TreeItem(vscode.l10n.t('Load more…'), none);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = {
          command: 'dockwright.registries.loadMore',
          title: vscode.l10n.t('Load More'),
          arguments: [node],
        };
        break;
      case 'message':
        item = new vscode.TreeItem(node.text, none);
        item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info');
        item.tooltip = node.text;
        if (node.action !== undefined) item.command = messageCommand(node);
        break;
    }
    item.id = node.id;
    item.contextValue = contextValueOf(node, loggedIn, removable);
    return item;
  }

  async getChildren(parent?: RegistryNode): Promise<RegistryNode[]> {
    if (parent === undefined) {
      const entries = await this.source.entries();
      const origins = await Promise.all(entries.map((e) => this.sessions.origin(e.host).catch(() => 'none')));
      this.origins = new Map(entries.map((e, i) => [e.host, origins[i]]));
      this.roots = entries.map(registryNode);
      for (const root of this.roots) this.nodes.set(root.id, root);
      return this.roots;
    }
    if (parent.kind === 'tag') {
      const details = this.details.get(parent.id);
      return details === undefined || details instanceof Error || details.manifest.kind !== 'index'
        ? []
        : this.remember(parent, platformNodes(parent, details.manifest.manifests));
    }
    if (parent.kind !== 'registry' && parent.kind !== 'namespace' && parent.kind !== 'repository') return [];
    let listing = this.listings.get(parent.id);
    if (listing === undefined) {
      listing = { nodes: [] };
      this.listings.set(parent.id, listing);
      listing.loading = this.readPage(parent, listing);
    }
    await listing.loading;
    const rows =
      listing.next === undefined ? listing.nodes : [...listing.nodes, moreNode(parent.entry, parent.id)];
    return this.remember(parent, rows);
  }

  private remember(parent: RegistryNode, rows: RegistryNode[]): RegistryNode[] {
    for (const row of rows) {
      this.nodes.set(row.id, row);
      this.parents.set(row.id, parent);
    }
    return rows;
  }

  /** Reads the next page under a "load more" row and shows it. */
  async loadMore(more: RegistryNode): Promise<void> {
    if (more.kind !== 'more') return;
    const parent = this.nodes.get(more.parentId);
    const listing = this.listings.get(more.parentId);
    if (parent === undefined || listing === undefined) return;
    if (listing.loading === undefined && listing.next !== undefined) {
      listing.loading = this.readPage(parent, listing);
    }
    await listing.loading;
    this.changed.fire(parent);
  }

  /** Reads one page into a listing; a failure becomes a message row with a way forward. */
  private async readPage(parent: RegistryNode, listing: Listing): Promise<void> {
    try {
      const { nodes, next } = await this.page(parent, listing.next);
      listing.nodes.push(...nodes);
      listing.next = next;
      if (parent.kind === 'repository') {
        for (const node of nodes) if (node.kind === 'tag') this.queue.push(node);
        this.pump();
      }
    } catch (err) {
      const row = errorRow(err);
      this.log?.warn(`Registries: ${row.text}`);
      listing.nodes = listing.nodes.filter((n) => n.kind !== 'message');
      listing.nodes.push(messageNode(parent.entry, parent.id, row.text, true, row.action));
      listing.next = undefined;
    } finally {
      listing.loading = undefined;
    }
  }

  private async page(
    parent: RegistryNode,
    next: string | undefined,
  ): Promise<{ nodes: RegistryNode[]; next?: string }> {
    const entry = parent.entry;
    if (parent.kind === 'registry' && entry.provider === 'dockerHub') {
      const credential = await this.sessions.credential('docker.io');
      const namespaces = new Set<string>();
      if (credential !== undefined && credential.username !== '')
        namespaces.add(credential.username.toLowerCase());
      for (const ns of this.source.hubNamespaces()) namespaces.add(ns);
      if (namespaces.size === 0) {
        return {
          nodes: [
            messageNode(
              entry,
              parent.id,
              vscode.l10n.t('Log in, or add a Docker Hub namespace to browse'),
              false,
              'addNamespace',
            ),
          ],
        };
      }
      return { nodes: [...namespaces].sort().map((ns) => namespaceNode(entry, ns)) };
    }
    if (parent.kind === 'namespace') {
      const token = await this.sessions.hubToken(this.source.hubOptions).catch(() => undefined);
      const page = await hubRepositoriesPage(parent.namespace, next, token, this.source.hubOptions);
      return {
        nodes: page.repositories.map((r) => repositoryNode(entry, `${r.namespace}/${r.name}`, r.description)),
        next: page.next,
      };
    }
    const client = await this.sessions.client(entry);
    if (parent.kind === 'registry') {
      const page = await client.catalogPage(next);
      const nodes = page.items.map((name) => repositoryNode(entry, name));
      if (nodes.length === 0 && next === undefined) {
        nodes.push(messageNode(entry, parent.id, vscode.l10n.t('No repositories'), false));
      }
      return { nodes, next: page.next };
    }
    if (parent.kind === 'repository') {
      const page = await client.tagsPage(parent.repository, next);
      const nodes: RegistryNode[] = page.items.map((tag) => tagNode(entry, parent.repository, tag));
      if (nodes.length === 0 && next === undefined) {
        nodes.push(messageNode(entry, parent.id, vscode.l10n.t('No tags'), false));
      }
      return { nodes, next: page.next };
    }
    return { nodes: [] };
  }

  /** Reads tag details a few at a time; each tag row updates when its own arrive. */
  private pump(): void {
    while (this.running < detailConcurrency && this.queue.length > 0) {
      const tag = this.queue.shift();
      if (tag === undefined) break;
      this.running++;
      void this.readDetails(tag).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** Reads a tag's manifest and, for an image, its config; an error is kept for the row. */
  async readDetails(tag: TagNode): Promise<TagDetails | Error> {
    let details: TagDetails | Error;
    try {
      const client = await this.sessions.client(tag.entry);
      const result = await client.manifest(tag.repository, tag.tag);
      details = { digest: result.digest, manifest: result.manifest };
      if (result.manifest.kind === 'image' && result.manifest.config !== undefined) {
        details.config = await client
          .config(tag.repository, result.manifest.config.digest)
          .catch(() => undefined);
      }
    } catch (err) {
      details = err instanceof Error ? err : new Error(String(err));
    }
    this.details.set(tag.id, details);
    this.changed.fire(tag);
    return details;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function messageCommand(node: Extract<RegistryNode, { kind: 'message' }>): vscode.Command | undefined {
  const title = vscode.l10n.t('Fix');
  switch (node.action) {
    case 'logIn':
      return { command: 'dockwright.registries.logIn', title, arguments: [node] };
    case 'configureTls':
      return { command: 'dockwright.registries.configureTls', title, arguments: [node] };
    case 'addNamespace':
      return { command: 'dockwright.registries.addHubNamespace', title, arguments: [node] };
    case 'retry':
      return { command: 'dockwright.registries.refresh', title, arguments: [] };
    default:
      return undefined;
  }
}
