// Pure grouping of containers and images for the trees.
import type { ContainerSummary, ImageSummary } from '../docker/types';
import { composeProject } from './compose';
import { repositoryOf } from './labels';
import { compareNames, stateRank } from './sorting';

/** The groupings the Containers view offers (`dockwright.containers.groupBy`). */
export type ContainerGrouping = 'compose' | 'none' | 'state' | 'image' | 'network';

export const containerGroupings: readonly ContainerGrouping[] = [
  'compose',
  'none',
  'state',
  'image',
  'network',
];

/** One group of containers; `key` is stable across refreshes and unique within a grouping. */
export interface ContainerGroup {
  key: string;
  label: string;
  containers: ContainerSummary[];
}

/** Groups, in display order, and the containers that belong to none (shown beside the groups). */
export interface GroupedContainers {
  groups: ContainerGroup[];
  ungrouped: ContainerSummary[];
}

/** The key of the group for containers attached to no network. */
export const noNetworkKey = '';

/** The group keys of one container under a grouping; empty when it stays ungrouped. */
export function groupKeys(c: ContainerSummary, by: ContainerGrouping): string[] {
  switch (by) {
    case 'compose': {
      const project = composeProject(c);
      return project !== undefined ? [project] : [];
    }
    case 'state':
      return [c.state || 'unknown'];
    case 'image':
      return [c.image];
    case 'network': {
      const names = c.networks.map((n) => n.name).filter((n) => n !== '');
      return names.length > 0 ? [...new Set(names)].sort(compareNames) : [noNetworkKey];
    }
    default:
      return [];
  }
}

function groupLabel(key: string, by: ContainerGrouping): string {
  if (by === 'state') {
    return key.charAt(0).toUpperCase() + key.slice(1);
  }
  if (by === 'network' && key === noNetworkKey) {
    return 'No network';
  }
  return key;
}

/**
 * Splits containers (already sorted) into groups, keeping their order inside each group. A
 * container on several networks appears in each of their groups.
 */
export function groupContainers(
  containers: readonly ContainerSummary[],
  by: ContainerGrouping,
): GroupedContainers {
  const groups = new Map<string, ContainerGroup>();
  const ungrouped: ContainerSummary[] = [];
  for (const c of containers) {
    const keys = groupKeys(c, by);
    if (keys.length === 0) {
      ungrouped.push(c);
    }
    for (const key of keys) {
      let group = groups.get(key);
      if (group === undefined) {
        group = { key, label: groupLabel(key, by), containers: [] };
        groups.set(key, group);
      }
      group.containers.push(c);
    }
  }
  const ordered = [...groups.values()].sort((a, b) =>
    by === 'state' ? stateRank(a.key) - stateRank(b.key) : compareNames(a.label, b.label),
  );
  if (by === 'network') {
    // "No network" goes last.
    ordered.sort((a, b) => Number(a.key === noNetworkKey) - Number(b.key === noNetworkKey));
  }
  return { groups: ordered, ungrouped };
}

/** One repository of images and its tags, each tag with the image it names. */
export interface ImageRepository {
  repository: string;
  tags: { reference: string; image: ImageSummary }[];
}

/** Images grouped by repository (sorted), tags sorted inside; dangling images apart, newest first. */
export function groupImages(images: Iterable<ImageSummary>): {
  repositories: ImageRepository[];
  dangling: ImageSummary[];
} {
  const repositories = new Map<string, ImageRepository>();
  const dangling: ImageSummary[] = [];
  for (const image of images) {
    if (image.dangling || image.repoTags.length === 0) {
      dangling.push(image);
      continue;
    }
    for (const reference of image.repoTags) {
      const repository = repositoryOf(reference);
      let entry = repositories.get(repository);
      if (entry === undefined) {
        entry = { repository, tags: [] };
        repositories.set(repository, entry);
      }
      entry.tags.push({ reference, image });
    }
  }
  const sorted = [...repositories.values()].sort((a, b) => compareNames(a.repository, b.repository));
  for (const entry of sorted) {
    entry.tags.sort((a, b) => compareNames(a.reference, b.reference));
  }
  dangling.sort((a, b) => b.created - a.created || compareNames(a.id, b.id));
  return { repositories: sorted, dangling };
}
