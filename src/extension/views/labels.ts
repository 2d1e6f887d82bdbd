// Pure presentation of Engine objects as tree rows: labels, descriptions, icons, context values.
import type {
  ContainerHealth,
  ContainerSummary,
  ImageSummary,
  NetworkSummary,
  VolumeSummary,
  VolumeUsage,
} from '../docker/types';
import { composeProject, composeServiceName } from './compose';
import { formatAge, formatBytes, shortId } from './format';
import { containerHealth } from './health';
import { nodeId } from './ids';
import { portText, publishedPorts } from './ports';

export { formatAge, formatBytes, shortId } from './format';

/** Everything a tree row needs, free of the vscode API so it can be unit-tested. */
export interface RowPresentation {
  id: string;
  label: string;
  description: string;
  /** Plain text; rows whose tooltip is markdown resolve it later. */
  tooltip?: string;
  icon: string;
  iconColor?: string;
  contextValue: string;
}

interface Icon {
  icon: string;
  color?: string;
}

const healthIcons: Record<Exclude<ContainerHealth, 'none'>, Icon> = {
  starting: { icon: 'pulse', color: 'charts.yellow' },
  healthy: { icon: 'pass-filled', color: 'testing.iconPassed' },
  unhealthy: { icon: 'warning', color: 'testing.iconFailed' },
};

/** The icon of a container: its health when it has a check and runs, else its state. */
export function containerIcon(c: ContainerSummary): Icon {
  const health = containerHealth(c);
  if (health !== undefined) {
    return healthIcons[health];
  }
  switch (c.state) {
    case 'running':
      return { icon: 'vm-running', color: 'testing.iconPassed' };
    case 'paused':
      return { icon: 'debug-pause', color: 'charts.yellow' };
    case 'restarting':
      return { icon: 'sync~spin', color: 'charts.yellow' };
    case 'removing':
      return { icon: 'trash', color: 'disabledForeground' };
    case 'dead':
      return { icon: 'error', color: 'testing.iconFailed' };
    default:
      return { icon: 'vm-outline' };
  }
}

/** `container.running`, `container.exited`, `container.paused`, … for `when` clauses. */
export function containerContextValue(c: ContainerSummary): string {
  // Menus match the state first (`^container\.running\b`), then what else the row offers.
  let value = `container.${c.state || 'unknown'}`;
  if (composeProject(c) !== undefined) value += '.compose';
  if (publishedPorts(c).length > 0) value += '.ports';
  return value;
}

/** The status the Engine reports followed by the published ports. */
export function containerDescription(c: ContainerSummary): string {
  const ports = publishedPorts(c).map(portText);
  return [c.status, ports.join(', ')].filter((s) => s !== '').join(' · ');
}

/**
 * A container row: its name (or its Compose service inside a Compose group), state and health in
 * the icon and context value, status and ports in the description.
 */
export function containerRow(daemon: string, c: ContainerSummary, inComposeGroup = false): RowPresentation {
  const { icon, color } = containerIcon(c);
  const service = inComposeGroup ? composeServiceName(c) : undefined;
  return {
    id: nodeId('container', daemon, c.id),
    label: service ?? (c.name || shortId(c.id)),
    description: containerDescription(c),
    icon,
    ...(color !== undefined ? { iconColor: color } : {}),
    contextValue: containerContextValue(c),
  };
}

/** `registry:5000/team/app:1.2` → `registry:5000/team/app` (the tag is after the last `:` past the last `/`). */
export function repositoryOf(reference: string): string {
  const at = reference.indexOf('@');
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}

/** The tag of a reference, `latest` when it has none. */
export function tagOf(reference: string): string {
  const repository = repositoryOf(reference);
  const rest = reference.slice(repository.length);
  return rest.startsWith(':') ? rest.slice(1) : 'latest';
}

function imageDescription(image: ImageSummary, nowMs: number): string {
  return `${formatBytes(image.size)} · ${formatAge(image.created, nowMs)}`;
}

/** A repository row, parent of its tags. */
export function repositoryRow(daemon: string, repository: string, tagCount: number): RowPresentation {
  return {
    id: nodeId('repository', daemon, repository),
    label: repository,
    description: tagCount === 1 ? '1 tag' : `${tagCount} tags`,
    icon: 'repo',
    contextValue: 'image.repository',
  };
}

/** One tag of an image, under its repository. */
export function imageTagRow(
  daemon: string,
  image: ImageSummary,
  reference: string,
  nowMs: number,
): RowPresentation {
  return {
    id: nodeId('image', daemon, reference),
    label: tagOf(reference),
    description: imageDescription(image, nowMs),
    tooltip: `${reference}\n${image.id}\n${formatBytes(image.size)}`,
    icon: 'tag',
    contextValue: 'image.tag',
  };
}

/** An image without tags. */
export function danglingImageRow(daemon: string, image: ImageSummary, nowMs: number): RowPresentation {
  return {
    id: nodeId('image', daemon, image.id),
    label: `<none> ${shortId(image.id)}`,
    description: imageDescription(image, nowMs),
    tooltip: `${image.id}\n${formatBytes(image.size)}`,
    icon: 'package',
    contextValue: 'image.dangling',
  };
}

export function volumeRow(daemon: string, v: VolumeSummary, usage?: VolumeUsage): RowPresentation {
  const parts = [v.driver];
  if (usage !== undefined) {
    if (usage.size >= 0) {
      parts.push(formatBytes(usage.size));
    }
    if (usage.refCount >= 0) {
      parts.push(usage.refCount === 1 ? '1 container' : `${usage.refCount} containers`);
    }
  }
  return {
    id: nodeId('volume', daemon, v.name),
    label: v.name,
    description: parts.filter((p) => p !== '').join(' · '),
    tooltip: [v.name, `${v.driver} · ${v.mountpoint}`].join('\n'),
    icon: 'database',
    contextValue: usage !== undefined && usage.refCount > 0 ? 'volume.inUse' : 'volume',
  };
}

const builtInNetworks = new Set(['bridge', 'host', 'none']);

/** True for the networks every daemon has: bridge, host and none. */
export function isBuiltInNetwork(n: NetworkSummary): boolean {
  return builtInNetworks.has(n.name);
}

export function networkRow(daemon: string, n: NetworkSummary): RowPresentation {
  return {
    id: nodeId('network', daemon, n.id),
    label: n.name,
    description: [n.driver, n.scope, n.internal ? 'internal' : ''].filter((s) => s !== '').join(' · '),
    tooltip: `${n.name}\n${n.id}`,
    icon: 'type-hierarchy',
    contextValue: isBuiltInNetwork(n) ? 'network.builtin' : 'network',
  };
}

/** One row per tag, or one dangling row: the flat image list. */
export function imageRows(daemon: string, image: ImageSummary, nowMs: number): RowPresentation[] {
  return image.repoTags.length === 0
    ? [danglingImageRow(daemon, image, nowMs)]
    : image.repoTags.map((reference) => ({
        ...imageTagRow(daemon, image, reference, nowMs),
        label: reference,
      }));
}
