// Pure presentation of the Compose view's rows: projects, profiles and services.
import type { ProjectView, ServiceView } from '../compose/composeProjects';
import { runningCount, servicesInProfile, stateOf } from '../compose/composeProjects';
import type { Translate } from '../terminals/enginePty';
import { nodeId } from './ids';
import type { RowPresentation } from './labels';

const stateColours: Record<ReturnType<typeof stateOf>, string | undefined> = {
  running: 'testing.iconPassed',
  partial: 'charts.yellow',
  stopped: undefined,
  none: 'disabledForeground',
};

/** `2/3 running`, or `not running` when nothing runs. */
function countText(running: number, total: number, t: Translate): string {
  return running === 0 ? t('not running') : t('{0}/{1} running', running, total);
}

/** A project: its name, how many of its containers run, whether it is known from files. */
export function projectRow(daemon: string, p: ProjectView, t: Translate): RowPresentation {
  const state = stateOf(p.containers);
  const parts = [countText(runningCount(p.containers), p.containers.length, t)];
  if (p.definition === undefined) parts.push(t('no compose file here'));
  const colour = stateColours[state];
  return {
    id: nodeId('composeProject', daemon, p.name),
    label: p.name,
    description: parts.join(' · '),
    tooltip: [p.name, ...(p.definition?.files ?? p.labelFiles)].join('\n'),
    icon: 'layers',
    ...(colour !== undefined ? { iconColor: colour } : {}),
    contextValue: `composeProject.${state}${p.definition !== undefined ? '.file' : ''}`,
  };
}

/** A profile: its name and how many of its services run. */
export function profileRow(daemon: string, p: ProjectView, profile: string, t: Translate): RowPresentation {
  const services = servicesInProfile(p, profile);
  const running = services.filter((s) => runningCount(s.containers) > 0).length;
  const state = stateOf(services.flatMap((s) => s.containers));
  const colour = stateColours[state];
  return {
    id: nodeId('composeProfile', daemon, `${p.name}/${profile}`),
    label: profile,
    description:
      running === 0
        ? t('profile · not running')
        : t('profile · {0}/{1} services running', running, services.length),
    icon: 'tag',
    ...(colour !== undefined ? { iconColor: colour } : {}),
    contextValue: `composeProfile.${state}`,
  };
}

/** A service: running count, its profiles when not running, or that the files do not define it. */
export function serviceRow(
  daemon: string,
  p: ProjectView,
  s: ServiceView,
  under: string,
  t: Translate,
): RowPresentation {
  const state = stateOf(s.containers);
  const parts = [countText(runningCount(s.containers), s.containers.length, t)];
  if (s.profiles.length > 0 && state === 'none') {
    parts.push(
      s.profiles.length === 1
        ? t('profile {0}', s.profiles[0] ?? '')
        : t('profiles {0}', s.profiles.join(', ')),
    );
  }
  if (!s.defined && p.definition !== undefined) parts.push(t('not in the compose file'));
  const colour = stateColours[state];
  return {
    id: nodeId('composeService', daemon, `${p.name}/${under}/${s.name}`),
    label: s.name,
    description: parts.join(' · '),
    icon: state === 'none' ? 'circle-large-outline' : 'server-process',
    ...(colour !== undefined ? { iconColor: colour } : {}),
    contextValue: `composeService.${state}`,
  };
}
