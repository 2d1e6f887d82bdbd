// Pure presentation of a swarm's objects as tree rows: labels, descriptions, icons, and context
// values that say what each row offers (drain only what is active, scale only replicated services).
import type { SwarmDataObject, SwarmInfo, SwarmNode, SwarmService, SwarmTask } from '../docker/swarmTypes';
import type { ReplicaCount } from '../docker/swarmState';
import { formatAge } from './format';
import { nodeId } from './ids';
import type { RowPresentation } from './labels';
import type { Translate } from './tooltips';

/** The sections of a manager's Swarm view. */
export type SwarmSection = 'nodes' | 'services' | 'stacks' | 'secrets' | 'configs';

export const swarmSections: readonly SwarmSection[] = ['nodes', 'services', 'stacks', 'secrets', 'configs'];

const sectionIcons: Record<SwarmSection, string> = {
  nodes: 'server-environment',
  services: 'layers',
  stacks: 'library',
  secrets: 'lock',
  configs: 'file-code',
};

function ageOf(isoTime: string, nowMs: number): string {
  const ms = Date.parse(isoTime);
  return Number.isNaN(ms) ? '' : formatAge(ms / 1000, nowMs);
}

/** A section's row, with how many objects it holds; `swarmGroup.<section>` for its actions. */
export function sectionRow(
  daemonId: string,
  section: SwarmSection,
  count: number,
  t: Translate,
): RowPresentation {
  const labels: Record<SwarmSection, string> = {
    nodes: t('Nodes'),
    services: t('Services'),
    stacks: t('Stacks'),
    secrets: t('Secrets'),
    configs: t('Configs'),
  };
  return {
    id: nodeId('swarmGroup', daemonId, section),
    label: labels[section],
    description: String(count),
    icon: sectionIcons[section],
    contextValue: `swarmGroup.${section}`,
  };
}

/**
 * Why a daemon shows no swarm, or undefined when it is a manager that does: not in a swarm, a
 * worker, joining, locked, or in error. Nothing on these rows acts on the swarm.
 */
export function swarmStateMessage(info: SwarmInfo, t: Translate): string | undefined {
  switch (info.state) {
    case 'inactive':
      return t('This Docker daemon is not in a swarm.');
    case 'pending':
      return t('This Docker daemon is joining a swarm.');
    case 'locked':
      return t('This swarm is locked: unlock it with its key to see it.');
    case 'error':
      return info.error !== '' ? t('The swarm is in error: {0}', info.error) : t('The swarm is in error.');
    case 'active':
      return info.manager ? undefined : t('This node is a swarm worker: only a manager can show the swarm.');
    default:
      return t('The swarm is in the state "{0}".', info.state);
  }
}

/** A node: hostname; role, availability, status and engine version; `swarmNode.<role>.<availability>`. */
export function swarmNodeRow(daemonId: string, node: SwarmNode, self: string, t: Translate): RowPresentation {
  const role = node.leader ? t('leader') : node.role;
  const description = [role, node.availability, node.status, node.engineVersion]
    .filter((s) => s !== '')
    .join(' · ');
  const ready = node.status === 'ready';
  return {
    id: nodeId('swarmNode', daemonId, node.id),
    label: `${node.hostname || node.id.slice(0, 12)}${node.id === self ? ` ${t('(this daemon)')}` : ''}`,
    description,
    tooltip: [
      `${node.hostname} (${node.id})`,
      t('Role: {0}', node.role),
      t('Availability: {0}', node.availability),
      t('Status: {0}', node.status),
      ...(node.managerReachability !== undefined ? [t('Manager: {0}', node.managerReachability)] : []),
      ...(node.engineVersion !== '' ? [t('Engine: {0}', node.engineVersion)] : []),
      ...(node.address !== '' ? [t('Address: {0}', node.address)] : []),
    ].join('\n'),
    icon: node.role === 'manager' ? 'server-process' : 'server',
    ...(ready
      ? node.availability === 'active'
        ? { iconColor: 'testing.iconPassed' }
        : { iconColor: 'charts.yellow' }
      : { iconColor: 'testing.iconFailed' }),
    contextValue: `swarmNode.${node.role}.${node.availability}`,
  };
}

/** `8080:80/tcp`, `80/tcp` for an unpublished target, `host` mode marked. */
export function servicePortText(service: SwarmService): string {
  return service.ports
    .map((p) => {
      const base =
        p.publishedPort !== undefined ? `${p.publishedPort}:${p.targetPort}` : String(p.targetPort);
      return `${base}/${p.protocol}${p.publishMode === 'host' ? ' (host)' : ''}`;
    })
    .join(', ');
}

/** `2/3`: replicas running out of those wanted. */
export function replicaText(count: ReplicaCount): string {
  return `${count.running}/${count.desired}`;
}

