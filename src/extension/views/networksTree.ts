import * as vscode from 'vscode';
import type { ModelChange } from '../docker/daemonModel';
import type { NetworkSummary } from '../docker/types';
import type { ExplorerEntry } from './explorer';
import type { ExplorerNode } from './explorerNodes';
import { nodeFromRow } from './explorerNodes';
import type { Affected } from './explorerTree';
import { ExplorerTree } from './explorerTree';
import { matchesFilter, networkFilterFields } from './filter';
import { containerIcon, isBuiltInNetwork, networkRow } from './labels';
import { attachedContainers, endpointRow } from './networkEndpoints';
import { viewSettings } from './settings';
import { compareNames } from './sorting';

/** The Networks view: driver, scope, internal; attached containers as children with their addresses. */
export class NetworksTree extends ExplorerTree {
  protected readonly kinds = ['networks', 'containers'] as const;

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
    const daemon = entry.daemon.id;
    return attachedContainers(network, entry.model.containers().values())
      .sort((a, b) => compareNames(a.container.name, b.container.name))
      .map(({ container, endpoint }) => {
        const row = endpointRow(daemon, network, container, endpoint);
        const { icon, color } = containerIcon(container);
        return this.node(
          nodeFromRow('endpoint', daemon, container.id, {
            ...row,
            icon,
            ...(color !== undefined ? { iconColor: color } : {}),
          }),
        );
      });
  }

  protected affected(_entry: ExplorerEntry, _change: ModelChange): Affected {
    return 'daemon';
  }
}
