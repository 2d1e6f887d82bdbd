// The words of the Compose actions: what a target is called, what Down removes, the scale check.
import type { Translate } from '../terminals/enginePty';

/** What an action is aimed at, as the messages name it. */
export interface TargetWords {
  project: string;
  profile?: string;
  services: readonly string[];
  /** True when the whole project is meant (no profile, no service named). */
  whole: boolean;
}

/** `project "shop"`, `profile "tools" of "shop"`, `service "web" of "shop"`, `services a, b of "shop"`. */
export function targetLabel(w: TargetWords, t: Translate): string {
  if (w.whole) return t('project "{0}"', w.project);
  if (w.profile !== undefined) return t('profile "{0}" of "{1}"', w.profile, w.project);
  if (w.services.length === 1) return t('service "{0}" of "{1}"', w.services[0] ?? '', w.project);
  return t('services {0} of "{1}"', w.services.join(', '), w.project);
}

/** The modal question before Down, its two answers, and what each removes. */
export function downQuestion(
  w: TargetWords,
  containers: number,
  t: Translate,
): { message: string; detail: string; keep: string; withVolumes: string } {
  const keep = t('Down');
  const withVolumes = t('Down and Remove Volumes');
  const count = containers === 1 ? t('its container') : t('its {0} containers', containers);
  const detail = w.whole
    ? t(
        'Stops and removes {0} and the networks Compose created for the project. Volumes are kept unless you choose "{1}", which also removes the named volumes the compose file declares and the anonymous ones.',
        count,
        withVolumes,
      )
    : t(
        'Stops and removes {0}. Volumes are kept unless you choose "{1}", which also removes the anonymous volumes of these containers.',
        count,
        withVolumes,
      );
  return { message: t('Bring down {0}?', targetLabel(w, t)), detail, keep, withVolumes };
}

/** Why a replica count cannot be used, or undefined when it can. */
export function replicasProblem(text: string, t: Translate): string | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return t('Enter a whole number of containers, 0 or more.');
  if (Number(trimmed) > 1000) return t('At most 1000 containers.');
  return undefined;
}

/** Said when no Compose can be run. */
export function noToolMessage(t: Translate): string {
  return t(
    'Docker Compose was not found: neither "docker compose" (the Docker CLI plugin, v2) nor "docker-compose" (v1) runs on this machine. Install Docker Compose and make sure it is on the PATH of VS Code.',
  );
}
