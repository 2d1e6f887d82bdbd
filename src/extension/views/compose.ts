// What Docker Compose writes on the containers it manages.
import type { ContainerSummary } from '../docker/types';

export const composeProjectLabel = 'com.docker.compose.project';
export const composeServiceLabel = 'com.docker.compose.service';
const composeNumberLabel = 'com.docker.compose.container-number';

/** The Compose project a container belongs to, if any. */
export function composeProject(c: ContainerSummary): string | undefined {
  const project = c.labels[composeProjectLabel];
  return project !== undefined && project !== '' ? project : undefined;
}

/** `web`, or `web-2` for the second replica of a service; undefined outside Compose. */
export function composeServiceName(c: ContainerSummary): string | undefined {
  const service = c.labels[composeServiceLabel];
  if (service === undefined || service === '') {
    return undefined;
  }
  const n = c.labels[composeNumberLabel];
  return n !== undefined && n !== '' && n !== '1' ? `${service}-${n}` : service;
}

/** One Compose project as the palette offers it. */
export interface ComposeProjectRow {
  readonly project: string;
  readonly running: number;
  readonly total: number;
}

/** The Compose projects among containers, by name, with how many of their containers run. */
export function composeProjects(containers: Iterable<ContainerSummary>): ComposeProjectRow[] {
  const counts = new Map<string, { running: number; total: number }>();
  for (const c of containers) {
    const project = composeProject(c);
    if (project === undefined) {
      continue;
    }
    const entry = counts.get(project) ?? { running: 0, total: 0 };
    entry.total++;
    if (c.state === 'running') {
      entry.running++;
    }
    counts.set(project, entry);
  }
  return [...counts.entries()]
    .map(([project, n]) => ({ project, ...n }))
    .sort((a, b) => a.project.localeCompare(b.project));
}
