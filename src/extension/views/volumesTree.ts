import type { ModelChange } from '../docker/daemonModel';
import type { ExplorerEntry } from './explorer';
import type { ExplorerNode } from './explorerNodes';
import { nodeFromRow } from './explorerNodes';
import type { Affected } from './explorerTree';
import { ExplorerTree } from './explorerTree';
import { matchesFilter, volumeFilterFields } from './filter';
import { nodeId } from './ids';
import { volumeRow } from './labels';
import { compareNames } from './sorting';

/** The Volumes view: driver and mount point; size and users once "Load sizes" asked `/system/df`. */
export class VolumesTree extends ExplorerTree {
  protected readonly kinds = ['volumes'] as const;

  protected daemonChildren(entry: ExplorerEntry): ExplorerNode[] {
    const filter = this.filter;
    const usage = entry.model.volumeUsage();
    return [...entry.model.volumes().values()]
      .filter((v) => filter === '' || matchesFilter(filter, volumeFilterFields(v)))
      .sort((a, b) => compareNames(a.name, b.name))
      .map((v) => this.volumeNode(entry, v.name, usage))
      .filter((n): n is ExplorerNode => n !== undefined);
  }

  private volumeNode(
    entry: ExplorerEntry,
    name: string,
    usage: ReturnType<ExplorerEntry['model']['volumeUsage']>,
  ): ExplorerNode | undefined {
    const v = entry.model.volumes().get(name);
    if (v === undefined) {
      return undefined;
    }
    const daemon = entry.daemon.id;
    return this.node(
      nodeFromRow(
        'volume',
        daemon,
        v.name,
        volumeRow(daemon, v, usage?.get(v.name)),
        this.fileNodes !== undefined ? 'collapsed' : 'none',
      ),
    );
  }

  /** An expanded volume lists its files, read through a helper container. */
  protected nodeChildren(entry: ExplorerEntry, node: ExplorerNode): ExplorerNode[] {
    if (node.kind !== 'volume' || this.fileNodes === undefined) {
      return [];
    }
    return this.fileNodes.children(node, {
      kind: 'volume',
      daemonId: entry.daemon.id,
      target: node.key,
      path: '/',
    });
  }

  /** Volume rows expanded in the view, each holding its helper container. */
  private readonly held = new Map<string, ExplorerNode>();

  protected override expanded(node: ExplorerNode): void {
    if (node.kind === 'volume' && this.fileNodes !== undefined && !this.held.has(node.id)) {
      this.held.set(node.id, node);
      this.fileNodes.files.volumeHelpers(node.daemonId).hold(node.key);
    }
  }

  protected override collapsed(node: ExplorerNode): void {
    super.collapsed(node);
    this.release(node);
  }

  protected override forgotten(node: ExplorerNode): void {
    this.release(node);
  }

  /** Gives up a volume row's helper: removed at once unless something else holds it. */
  private release(node: ExplorerNode): void {
    if (node.kind === 'volume' && this.held.delete(node.id)) {
      void this.fileNodes?.files.volumeHelpers(node.daemonId).release(node.key);
    }
  }

  override dispose(): void {
    for (const node of [...this.held.values()]) {
      this.release(node);
    }
    super.dispose();
  }

  /** A changed volume (or its usage) re-renders its own row; additions and removals the list. */
  protected affected(entry: ExplorerEntry, change: ModelChange): Affected {
    if (change.reset || change.added.length > 0 || change.removed.length > 0) {
      return 'daemon';
    }
    const usage = entry.model.volumeUsage();
    const nodes: ExplorerNode[] = [];
    for (const name of change.changed) {
      if (this.shown(nodeId('volume', entry.daemon.id, name)) === undefined) {
        continue;
      }
      const node = this.volumeNode(entry, name, usage);
      if (node !== undefined) {
        nodes.push(node);
      }
    }
    return nodes;
  }
}
