import * as vscode from 'vscode';
import type { ModelChange } from '../docker/daemonModel';
import type { ContainerNetwork, ContainerSummary, NetworkSummary } from '../docker/types';
import type { ExplorerEntry } from './explorer';
import type { ExplorerNode } from './explorerNodes';
import { nodeFromRow } from './explorerNodes';
import type { Affected } from './explorerTree';
import { ExplorerTree } from './explorerTree';
import { matchesFilter, networkFilterFields } from './filter';
import { nodeId } from './ids';
import { containerIcon, isBuiltInNetwork, networkRow } from './labels';
import { attachedContainers, endpointRow } from './networkEndpoints';
import { viewSettings } from './settings';
import { compareNames } from './sorting';

/** The Networks view: driver, scope, internal; attached containers as children with their addresses. */
export class NetworksTree extends ExplorerTree {
  protected readonly kinds = ['networks', 'containers'] as const;
  /** The networks each container was shown under last, by daemon and container id. */
  private readonly shownNetworks = new Map<string, string>();

  private visibleNetworks(entry: ExplorerEntry): NetworkSummary[] {
    const filter = this.filter;
    const showBuiltIn = viewSettings.networksShowBuiltIn();
    return [...entry.model.networks().values()]
      .filter((n) => showBuiltIn || !isBuiltInNetwork(n))
      .filter((n) => filter === '' || matchesFilter(filter, networkFilterFields(n)))
      .sort((a, b) => compareNames(a.name, b.name));
  }

  protected daemonChildren(entry: ExplorerEntry): ExplorerNode[] {
    const daemon = entry.daemon.id;
    const containers = [...entry.model.containers().values()];
    for (const c of containers) {
      this.shownNetworks.set(`${daemon}/${c.id}`, networkKeys(c));
    }
    return this.visibleNetworks(entry).map((n) => {
      const attached = attachedContainers(n, containers).length;
      const row = networkRow(daemon, n);
      const description =
        attached === 0
          ? row.description
          : `${row.description} · ${attached === 1 ? vscode.l10n.t('1 container') : vscode.l10n.t('{0} containers', attached)}`;
      return this.node(
        nodeFromRow('network', daemon, n.id, { ...row, description }, attached > 0 ? 'collapsed' : 'none'),
      );
    });
  }

  protected nodeChildren(entry: ExplorerEntry, node: ExplorerNode): ExplorerNode[] {
    const network = entry.model.networks().get(node.key);
    if (node.kind !== 'network' || network === undefined) {
      return [];
    }
    return attachedContainers(network, entry.model.containers().values())
      .sort((a, b) => compareNames(a.container.name, b.container.name))
      .map(({ container, endpoint }) => this.endpointNode(entry, network, container, endpoint));
  }

  private endpointNode(
    entry: ExplorerEntry,
    network: NetworkSummary,
    container: ContainerSummary,
    endpoint: ContainerNetwork,
  ): ExplorerNode {
    const daemon = entry.daemon.id;
    const row = endpointRow(daemon, network, container, endpoint);
    const { icon, color } = containerIcon(container);
    return this.node(
      nodeFromRow('endpoint', daemon, container.id, {
        ...row,
        icon,
        ...(color !== undefined ? { iconColor: color } : {}),
      }),
    );
  }

  /**
   * Network changes re-render the daemon's networks. A container change whose networks stay the
   * same re-renders only its rows under those networks (state and addresses).
   */
  protected affected(entry: ExplorerEntry, change: ModelChange): Affected {
    const daemon = entry.daemon.id;
    for (const id of change.removed) {
      this.shownNetworks.delete(`${daemon}/${id}`);
    }
    if (
      change.kind !== 'containers' ||
      change.reset ||
      change.added.length > 0 ||
      change.removed.length > 0
    ) {
      return 'daemon';
    }
    const nodes: ExplorerNode[] = [];
    for (const id of change.changed) {
      const container = entry.model.containers().get(id);
      const shown = this.shownNetworks.get(`${daemon}/${id}`);
      if (container === undefined || shown !== networkKeys(container)) {
        return 'daemon';
      }
      for (const network of entry.model.networks().values()) {
        const endpoint = attachedContainers(network, [container])[0]?.endpoint;
        if (
          endpoint !== undefined &&
          this.shown(nodeId('endpoint', daemon, `${network.id}/${id}`)) !== undefined
        ) {
          nodes.push(this.endpointNode(entry, network, container, endpoint));
        }
      }
    }
    return nodes;
  }
}

/** What decides where a container appears in this view: its networks, by id or name. */
function networkKeys(c: ContainerSummary): string {
  return c.networks
    .map((n) => n.networkId || n.name)
    .sort()
    .join('\n');
}
