// A container's health as the trees show it.
import type { ContainerHealth, ContainerSummary } from '../docker/types';

/** What a running container's HEALTHCHECK last said; undefined without a check or when not running. */
export function containerHealth(c: ContainerSummary): Exclude<ContainerHealth, 'none'> | undefined {
  return c.state === 'running' && c.health !== 'none' ? c.health : undefined;
}