/**
 * A service: name; mode with running/desired replicas, image, ports. Context value
 * `service.<mode>`, with `.rollback` when a previous spec exists to return to.
 */
export function serviceRow(
  id: string,
  service: SwarmService,
  count: ReplicaCount,
  t: Translate,
): RowPresentation {
  const ports = servicePortText(service);
  const description = [`${service.mode} ${replicaText(count)}`, service.image, ports]
    .filter((s) => s !== '')
    .join(' · ');
  const complete = count.running >= count.desired && count.desired > 0;
  const updating = service.updateState === 'updating' || service.updateState === 'rollback_started';
  return {
    id,
    label: service.name,
    description,
    tooltip: [
      `${service.name} (${service.id})`,
      t('Mode: {0}', service.mode),
      t('Replicas: {0} running of {1}', count.running, count.desired),
      t('Image: {0}', service.image),
      ...(ports !== '' ? [t('Ports: {0}', ports)] : []),
      ...(service.updateState !== undefined ? [t('Last update: {0}', service.updateState)] : []),
    ].join('\n'),
    icon: updating ? 'sync~spin' : 'layers',
    ...(updating
      ? {}
      : complete
        ? { iconColor: 'testing.iconPassed' }
        : count.desired === 0
          ? {}
          : { iconColor: count.running === 0 ? 'testing.iconFailed' : 'charts.yellow' }),
    contextValue: `service.${service.mode}${service.hasPreviousSpec ? '.rollback' : ''}`,
  };
}

const taskIcons: Record<string, { icon: string; color?: string }> = {
  running: { icon: 'vm-running', color: 'testing.iconPassed' },
  complete: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  rejected: { icon: 'error', color: 'testing.iconFailed' },
  shutdown: { icon: 'vm-outline' },
  orphaned: { icon: 'question' },
};

/** A task's name as the CLI prints it: `service.slot`, or `service.node` for a global task. */
export function taskName(task: SwarmTask, serviceName: string): string {
  return `${serviceName}.${task.slot !== undefined ? String(task.slot) : task.nodeId.slice(0, 12)}`;
}

/**
 * A task: its name; current state (and the desired one when they differ), node, error. Context
 * value `task.<state>`, with `.container` when it has a container.
 */
export function taskRow(
  daemonId: string,
  task: SwarmTask,
  serviceName: string,
  nodeName: string,
  nowMs: number,
  t: Translate,
): RowPresentation {
  const state = task.state === task.desiredState ? task.state : t('{0} → {1}', task.state, task.desiredState);
  const age = ageOf(task.timestamp, nowMs);
  const description = [state, nodeName, age, task.error].filter((s) => s !== '').join(' · ');
  const icon = taskIcons[task.state] ?? { icon: 'loading~spin' };
  return {
    id: nodeId('task', daemonId, task.id),
    label: taskName(task, serviceName),
    description,
    tooltip: [
      `${taskName(task, serviceName)} (${task.id})`,
      t('State: {0}', task.state),
      t('Desired state: {0}', task.desiredState),
      ...(nodeName !== '' ? [t('Node: {0}', nodeName)] : []),
      ...(task.message !== '' ? [t('Message: {0}', task.message)] : []),
      ...(task.error !== '' ? [t('Error: {0}', task.error)] : []),
      ...(task.containerId !== '' ? [t('Container: {0}', task.containerId.slice(0, 12))] : []),
      t('Image: {0}', task.image),
    ].join('\n'),
    icon: icon.icon,
    ...(icon.color !== undefined ? { iconColor: icon.color } : {}),
    contextValue: `task.${task.state}${task.containerId !== '' ? '.container' : ''}`,
  };
}

/** A stack: its namespace and how many services it has. */
export function stackRow(daemonId: string, name: string, services: number, t: Translate): RowPresentation {
  return {
    id: nodeId('stack', daemonId, name),
    label: name,
    description: services === 1 ? t('1 service') : t('{0} services', services),
    icon: 'library',
    contextValue: 'stack',
  };
}

/** A secret or config: its name and age; its value is never known here. */
export function dataObjectRow(
  daemonId: string,
  kind: 'secret' | 'config',
  item: SwarmDataObject,
  nowMs: number,
  t: Translate,
): RowPresentation {
  const labels = Object.entries(item.labels).map(([k, v]) => `${k}=${v}`);
  return {
    id: nodeId(kind, daemonId, item.id),
    label: item.name,
    description: ageOf(item.createdAt, nowMs),
    tooltip: [`${item.name} (${item.id})`, t('Created: {0}', item.createdAt), ...labels].join('\n'),
    icon: kind === 'secret' ? 'key' : 'file-code',
    contextValue: kind,
  };
}
