// Swarm commands act on a swarm manager only. From a view that is given (its rows exist only on a
// manager); from the palette the daemon is checked first, and any other daemon gets a message
// saying where it stands and that nothing was done. Nothing here initialises or joins a swarm.
import { isSwarmManager } from '../docker/swarmMapping';
import type { SwarmInfo } from '../docker/swarmTypes';
import { swarmStateMessage } from '../views/swarmRows';
import type { CommandUi, PickOptions, ResourceDeps, Target } from './pick';
import { clientOf, isNode, paletteDaemon, resolveTargets } from './pick';
import type { SwarmResourceType } from './swarmPick';

/** Said when a swarm command is asked of a daemon that is not a swarm manager. */
export function notManagerMessage(daemonLabel: string, info: SwarmInfo, t: CommandUi['t']): string {
  const where = swarmStateMessage(info, t) ?? t('This Docker daemon is not a swarm manager.');
  return t('{0} ({1}) Swarm commands act only on a swarm manager; nothing was done.', where, daemonLabel);
}

/**
 * True when the daemon is a swarm manager (its model's word when current, else `/info`'s);
 * otherwise says where it stands and gives false.
 */
export async function swarmManagerOrSay(
  deps: Pick<ResourceDeps, 'explorer' | 'ui'>,
  daemonId: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const { explorer, ui } = deps;
  const entry = explorer.entry(daemonId);
  const model = entry?.model;
  const known = model?.state === 'ready' ? model.swarm() : undefined;
  const info = known ?? (await clientOf(explorer, daemonId, ui.t).swarm.info(signal));
  if (isSwarmManager(info)) {
    return true;
  }
  void ui.window.showInformationMessage(notManagerMessage(entry?.daemon.label ?? daemonId, info, ui.t));
  return false;
}

/**
 * The targets of a swarm command: the view's node and selection, or from the palette a quick pick
 * over the swarm's objects once the daemon is known to be a manager (empty, said, otherwise).
 */
export async function swarmTargets(
  deps: Pick<ResourceDeps, 'explorer' | 'ui'>,
  type: SwarmResourceType,
  node: unknown,
  selected: unknown,
  options: PickOptions,
): Promise<Target[]> {
  if (!isNode(node)) {
    const daemonId = paletteDaemon(deps.explorer);
    if (daemonId !== undefined && !(await swarmManagerOrSay(deps, daemonId))) {
      return [];
    }
  }
  return resolveTargets(deps.ui, deps.explorer, type, node, selected, options);
}
