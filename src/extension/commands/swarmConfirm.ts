// The swarm commands' questions and input checks: modals that say exactly what goes, and what a
// typed replica count, image or name must be. VS Code is passed in (see CommandUi).
import type { Confirmation } from './confirm';
import { nameList, parseReference } from './confirm';
import type { CommandUi } from './pick';

/** The most replicas the scale command accepts (a typing slip of extra zeros is caught). */
export const maxReplicas = 1000;

/** A replica count typed by the user: the number, or the problem in words. */
export function parseReplicas(text: string, t: CommandUi['t']): { replicas: number } | { problem: string } {
  const value = text.trim();
  if (!/^\d+$/.test(value)) {
    return { problem: t('Enter a whole number of replicas, 0 or more.') };
  }
  const replicas = Number(value);
  if (replicas > maxReplicas) {
    return { problem: t('At most {0} replicas can be asked for here.', maxReplicas) };
  }
  return { replicas };
}

/** An image for a service: a reference with a tag, optionally pinned by `@sha256:` digest. */
export function serviceImageProblem(text: string, t: CommandUi['t']): string | undefined {
  const value = text.trim();
  const at = value.indexOf('@');
  if (at >= 0) {
    if (!/^sha256:[0-9a-f]{64}$/.test(value.slice(at + 1))) {
      return t('A digest is written "@sha256:" and 64 hexadecimal digits.');
    }
    const parsed = parseReference(value.slice(0, at), t);
    return 'problem' in parsed ? parsed.problem : undefined;
  }
  const parsed = parseReference(value, t);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/** Names the Engine accepts for secrets and configs: up to 64 of `[a-zA-Z0-9-_.]`, starting alphanumeric. */
export function swarmDataNameProblem(name: string, t: CommandUi['t']): string | undefined {
  if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/.test(name)) {
    return undefined;
  }
  return t('A name starts with a letter or digit and has up to 64 letters, digits, "_", "." and "-".');
}

/** The Engine's limit on a secret's or config's data: 500 KiB. */
export const maxSwarmDataBytes = 500 * 1024;

/** Removing services: their tasks and containers stop on every node. */
export function removeServicesQuestion(names: readonly string[], t: CommandUi['t']): Confirmation {
  const list = nameList(names, t);
  return {
    message:
      names.length === 1
        ? t('Remove the service {0}?', list)
        : t('Remove {0} services: {1}?', names.length, list),
    detail: t(
      'Every task of these services stops and its containers are removed, on every node. Volumes, secrets, configs and networks are kept.',
    ),
    buttons: [t('Remove Services')],
  };
}

/** Rolling services back to their previous spec. */
export function rollbackQuestion(names: readonly string[], t: CommandUi['t']): Confirmation {
  const list = nameList(names, t);
  return {
    message:
      names.length === 1
        ? t('Roll the service {0} back to its previous spec?', list)
        : t('Roll {0} services back to their previous specs: {1}?', names.length, list),
    detail: t(
      "Their tasks are replaced by tasks of the previous spec, following each service's rollback settings.",
    ),
    buttons: [t('Roll Back')],
  };
}

/** Forcing a redeploy: every task is replaced even though nothing changed. */
export function redeployQuestion(names: readonly string[], t: CommandUi['t']): Confirmation {
  const list = nameList(names, t);
  return {
    message:
      names.length === 1
        ? t('Redeploy the service {0}?', list)
        : t('Redeploy {0} services: {1}?', names.length, list),
    detail: t("Every task is stopped and replaced by a new one, following each service's update settings."),
    buttons: [t('Redeploy')],
  };
}

/** Draining nodes: their tasks stop there and the managers place them elsewhere. */
export function drainQuestion(names: readonly string[], t: CommandUi['t']): Confirmation {
  const list = nameList(names, t);
  return {
    message:
      names.length === 1 ? t('Drain the node {0}?', list) : t('Drain {0} nodes: {1}?', names.length, list),
    detail: t(
      'The tasks running there are stopped and placed on other nodes; with no other node to go to, they wait. "Activate" lets the node take tasks again.',
    ),
    buttons: [t('Drain')],
  };
}

/** Demoting managers: the swarm keeps working only while a majority of managers remains. */
export function demoteQuestion(names: readonly string[], t: CommandUi['t']): Confirmation {
  const list = nameList(names, t);
  return {
    message:
      names.length === 1
        ? t('Demote the manager {0} to a worker?', list)
        : t('Demote {0} managers: {1}?', names.length, list),
    detail: t('A worker cannot manage the swarm. The Engine refuses to demote the last manager.'),
    buttons: [t('Demote')],
  };
}

/** Removing secrets or configs: services that use one keep the Engine from removing it. */
export function removeSwarmDataQuestion(
  kind: 'secret' | 'config',
  names: readonly string[],
  t: CommandUi['t'],
): Confirmation {
  const list = nameList(names, t);
  const message =
    kind === 'secret'
      ? names.length === 1
        ? t('Remove the secret {0}?', list)
        : t('Remove {0} secrets: {1}?', names.length, list)
      : names.length === 1
        ? t('Remove the config {0}?', list)
        : t('Remove {0} configs: {1}?', names.length, list);
  return {
    message,
    detail: t(
      'The value is lost from the swarm; it cannot be read back. One that a service uses is refused by the Engine.',
    ),
    buttons: [kind === 'secret' ? t('Remove Secrets') : t('Remove Configs')],
  };
}
