// Pure presentation of Engine objects as tree rows: labels, descriptions, icons, context values.
import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../docker/types';

/** Everything a tree row needs, free of the vscode API so it can be unit-tested. */
export interface RowPresentation {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: string;
  iconColor?: string;
  contextValue: string;
}

const units = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Formats a byte count with decimal units, as `docker` does (1 kB = 1000 B). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** "3 minutes ago" for a Unix time in seconds, relative to `nowMs`. */
export function formatAge(createdSeconds: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round(nowMs / 1000 - createdSeconds));
  const steps: [number, string][] = [
    [60 * 60 * 24 * 365, 'year'],
    [60 * 60 * 24 * 30, 'month'],
    [60 * 60 * 24 * 7, 'week'],
    [60 * 60 * 24, 'day'],
    [60 * 60, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of steps) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** The first 12 hex digits of an id, without any `sha256:` prefix. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function containerIcon(state: string): { icon: string; color?: string } {
  switch (state) {
    case 'running':
      return { icon: 'vm-running', color: 'testing.iconPassed' };
    case 'paused':
      return { icon: 'debug-pause', color: 'editorWarning.foreground' };
    case 'restarting':
      return { icon: 'sync', color: 'editorWarning.foreground' };
    case 'dead':
      return { icon: 'error', color: 'testing.iconFailed' };
    default:
      return { icon: 'vm-outline' };
  }
}

/** A container row: name, image and status; state in the icon and the context value. */
export function containerRow(daemon: string, c: ContainerSummary): RowPresentation {
  const { icon, color } = containerIcon(c.state);
  return {
    id: `container:${daemon}:${c.id}`,
    label: c.name || shortId(c.id),
    description: `${c.image} · ${c.status}`,
    tooltip: `${c.name}\n${c.image}\n${c.status}\n${shortId(c.id)}`,
    icon,
    ...(color !== undefined ? { iconColor: color } : {}),
    contextValue: `container.${c.state || 'unknown'}`,
  };
}

/** One row per tag (or one untagged row), with size and age. */
export function imageRows(daemon: string, image: ImageSummary, nowMs: number): RowPresentation[] {
  const tags = image.repoTags.length > 0 ? image.repoTags : [`<none> ${shortId(image.id)}`];
  const dangling = image.repoTags.length === 0;
  return tags.map((tag) => ({
    id: `image:${daemon}:${image.id}:${tag}`,
    label: tag,
    description: `${formatBytes(image.size)} · ${formatAge(image.created, nowMs)}`,
    tooltip: `${tag}\n${image.id}\n${formatBytes(image.size)}`,
    icon: 'package',
    contextValue: dangling ? 'image.dangling' : 'image.tagged',
  }));
}

export function volumeRow(daemon: string, v: VolumeSummary): RowPresentation {
  return {
    id: `volume:${daemon}:${v.name}`,
    label: v.name,
    description: v.driver,
    tooltip: `${v.name}\n${v.driver}\n${v.mountpoint}`,
    icon: 'database',
    contextValue: 'volume',
  };
}

const builtInNetworks = new Set(['bridge', 'host', 'none']);

export function networkRow(daemon: string, n: NetworkSummary): RowPresentation {
  const builtIn = builtInNetworks.has(n.name);
  return {
    id: `network:${daemon}:${n.id}`,
    label: n.name,
    description: [n.driver, n.scope, n.internal ? 'internal' : ''].filter((s) => s !== '').join(' · '),
    tooltip: `${n.name}\n${n.id}`,
    icon: 'type-hierarchy',
    contextValue: builtIn ? 'network.builtin' : 'network',
  };
}
