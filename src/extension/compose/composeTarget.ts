// Which part of a project an action is aimed at, and how that part is said to Compose: the
// profiles to enable and the services to name. Pure, so the docker tests aim their actions the
// way the view does.
import type { ComposeAction, ComposeTarget } from './composeCommand';
import type { ProjectView, ServiceView } from './composeProjects';
import { servicesInProfile } from './composeProjects';

/** A project, a profile of it, or some of its services. */
export interface ProjectPart {
  project: ProjectView;
  /** Set when a profile was chosen. */
  profile?: string;
  /** The services meant; empty for the whole project. */
  services: readonly ServiceView[];
  /** True when the whole project is meant (no profile, no service named). */
  whole: boolean;
}

/** The whole project. */
export function wholeProject(project: ProjectView): ProjectPart {
  return { project, services: [], whole: true };
}

/** A profile: the services of the files it enables (not those seen only on containers). */
export function profilePart(project: ProjectView, profile: string): ProjectPart {
  const services = servicesInProfile(project, profile).filter((s) => s.defined);
  return { project, profile, services, whole: false };
}

/** Some services of the project, by their views. */
export function servicesPart(project: ProjectView, services: readonly ServiceView[]): ProjectPart {
  return { project, services, whole: false };
}

/**
 * The target of an action on a part. A profile or some services are named after the subcommand
 * with the profiles they need, so Up of a profile starts its services and no other (`--profile p
 * up` alone would start every service without a profile too). Up of the whole project starts
 * what Compose starts by default; the other actions reach every service, profiled ones included.
 */
export function composeTargetOf(part: ProjectPart, action: ComposeAction): ComposeTarget {
  const { project } = part;
  let profiles: string[];
  if (part.profile !== undefined) {
    profiles = [part.profile];
  } else if (!part.whole) {
    profiles = [...new Set(part.services.flatMap((s) => s.profiles))];
  } else {
    profiles = action.kind === 'up' ? [] : [...project.profiles];
  }
  const d = project.definition;
  return {
    projectName: project.name,
    files: d?.files ?? [],
    ...(d !== undefined ? { workingDir: d.workingDir } : {}),
    profiles,
    services: part.whole ? [] : part.services.map((s) => s.name),
  };
}
