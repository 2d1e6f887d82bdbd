// The swarm's objects as command targets: which tree nodes stand for them, their labels, and the
// palette's quick-pick rows (from the model when it is current, else asked of the manager).
import type { DockerClient } from '../docker/client';
import type { DaemonModel } from '../docker/daemonModel';
import { isSwarmManager } from '../docker/swarmMapping';
import { replicaCount, tasksByService } from '../docker/swarmState';
import type { SwarmDataObject, SwarmNode, SwarmService, SwarmTask } from '../docker/swarmTypes';
import { replicaText, taskName } from '../views/swarmRows';
import type { PickRow } from './pick';

/** The swarm object types commands act on. */
export type SwarmResourceType = 'swarmNode' | 'service' | 'task' | 'secret' | 'config';

/** The tree node kinds that stand for each swarm type. */
export const swarmNodeKinds: Record<SwarmResourceType, readonly string[]> = {
  swarmNode: ['swarmNode'],
  service: ['service'],
  task: ['task'],
  secret: ['secret'],
  config: ['config'],
};

/** What the user knows a swarm object by, from the model. */
export function swarmLabelOf(
  model: DaemonModel | undefined,
  type: SwarmResourceType,
  id: string,
): string | undefined {
  switch (type) {
    case 'swarmNode':
      return model?.nodes().get(id)?.hostname;
    case 'service':
      return model?.services().get(id)?.name;
    case 'task': {
      const task = model?.tasks().get(id);
      return task === undefined
        ? undefined
        : taskName(task, model?.services().get(task.serviceId)?.name ?? '');
    }
    case 'secret':
      return model?.secrets().get(id)?.name;
    case 'config':
      return model?.configs().get(id)?.name;
  }
}

function byLabel(rows: PickRow[]): PickRow[] {
  return rows.sort((a, b) => a.target.label.localeCompare(b.target.label));
}

/** Node rows; `state` is `<role>.<availability>` (as the tree's context value). */
export function swarmNodeRows(daemonId: string, nodes: Iterable<SwarmNode>): PickRow[] {
  return byLabel(
    [...nodes].map((n) => ({
      target: { type: 'swarmNode' as const, daemonId, id: n.id, label: n.hostname || n.id.slice(0, 12) },
      description: `${n.role} · ${n.availability} · ${n.status}`,
      state: `${n.role}.${n.availability}`,
    })),
  );
}

/** Service rows with their replicas; `state` is the mode. */
export function serviceRows(
  daemonId: string,
  services: Iterable<SwarmService>,
  tasks: Iterable<SwarmTask>,
): PickRow[] {
  const byService = tasksByService(tasks);
  return byLabel(
    [...services].map((s) => ({
      target: { type: 'service' as const, daemonId, id: s.id, label: s.name },
      description: `${s.mode} ${replicaText(replicaCount(s, byService.get(s.id) ?? []))} · ${s.image}`,
      state: s.mode,
    })),
  );
}

function dataRows(daemonId: string, type: 'secret' | 'config', items: Iterable<SwarmDataObject>): PickRow[] {
  return byLabel(
    [...items].map((item) => ({
      target: { type, daemonId, id: item.id, label: item.name },
      description: item.createdAt,
      state: type,
    })),
  );
}

function taskRows(daemonId: string, tasks: Iterable<SwarmTask>, services: Iterable<SwarmService>): PickRow[] {
  const names = new Map([...services].map((s) => [s.id, s.name]));
  return byLabel(
    [...tasks].map((task) => ({
      target: {
        type: 'task' as const,
        daemonId,
        id: task.id,
        label: taskName(task, names.get(task.serviceId) ?? ''),
      },
      description: `${task.state} · ${task.id.slice(0, 12)}`,
      state: task.state,
    })),
  );
}

/** The palette's rows for a swarm type: from a current model, else listed now (a manager only). */
export async function swarmRows(
  type: SwarmResourceType,
  daemonId: string,
  model: DaemonModel | undefined,
  client: DockerClient,
  signal?: AbortSignal,
): Promise<PickRow[]> {
  const swarm = client.swarm;
  if (model === undefined && !isSwarmManager(await swarm.info(signal))) {
    return [];
  }
  if (model !== undefined && !isSwarmManager(model.swarm())) {
    return [];
  }
  switch (type) {
    case 'swarmNode':
      return swarmNodeRows(daemonId, model?.nodes().values() ?? (await swarm.listNodes(signal)));
    case 'service':
      return serviceRows(
        daemonId,
        model?.services().values() ?? (await swarm.listServices(signal)),
        model?.tasks().values() ?? (await swarm.listTasks(undefined, signal)),
      );
    case 'task':
      return taskRows(
        daemonId,
        model?.tasks().values() ?? (await swarm.listTasks(undefined, signal)),
        model?.services().values() ?? (await swarm.listServices(signal)),
      );
    case 'secret':
      return dataRows(daemonId, 'secret', model?.secrets().values() ?? (await swarm.listSecrets(signal)));
    case 'config':
      return dataRows(daemonId, 'config', model?.configs().values() ?? (await swarm.listConfigs(signal)));
  }
}
