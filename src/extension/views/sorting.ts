// Pure ordering of containers for the Containers view.
import type { ContainerSummary } from '../docker/types';

/** The orders the Containers view offers (`dockwright.containers.sortBy`). */
export type ContainerSort = 'name' | 'created' | 'state';

export const containerSorts: readonly ContainerSort[] = ['name', 'created', 'state'];

/** Running first, then what can still run, then what has stopped. */
const stateOrder = ['running', 'restarting', 'paused', 'created', 'removing', 'exited', 'dead'];

/** The rank of a state in `stateOrder`; unknown states last. */
export function stateRank(state: string): number {
  const i = stateOrder.indexOf(state);
  return i >= 0 ? i : stateOrder.length;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Compares two names the way people read them (`web-2` before `web-10`). */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function byName(a: ContainerSummary, b: ContainerSummary): number {
  return compareNames(a.name, b.name) || compareNames(a.id, b.id);
}

/** A sorted copy: by name; by creation, newest first; or by state, then name. */
export function sortContainers(
  containers: Iterable<ContainerSummary>,
  by: ContainerSort,
): ContainerSummary[] {
  const list = [...containers];
  switch (by) {
    case 'created':
      return list.sort((a, b) => b.created - a.created || byName(a, b));
    case 'state':
      return list.sort((a, b) => stateRank(a.state) - stateRank(b.state) || byName(a, b));
    default:
      return list.sort(byName);
  }
}
