import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import { apiAtLeast, unusedVolumes } from '../docker/systemPrune';
import { askModal, parseLabels, prunedMessage, pruneVolumesQuestion, removeVolumesQuestion } from './confirm';
import type { ResourceDeps } from './pick';
import { clientOf, failureMessage, forEachTarget, paletteDaemon, resolveTargets } from './pick';

type Handler = (node?: unknown, selected?: unknown) => Promise<void>;

/** Volume names the Engine accepts: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`, or none to let it choose. */
function volumeNameProblem(name: string, t: ResourceDeps['ui']['t']): string | undefined {
  if (name === '' || /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
    return undefined;
  }
  return t(
    'A volume name starts with a letter or digit, has at least two characters, and uses only letters, digits, "_", "." and "-".',
  );
}

async function create(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const daemonId =
    typeof node === 'object' && node !== null && typeof (node as { daemonId?: unknown }).daemonId === 'string'
      ? (node as { daemonId: string }).daemonId
      : paletteDaemon(explorer);
  if (daemonId === undefined) {
    return;
  }
  const taken = new Set(explorer.entry(daemonId)?.model.volumes().keys() ?? []);
  const name = await ui.window.showInputBox({
    title: t('Create volume (1/3)'),
    prompt: t('The volume name; leave empty for a generated one'),
    validateInput: (value) =>
      volumeNameProblem(value.trim(), t) ??
      (taken.has(value.trim()) ? t('A volume named "{0}" exists already.', value.trim()) : undefined),
  });
  if (name === undefined) {
    return;
  }
  const driver = await ui.window.showInputBox({
    title: t('Create volume (2/3)'),
    prompt: t('The volume driver'),
    value: 'local',
    validateInput: (value) => (value.trim() === '' ? t('Enter a driver, such as "local".') : undefined),
  });
  if (driver === undefined) {
    return;
  }
  const labelText = await ui.window.showInputBox({
    title: t('Create volume (3/3)'),
    prompt: t('Labels, as key=value separated by commas (optional)'),
    validateInput: (value) => (parseLabels(value) === undefined ? t('Each label needs a key.') : undefined),
  });
  if (labelText === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const created = await client.createVolume({
      ...(name.trim() !== '' ? { name: name.trim() } : {}),
      driver: driver.trim(),
      labels: parseLabels(labelText) ?? {},
    });
    void ui.window.showInformationMessage(t('Created the volume "{0}".', created));
  } catch (err) {
    void ui.window.showErrorMessage(t('Could not create the volume: {0}', failureMessage(err, client)));
  }
}

async function remove(deps: ResourceDeps, node: unknown, selected: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const targets = await resolveTargets(ui, explorer, 'volume', node, selected, {
    placeHolder: t('Volumes to remove'),
    many: true,
    none: t('There are no volumes.'),
  });
  if (targets.length === 0) {
    return;
  }
  const answer = await askModal(
    ui,
    removeVolumesQuestion(
      targets.map((x) => x.label),
      t,
    ),
  );
  if (answer === undefined) {
    return;
  }
  await forEachTarget(
    ui,
    explorer,
    targets,
    { title: t('Removing volumes'), failed: (label) => t('Could not remove "{0}":', label) },
    (client, target, signal) => client.removeVolume(target.id, {}, signal),
  );
}

async function prune(deps: ResourceDeps): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const daemonId = paletteDaemon(explorer);
  if (daemonId === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const [volumes, containers, version] = await Promise.all([
      client.listVolumes(),
      client.listContainers(),
      client.version(),
    ]);
    const unused = unusedVolumes(volumes, containers);
    if (unused.length === 0) {
      void ui.window.showInformationMessage(t('Every volume is used by a container.'));
      return;
    }
    const answer = await askModal(ui, pruneVolumesQuestion(unused, t));
    if (answer === undefined) {
      return;
    }
    const c = client;
    // Newer Engines prune only anonymous volumes unless told: the modal promised every unused one.
    const all = apiAtLeast(version.apiVersion, 42);
    const result = await ui.progress(t('Removing volumes'), (_report, signal) =>
      c.pruneVolumes({ all }, signal),
    );
    void ui.window.showInformationMessage(
      prunedMessage(t('volumes'), result.deleted.length, result.spaceReclaimed, t),
    );
  } catch (err) {
    void ui.window.showErrorMessage(t('Could not remove volumes: {0}', failureMessage(err, client)));
  }
}

/** The volume commands: create, inspect, remove, prune. */
export function registerVolumeCommands(deps: ResourceDeps): vscode.Disposable[] {
  const t = deps.ui.t;
  const commands: Record<string, Handler> = {
    create: (node) => create(deps, node),
    remove: (node, selected) => remove(deps, node, selected),
    prune: () => prune(deps),
    inspect: async (node, selected) => {
      const targets = await resolveTargets(deps.ui, deps.explorer, 'volume', node, selected, {
        placeHolder: t('Volume to inspect'),
        none: t('There are no volumes.'),
      });
      for (const target of targets) {
        await deps.documents.open('volume', target.daemonId, target.id, target.label);
      }
    },
  };
  return Object.entries(commands).map(([name, handler]) =>
    vscode.commands.registerCommand(`dockwright.volumes.${name}`, handler),
  );
}
