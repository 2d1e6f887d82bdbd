// The Compose view's model: projects from the containers' labels and from compose files, each with
// its services (running or not) and profiles. Pure.
import type { ContainerSummary } from '../docker/types';
import { compareNames } from '../views/sorting';
import type { ComposeProjectDefinition } from './composeFile';
import { labelConfigFiles } from './projectName';

export const composeLabels = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  configFiles: 'com.docker.compose.project.config_files',
  workingDir: 'com.docker.compose.project.working_dir',
  oneoff: 'com.docker.compose.oneoff',
} as const;

/** One service of a project with its containers. */
export interface ServiceView {
  name: string;
  /** Empty for a service without profiles (or known only from labels). */
  profiles: string[];
  /** Defined in the project's files (false: seen only on containers). */
  defined: boolean;
  containers: ContainerSummary[];
}

/** One project as the view shows it. */
export interface ProjectView {
  name: string;
  /** The files the project was loaded from, when it was. */
  definition?: ComposeProjectDefinition;
  /** The config files and folder the containers' labels name (the first container's). */
  labelFiles: string[];
  labelWorkingDir?: string;
  services: ServiceView[];
  /** Every profile of the definition, sorted. */
  profiles: string[];
  containers: ContainerSummary[];
}

/** Where a container says its project's files are. */
export function containerComposeFiles(c: ContainerSummary): { files: string[]; workingDir?: string } {
  const workingDir = c.labels[composeLabels.workingDir] || undefined;
  const files = labelConfigFiles(c.labels[composeLabels.configFiles], workingDir);
  return workingDir !== undefined ? { files, workingDir } : { files };
}

/** The Compose service of a container, without replica number. */
export function serviceOfContainer(c: ContainerSummary): string | undefined {
  return c.labels[composeLabels.service] || undefined;
}

/** The Compose project of a container, if any. */
export function projectOfContainer(c: ContainerSummary): string | undefined {
  return c.labels[composeLabels.project] || undefined;
}

/**
 * Projects from definitions (by name) and containers (by project label): a definition's services
 * all appear, running or not; a service or project known only from labels appears too.
 * Containers of one-off runs (`compose run`) count under their service.
 */
export function buildProjects(
  definitions: readonly ComposeProjectDefinition[],
  containers: Iterable<ContainerSummary>,
): ProjectView[] {
  const projects = new Map<string, ProjectView>();
  const project = (name: string): ProjectView => {
    let p = projects.get(name);
    if (p === undefined) {
      p = { name, labelFiles: [], services: [], profiles: [], containers: [] };
      projects.set(name, p);
    }
    return p;
  };
  for (const definition of definitions) {
    const p = project(definition.name);
    if (p.definition !== undefined) {
      continue;
    }
    p.definition = definition;
    p.profiles = [...definition.profiles];
    p.services = definition.services.map((s) => ({
      name: s.name,
      profiles: [...s.profiles],
      defined: true,
      containers: [],
    }));
  }
  for (const c of containers) {
    const name = projectOfContainer(c);
    if (name === undefined) {
      continue;
    }
    const p = project(name);
    p.containers.push(c);
    if (p.labelFiles.length === 0) {
      const { files, workingDir } = containerComposeFiles(c);
      p.labelFiles = files;
      if (workingDir !== undefined) p.labelWorkingDir = workingDir;
    }
    const serviceName = serviceOfContainer(c) ?? '';
    let service = p.services.find((s) => s.name === serviceName);
    if (service === undefined) {
      service = { name: serviceName, profiles: [], defined: false, containers: [] };
      p.services.push(service);
    }
    service.containers.push(c);
  }
  const sorted = [...projects.values()].sort((a, b) => compareNames(a.name, b.name));
  for (const p of sorted) {
    p.services.sort((a, b) => compareNames(a.name, b.name));
    for (const s of p.services) {
      s.containers.sort((a, b) => containerNumber(a) - containerNumber(b) || compareNames(a.name, b.name));
    }
  }
  return sorted;
}

function containerNumber(c: ContainerSummary): number {
  const n = Number(c.labels[composeLabels.number]);
  return Number.isFinite(n) ? n : 0;
}

/** The services of a project under one profile ('' for those without a profile). */
export function servicesInProfile(project: ProjectView, profile: string): ServiceView[] {
  return project.services.filter((s) =>
    profile === '' ? s.profiles.length === 0 : s.profiles.includes(profile),
  );
}

/** How many of the containers run. */
export function runningCount(containers: readonly ContainerSummary[]): number {
  return containers.filter((c) => c.state === 'running').length;
}

/** A project's, profile's or service's state in one word, for its description and `when` clauses. */
export function stateOf(containers: readonly ContainerSummary[]): 'running' | 'partial' | 'stopped' | 'none' {
  if (containers.length === 0) return 'none';
  const running = runningCount(containers);
  return running === containers.length ? 'running' : running === 0 ? 'stopped' : 'partial';
}
