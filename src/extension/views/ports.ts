// Published ports of a container: deduplicated, described, and linked when reachable locally.
import type { ContainerSummary } from '../docker/types';

/** One published port mapping, as the trees show it. */
export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

/** Host addresses from which a published port answers on this machine's loopback. */
const locallyReachable = new Set(['', '0.0.0.0', '::', '127.0.0.1', '::1']);

/**
 * The ports bound on the host, once per (host port, container port, protocol): the Engine lists
 * an IPv4 and an IPv6 binding of the same mapping separately.
 */
export function publishedPorts(c: ContainerSummary): PublishedPort[] {
  const seen = new Map<string, PublishedPort>();
  for (const p of c.ports) {
    if (p.publicPort === undefined) {
      continue;
    }
    const key = `${p.publicPort}/${p.privatePort}/${p.type}`;
    const ip = p.ip ?? '';
    const known = seen.get(key);
    // Prefer the binding that is reachable over loopback, then the IPv4 one.
    if (known === undefined || (!locallyReachable.has(known.hostIp) && locallyReachable.has(ip))) {
      seen.set(key, { hostIp: ip, hostPort: p.publicPort, containerPort: p.privatePort, protocol: p.type });
    }
  }
  return [...seen.values()].sort((a, b) => a.hostPort - b.hostPort || a.containerPort - b.containerPort);
}

/** `8080→80` (TCP) or `5353→53/udp`. */
export function portText(p: PublishedPort): string {
  const suffix = p.protocol === 'tcp' || p.protocol === '' ? '' : `/${p.protocol}`;
  return `${p.hostPort}→${p.containerPort}${suffix}`;
}

/** An http link to the port on loopback when it is TCP and bound on loopback or all interfaces. */
export function portUrl(p: PublishedPort): string | undefined {
  if (p.protocol !== 'tcp' || !locallyReachable.has(p.hostIp)) {
    return undefined;
  }
  return `http://127.0.0.1:${p.hostPort}`;
}
