// Pure counts behind the Containers view's badge.
import type { ContainerSummary } from '../docker/types';
import { containerHealth } from './health';

/** Running and unhealthy containers; the badge shows `running`, its tooltip calls out `unhealthy`. */
export interface ContainerCounts {
  running: number;
  unhealthy: number;
}

/** Counts running containers and, among them, the unhealthy ones. */
export function countContainers(containers: Iterable<ContainerSummary>): ContainerCounts {
  const counts: ContainerCounts = { running: 0, unhealthy: 0 };
  for (const c of containers) {
    if (c.state === 'running') {
      counts.running++;
      if (containerHealth(c) === 'unhealthy') {
        counts.unhealthy++;
      }
    }
  }
  return counts;
}

/** Adds counts of several daemons. */
export function addCounts(all: readonly ContainerCounts[]): ContainerCounts {
  return all.reduce(
    (sum, c) => ({ running: sum.running + c.running, unhealthy: sum.unhealthy + c.unhealthy }),
    {
      running: 0,
      unhealthy: 0,
    },
  );
}
