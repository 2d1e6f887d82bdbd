import * as vscode from 'vscode';
import type { DaemonModel, ModelChange } from '../docker/daemonModel';
import { replicaCount, stacks, tasksByService } from '../docker/swarmState';
import type { SwarmService, SwarmTask } from '../docker/swarmTypes';
import type { ExplorerEntry } from './explorer';
import type { ExplorerNode } from './explorerNodes';
import { nodeFromRow } from './explorerNodes';
import type { Affected } from './explorerTree';
import { ExplorerTree } from './explorerTree';
import { matchesFilter } from './filter';
import { nodeId } from './ids';
import { messageRow } from './daemonRows';
import { compareNames } from './sorting';
import type { SwarmSection } from './swarmRows';
import {
  dataObjectRow,
  sectionRow,
  serviceRow,
  stackRow,
  swarmNodeRow,
  swarmSections,
  swarmStateMessage,
  taskRow,
} from './swarmRows';

const t = (message: string, ...args: (string | number)[]): string => vscode.l10n.t(message, ...args);

/** Tasks in the order `docker service ps` reads best: meant to run first, by slot, newest first. */
export function sortTasks(tasks: readonly SwarmTask[]): SwarmTask[] {
  const live = (task: SwarmTask): number => (task.desiredState === 'running' ? 0 : 1);
  return [...tasks].sort(
    (a, b) =>
      live(a) - live(b) ||
      (a.slot ?? 0) - (b.slot ?? 0) ||
      a.nodeId.localeCompare(b.nodeId) ||
      b.timestamp.localeCompare(a.timestamp),
  );
}

/**
 * The Swarm view: on a manager, its nodes, services (with their tasks), stacks, secrets and
 * configs; on any other daemon one row that says where it stands. Nothing here joins, creates
 * or leaves a swarm.
 */
export class SwarmTree extends ExplorerTree {
  protected readonly kinds = ['swarm', 'nodes', 'services', 'tasks', 'secrets', 'configs'] as const;

  protected daemonChildren(entry: ExplorerEntry): ExplorerNode[] {
    const model = entry.model;
    const daemon = entry.daemon.id;
    const info = model.swarm();
    if (info === undefined) {
      return [];
    }
    const message = swarmStateMessage(info, t);
    if (message !== undefined) {
      return [
        this.node(
          nodeFromRow('message', daemon, 'swarm', {
            ...messageRow(daemon, 'info', message),
            id: nodeId('message', daemon, 'swarm'),
          }),
        ),
      ];
    }
    const counts: Record<SwarmSection, number> = {
      nodes: model.nodes().size,
      services: model.services().size,
      stacks: stacks(model.services().values()).size,
      secrets: model.secrets().size,
      configs: model.configs().size,
    };
    return swarmSections.map((section) =>
      this.node(
        nodeFromRow(
          'swarmGroup',
          daemon,
          section,
          sectionRow(daemon, section, counts[section], t),
          'collapsed',
        ),
      ),
    );
  }

  protected nodeChildren(entry: ExplorerEntry, node: ExplorerNode): ExplorerNode[] {
    const model = entry.model;
    const daemon = entry.daemon.id;
    const filter = this.filter;
    const matches = (...fields: string[]): boolean => filter === '' || matchesFilter(filter, fields);
    const now = Date.now();
    switch (node.kind) {
      case 'swarmGroup':
        switch (node.key as SwarmSection) {
          case 'nodes': {
            const self = model.swarm()?.nodeId ?? '';
            return [...model.nodes().values()]
              .filter((n) => matches(n.hostname, n.id, n.role, n.availability))
              .sort((a, b) => compareNames(a.hostname, b.hostname))
              .map((n) =>
                this.node(nodeFromRow('swarmNode', daemon, n.id, swarmNodeRow(daemon, n, self, t))),
              );
          }
          case 'services':
            return this.serviceNodes(entry, [...model.services().values()], '');
          case 'stacks':
            return [...stacks(model.services().values())]
              .filter(([name, services]) => matches(name, ...services.map((s) => s.name)))
              .map(([name, services]) =>
                this.node(
                  nodeFromRow('stack', daemon, name, stackRow(daemon, name, services.length, t), 'collapsed'),
                ),
              );
          case 'secrets':
          case 'configs': {
            const kind = node.key === 'secrets' ? 'secret' : 'config';
            const items = node.key === 'secrets' ? model.secrets() : model.configs();
            return [...items.values()]
              .filter((item) => matches(item.name))
              .sort((a, b) => compareNames(a.name, b.name))
              .map((item) =>
                this.node(nodeFromRow(kind, daemon, item.id, dataObjectRow(daemon, kind, item, now, t))),
              );
          }
          default:
            return [];
        }
      case 'stack':
        return this.serviceNodes(
          entry,
          stacks(model.services().values()).get(node.key) ?? [],
          `${node.key}/`,
        );
      case 'service': {
        const service = model.services().get(node.key);
        if (service === undefined) {
          return [];
        }
        // Below a stack the same task needs an id of its own.
        const scope = node.id.slice(nodeId('service', daemon, '').length, -node.key.length);
        const tasks = [...model.tasks().values()].filter((task) => task.serviceId === service.id);
        return sortTasks(tasks).map((task) => {
          const row = taskRow(daemon, task, service.name, nodeName(model, task.nodeId), now, t);
          return this.node(
            nodeFromRow('task', daemon, task.id, {
              ...row,
              id: nodeId('task', daemon, `${scope}${task.id}`),
            }),
          );
        });
      }
      default:
        return [];
    }
  }

  private serviceNodes(
    entry: ExplorerEntry,
    services: readonly SwarmService[],
    scope: string,
  ): ExplorerNode[] {
    const daemon = entry.daemon.id;
    const filter = this.filter;
    const byService = tasksByService(entry.model.tasks().values());
    return services
      .filter((s) => filter === '' || matchesFilter(filter, [s.name, s.image]))
      .sort((a, b) => compareNames(a.name, b.name))
      .map((s) => {
        const row = serviceRow(
          nodeId('service', daemon, `${scope}${s.id}`),
          s,
          replicaCount(s, byService.get(s.id) ?? []),
          t,
        );
        return this.node(nodeFromRow('service', daemon, s.id, row, 'collapsed'));
      });
  }

  /** Swarm changes are few and touch counts all over the view: the daemon's part is redrawn. */
  protected affected(_entry: ExplorerEntry, _change: ModelChange): Affected {
    return 'daemon';
  }
}

/** A node's hostname from the model, or its short id. */
function nodeName(model: DaemonModel, id: string): string {
  return model.nodes().get(id)?.hostname ?? id.slice(0, 12);
}
