// What the prune commands remove, counted from listings before asking, and the system prune run in
// the order that makes the count true (stopped containers first, so their networks, volumes and
// images count as unused). Free of VS Code, so the docker tests run exactly this.
import type { SystemPruneScope } from '../commands/confirm';
import { isBuiltInNetwork } from '../views/labels';
import { attachedContainers } from '../views/networkEndpoints';
import type { DockerClient, PruneResult } from './client';
import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from './types';

/** States in which a container's processes exist: a prune keeps these containers. */
const activeStates = new Set(['running', 'paused', 'restarting']);

/** True when the Engine's API is at least `1.<minor>`. */
export function apiAtLeast(apiVersion: string, minor: number): boolean {
  const [major = 0, have = 0] = apiVersion.split('.').map((p) => Number(p) || 0);
  return major > 1 || (major === 1 && have >= minor);
}

/** The volumes no container mounts (the ones a prune removes). */
export function unusedVolumes(
  volumes: Iterable<VolumeSummary>,
  containers: Iterable<ContainerSummary>,
): string[] {
  const mounted = new Set([...containers].flatMap((c) => c.mounts.map((m) => m.name ?? '')));
  return [...volumes].map((v) => v.name).filter((name) => !mounted.has(name));
}

/** The networks no container is attached to, built-in ones left out (what a prune removes). */
export function unusedNetworks(
  networks: Iterable<NetworkSummary>,
  containers: Iterable<ContainerSummary>,
): NetworkSummary[] {
  const all = [...containers];
  return [...networks].filter((n) => !isBuiltInNetwork(n) && attachedContainers(n, all).length === 0);
}

/** What a system prune removes, counted as it will run: stopped containers first, then the rest. */
export function systemPruneScope(
  containers: readonly ContainerSummary[],
  images: readonly ImageSummary[],
  networks: readonly NetworkSummary[],
  volumes: readonly VolumeSummary[],
): SystemPruneScope {
  const remaining = containers.filter((c) => activeStates.has(c.state));
  const used = new Set(remaining.map((c) => c.imageId));
  return {
    stoppedContainers: containers.length - remaining.length,
    unusedNetworks: unusedNetworks(networks, remaining).length,
    danglingImages: images.filter((i) => i.dangling && !used.has(i.id)).length,
    unusedVolumes: unusedVolumes(volumes, remaining).length,
  };
}

/** The kinds a system prune removes, in the order it removes them. */
export type PruneKind = 'containers' | 'networks' | 'volumes' | 'images' | 'buildCache';

/** One kind's outcome: the names or ids removed and the bytes freed. */
export interface PruneStep {
  readonly kind: PruneKind;
  readonly result: PruneResult;
}

/** How many objects a step removed: for images only the image ids, not the untagged names. */
export function removedCount(step: PruneStep): number {
  return step.kind === 'images'
    ? step.result.deleted.filter((id) => id.startsWith('sha256:')).length
    : step.result.deleted.length;
}

/**
 * Prunes stopped containers, unused networks, (when asked) every unused volume, dangling images and
 * the build cache, in that order; stops between kinds once `signal` aborts.
 */
export async function pruneSystem(
  client: Pick<
    DockerClient,
    'pruneContainers' | 'pruneNetworks' | 'pruneVolumes' | 'pruneImages' | 'pruneBuildCache'
  >,
  options: { volumes: boolean; apiVersion: string },
  report: (kind: PruneKind) => void,
  signal?: AbortSignal,
): Promise<PruneStep[]> {
  // Newer Engines prune only anonymous volumes unless told: the modal promised every unused one.
  const allVolumes = apiAtLeast(options.apiVersion, 42);
  const runs: [PruneKind, () => Promise<PruneResult>][] = [
    ['containers', () => client.pruneContainers({}, signal)],
    ['networks', () => client.pruneNetworks({}, signal)],
  ];
  if (options.volumes) {
    runs.push(['volumes', () => client.pruneVolumes({ all: allVolumes }, signal)]);
  }
  runs.push(
    ['images', () => client.pruneImages({ all: false }, signal)],
    ['buildCache', () => client.pruneBuildCache({}, signal)],
  );
  const steps: PruneStep[] = [];
  for (const [kind, run] of runs) {
    if (signal?.aborted === true) {
      break;
    }
    report(kind);
    steps.push({ kind, result: await run() });
  }
  return steps;
}
