import * as vscode from 'vscode';
import type { ModelChange } from '../docker/daemonModel';
import type { ContainerSummary } from '../docker/types';
import { addCounts, countContainers } from './badges';
import type { ExplorerEntry } from './explorer';
import type { ExplorerNode } from './explorerNodes';
import type { Affected } from './explorerTree';
import { ExplorerTree } from './explorerTree';
import { containerFilterFields, matchesFilter } from './filter';
import type { ContainerGrouping } from './grouping';
import { groupContainers, groupKeys, noNetworkKey } from './grouping';
import { nodeId } from './ids';
import { containerRow } from './labels';
import { viewSettings } from './settings';
import { sortContainers } from './sorting';
import { containerTooltip } from './tooltips';
import { isHelperContainer } from '../docker/volumeHelpers';

const groupIcons: Record<ContainerGrouping, string> = {
  compose: 'layers',
  none: 'folder',
  state: 'symbol-enum',
  image: 'package',
  network: 'type-hierarchy',
};

/**
 * The Containers view: grouped (Compose project by default) and sorted per the settings, with
 * health icons, a lazily built markdown tooltip and a badge counting running containers.
 */
export class ContainersTree extends ExplorerTree {
  protected readonly kinds = ['containers'] as const;
  /** The group keys each container was shown under last, by daemon and container id. */
  private readonly shownGroups = new Map<string, string>();

  protected daemonChildren(entry: ExplorerEntry): ExplorerNode[] {
    const by = viewSettings.containersGroupBy();
    const containers = this.visibleContainers(entry);
    const { groups, ungrouped } = groupContainers(containers, by);
    const nodes = groups.map((g) => this.groupNode(entry, by, g.key, g.label, g.containers));
    for (const c of containers) {
      this.shownGroups.set(`${entry.daemon.id}/${c.id}`, groupKeys(c, by).join('\n'));
    }
    return [...nodes, ...ungrouped.map((c) => this.containerNode(entry, c, by, undefined))];
  }

  private groupNode(
    entry: ExplorerEntry,
    by: ContainerGrouping,
    key: string,
    label: string,
    containers: readonly ContainerSummary[],
  ): ExplorerNode {
    const running = containers.filter((c) => c.state === 'running').length;
    const id = nodeId('group', entry.daemon.id, `${by}:${key}`);
    return this.node({
      id,
      kind: 'group',
      daemonId: entry.daemon.id,
      key,
      row: {
        id,
        label:
          by === 'network' && key === noNetworkKey
            ? vscode.l10n.t('No network')
            : by === 'state'
              ? stateLabel(key)
              : label,
        description: vscode.l10n.t('{0}/{1} running', running, containers.length),
        icon: groupIcons[by],
        contextValue: `group.${by}`,
      },
      collapsible: 'expanded',
    });
  }

  protected nodeChildren(entry: ExplorerEntry, node: ExplorerNode): ExplorerNode[] {
    if (node.kind === 'container' && this.fileNodes !== undefined) {
      return [
        this.fileNodes.filesRow(node, {
          kind: 'container',
          daemonId: entry.daemon.id,
          target: node.key,
          path: '/',
        }),
      ];
    }
    if (node.kind !== 'group') {
      return [];
    }
    const by = viewSettings.containersGroupBy();
    return this.visibleContainers(entry)
      .filter((c) => groupKeys(c, by).includes(node.key))
      .map((c) => this.containerNode(entry, c, by, node.key));
  }

  private visibleContainers(entry: ExplorerEntry): ContainerSummary[] {
    const filter = this.filter;
    // The helpers that browse volumes are ours, not the user's: never shown.
    const all = sortContainers(
      [...entry.model.containers().values()].filter((c) => !isHelperContainer(c)),
      viewSettings.containersSortBy(),
    );
    return filter === '' ? all : all.filter((c) => matchesFilter(filter, containerFilterFields(c)));
  }

  private containerNode(
    entry: ExplorerEntry,
    c: ContainerSummary,
    by: ContainerGrouping,
    group: string | undefined,
  ): ExplorerNode {
    const row = containerRow(entry.daemon.id, c, by === 'compose' && group !== undefined);
    // A container on several networks is listed under each; only the first keeps the plain id.
    const first = groupKeys(c, by)[0];
    const id = group !== undefined && first !== undefined && group !== first ? `${row.id}#${group}` : row.id;
    return this.node({
      id,
      kind: 'container',
      daemonId: entry.daemon.id,
      key: c.id,
      row: { ...row, id },
      collapsible: this.fileNodes !== undefined ? 'collapsed' : 'none',
      lazyTooltip: () => containerTooltip(c, Date.now(), vscode.l10n.t),
    });
  }

  protected affected(entry: ExplorerEntry, change: ModelChange): Affected {
    for (const id of change.removed) {
      this.shownGroups.delete(`${entry.daemon.id}/${id}`);
    }
    if (change.reset || change.added.length > 0 || change.removed.length > 0 || this.filter !== '') {
      return 'daemon';
    }
    const by = viewSettings.containersGroupBy();
    if (viewSettings.containersSortBy() === 'state' && by !== 'state') {
      return 'daemon';
    }
    const nodes = new Set<ExplorerNode>();
    for (const id of change.changed) {
      const c = entry.model.containers().get(id);
      if (c === undefined) {
        return 'daemon';
      }
      const keys = groupKeys(c, by);
      if (this.shownGroups.get(`${entry.daemon.id}/${id}`) !== keys.join('\n')) {
        return 'daemon';
      }
      if (keys.length === 0) {
        if (this.shown(nodeId('container', entry.daemon.id, id)) === undefined) {
          return 'daemon';
        }
        // Updated in place, so the refresh shows the new row.
        nodes.add(this.containerNode(entry, c, by, undefined));
      }
      for (const key of keys) {
        const group = this.shown(nodeId('group', entry.daemon.id, `${by}:${key}`));
        if (group === undefined) {
          return 'daemon';
        }
        const members = this.visibleContainers(entry).filter((m) => groupKeys(m, by).includes(key));
        nodes.add(this.groupNode(entry, by, key, group.row.label, members));
      }
    }
    return [...nodes];
  }

  protected override updateView(view: vscode.TreeView<ExplorerNode>): void {
    const counts = addCounts(
      this.explorer.entries.map((e) => countContainers(e.model.containers().values())),
    );
    if (counts.running === 0 && counts.unhealthy === 0) {
      view.badge = undefined;
      return;
    }
    const running =
      counts.running === 1
        ? vscode.l10n.t('1 running container')
        : vscode.l10n.t('{0} running containers', counts.running);
    const unhealthy =
      counts.unhealthy === 0
        ? ''
        : counts.unhealthy === 1
          ? vscode.l10n.t('1 unhealthy')
          : vscode.l10n.t('{0} unhealthy', counts.unhealthy);
    view.badge = { value: counts.running, tooltip: unhealthy === '' ? running : `${running}, ${unhealthy}` };
  }
}

/** A state group's label in the user's language. */
function stateLabel(state: string): string {
  switch (state) {
    case 'running':
      return vscode.l10n.t('Running');
    case 'restarting':
      return vscode.l10n.t('Restarting');
    case 'paused':
      return vscode.l10n.t('Paused');
    case 'created':
      return vscode.l10n.t('Created');
    case 'removing':
      return vscode.l10n.t('Removing');
    case 'exited':
      return vscode.l10n.t('Exited');
    case 'dead':
      return vscode.l10n.t('Dead');
    default:
      return state;
  }
}
