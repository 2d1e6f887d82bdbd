import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import type { ContainerSummary } from '../docker/types';
import { formatBytes } from '../views/format';
import { portText, portUrl, publishedPorts } from '../views/ports';
import {
  askModal,
  containerNameProblem,
  parseReference,
  pruneContainersQuestion,
  prunedMessage,
  removeContainerButtons,
  removeContainersQuestion,
} from './confirm';
import type { PickRow, ResourceDeps, Target } from './pick';
import { clientOf, failureMessage, forEachTarget, resolveTargets } from './pick';

/** States in which a container's processes exist (running, frozen, or coming back). */
const activeStates = new Set(['running', 'paused', 'restarting']);

const isRunning = (row: PickRow): boolean => row.state === 'running';
const isActive = (row: PickRow): boolean => activeStates.has(row.state);

/** The signals offered by Kill, most used first. */
const signals = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** A container as the model holds it, or as the daemon lists it now. */
async function containerOf(
  deps: ResourceDeps,
  client: DockerClient,
  target: Target,
): Promise<ContainerSummary | undefined> {
  const known = deps.explorer.entry(target.daemonId)?.model.containers().get(target.id);
  return known ?? (await client.listContainersById([target.id]))[0];
}

type Handler = (node?: unknown, selected?: unknown) => Promise<void>;

/** A command acting on one or several containers, each through `action`. */
function batch(
  deps: ResourceDeps,
  options: {
    placeHolder: () => string;
    none: () => string;
    filter?: (row: PickRow) => boolean;
    title: () => string;
    failed: (label: string) => string;
  },
  action: (client: DockerClient, target: Target, signal: AbortSignal) => Promise<void>,
): Handler {
  return async (node, selected) => {
    const { ui, explorer } = deps;
    const targets = await resolveTargets(ui, explorer, 'container', node, selected, {
      placeHolder: options.placeHolder(),
      none: options.none(),
      many: true,
      ...(options.filter !== undefined ? { filter: options.filter } : {}),
    });
    if (targets.length === 0) {
      return;
    }
    await forEachTarget(ui, explorer, targets, { title: options.title(), failed: options.failed }, action);
  };
}

/** One container, from the node or a quick pick. */
async function oneContainer(
  deps: ResourceDeps,
  node: unknown,
  placeHolder: string,
  filter?: (row: PickRow) => boolean,
  none?: string,
): Promise<Target | undefined> {
  const targets = await resolveTargets(deps.ui, deps.explorer, 'container', node, undefined, {
    placeHolder,
    ...(filter !== undefined ? { filter } : {}),
    ...(none !== undefined ? { none } : {}),
  });
  return targets[0];
}

/** Runs a one-object action, turning any failure into one error message. */
async function attempt(
  deps: ResourceDeps,
  target: Target,
  failed: string,
  run: (client: DockerClient) => Promise<void>,
): Promise<void> {
  let client: DockerClient | undefined;
  try {
    client = clientOf(deps.explorer, target.daemonId, deps.ui.t);
    await run(client);
  } catch (err) {
    void deps.ui.window.showErrorMessage(`${failed} ${failureMessage(err, client)}`);
  }
}

async function remove(deps: ResourceDeps, node: unknown, selected: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const targets = await resolveTargets(ui, explorer, 'container', node, selected, {
    placeHolder: t('Containers to remove'),
    many: true,
    none: t('There are no containers.'),
  });
  if (targets.length === 0) {
    return;
  }
  const running: string[] = [];
  for (const target of targets) {
    try {
      const client = clientOf(explorer, target.daemonId, t);
      const c = await containerOf(deps, client, target);
      if (c !== undefined && activeStates.has(c.state)) {
        running.push(target.label);
      }
    } catch {
      // The removal itself will say what is wrong.
    }
  }
  const question = removeContainersQuestion(targets, running, t);
  const answer = await askModal(ui, question);
  if (answer === undefined) {
    return;
  }
  const buttons = removeContainerButtons(t);
  const force = answer === buttons.force;
  const volumes = answer === buttons.withVolumes;
  await forEachTarget(
    ui,
    explorer,
    targets,
    { title: t('Removing containers'), failed: (label) => t('Could not remove "{0}":', label) },
    (client, target, signal) => client.removeContainer(target.id, { force, volumes }, signal),
  );
}

async function rename(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const target = await oneContainer(deps, node, t('Container to rename'));
  if (target === undefined) {
    return;
  }
  const model = explorer.entry(target.daemonId)?.model;
  const taken = new Set(
    [...(model?.containers().values() ?? [])].filter((c) => c.id !== target.id).map((c) => c.name),
  );
  const name = await ui.window.showInputBox({
    title: t('Rename container "{0}"', target.label),
    value: target.label,
    prompt: t('The new name'),
    validateInput: (value) => {
      const bare = value.trim().replace(/^\//, '');
      return (
        containerNameProblem(bare, t) ??
        (taken.has(bare) ? t('Another container is already named "{0}".', bare) : undefined)
      );
    },
  });
  const bare = name?.trim().replace(/^\//, '');
  if (bare === undefined || bare === target.label) {
    return;
  }
  await attempt(deps, target, t('Could not rename "{0}":', target.label), (client) =>
    client.renameContainer(target.id, bare),
  );
}

async function kill(deps: ResourceDeps, node: unknown, selected: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const targets = await resolveTargets(ui, explorer, 'container', node, selected, {
    placeHolder: t('Containers to send a signal to'),
    many: true,
    filter: isActive,
    none: t('No container is running.'),
  });
  if (targets.length === 0) {
    return;
  }
  const chosen = await ui.window.showQuickPick(
    signals.map((s) => ({
      label: s,
      ...(s === 'SIGKILL' ? { description: t('ends the processes at once') } : {}),
      ...(s === 'SIGTERM' ? { description: t('asks the main process to stop') } : {}),
    })),
    { placeHolder: t('Signal to send') },
  );
  if (chosen === undefined) {
    return;
  }
  await forEachTarget(
    ui,
    explorer,
    targets,
    { title: t('Sending {0}', chosen.label), failed: (label) => t('Could not signal "{0}":', label) },
    (client, target, signal) => client.killContainer(target.id, chosen.label, signal),
  );
}

async function prune(deps: ResourceDeps): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const daemonId = (explorer.entry('primary') ?? explorer.entries[0])?.daemon.id;
  if (daemonId === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const [all, sizes] = await Promise.all([
      client.listContainers(),
      // Only a figure for the question: without it the question still names every container.
      client.stoppedContainerSizes().catch(() => undefined),
    ]);
    const stopped = all.filter((c) => !activeStates.has(c.state));
    if (stopped.length === 0) {
      void ui.window.showInformationMessage(t('There are no stopped containers.'));
      return;
    }
    const bytes =
      sizes === undefined ? undefined : stopped.reduce((sum, c) => sum + (sizes.get(c.id) ?? 0), 0);
    const answer = await askModal(
      ui,
      pruneContainersQuestion(
        stopped.map((c) => c.name),
        t,
        bytes,
      ),
    );
    if (answer === undefined) {
      return;
    }
    const c = client;
    const result = await ui.progress(t('Removing stopped containers'), (_report, signal) =>
      c.pruneContainers({}, signal),
    );
    void ui.window.showInformationMessage(
      prunedMessage(t('containers'), result.deleted.length, result.spaceReclaimed, t),
    );
  } catch (err) {
    void ui.window.showErrorMessage(
      t('Could not remove stopped containers: {0}', failureMessage(err, client)),
    );
  }
}

async function copy(
  deps: ResourceDeps,
  node: unknown,
  selected: unknown,
  what: 'id' | 'name',
): Promise<void> {
  const t = deps.ui.t;
  const targets = await resolveTargets(deps.ui, deps.explorer, 'container', node, selected, {
    placeHolder: what === 'id' ? t('Container whose id to copy') : t('Container whose name to copy'),
  });
  if (targets.length > 0) {
    await vscode.env.clipboard.writeText(targets.map((x) => (what === 'id' ? x.id : x.label)).join('\n'));
  }
}

async function openInBrowser(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui } = deps;
  const t = ui.t;
  const target = await oneContainer(
    deps,
    node,
    t('Container to open in the browser'),
    isRunning,
    t('No container is running.'),
  );
  if (target === undefined) {
    return;
  }
  await attempt(deps, target, t('Could not open "{0}":', target.label), async (client) => {
    const c = await containerOf(deps, client, target);
    const ports = c === undefined ? [] : publishedPorts(c).filter((p) => portUrl(p) !== undefined);
    if (ports.length === 0) {
      void ui.window.showInformationMessage(
        t('"{0}" publishes no TCP port on this machine\'s loopback or all interfaces.', target.label),
      );
      return;
    }
    const first = ports[0];
    let url = first !== undefined ? portUrl(first) : undefined;
    if (ports.length > 1) {
      const chosen = await ui.window.showQuickPick(
        ports.map((p) => ({ label: portUrl(p) ?? '', description: portText(p) })),
        { placeHolder: t('Port to open') },
      );
      url = chosen?.label;
    }
    if (url !== undefined && url !== '') {
      await vscode.env.openExternal(vscode.Uri.parse(url));
    }
  });
}

async function commit(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui } = deps;
  const t = ui.t;
  const target = await oneContainer(deps, node, t('Container to commit to an image'));
  if (target === undefined) {
    return;
  }
  const text = await ui.window.showInputBox({
    title: t('Commit "{0}" to an image', target.label),
    prompt: t('The image to create, as repository[:tag]'),
    placeHolder: 'myapp:snapshot',
    validateInput: (value) => {
      const parsed = parseReference(value, t);
      return 'problem' in parsed ? parsed.problem : undefined;
    },
  });
  if (text === undefined) {
    return;
  }
  const parsed = parseReference(text, t);
  if ('problem' in parsed) {
    return;
  }
  const { repository, tag } = parsed.reference;
  await attempt(deps, target, t('Could not commit "{0}":', target.label), async (client) => {
    await ui.progress(t('Committing "{0}"', target.label), (_report, signal) =>
      client.commitContainer(target.id, { repository, tag }, signal),
    );
    void ui.window.showInformationMessage(t('Created the image {0}:{1}.', repository, tag));
  });
}

/** Streams a tar from the daemon to a file the user chose, with the bytes written as progress. */
export async function saveStream(
  deps: ResourceDeps,
  title: string,
  file: vscode.Uri,
  open: (signal: AbortSignal) => Promise<NodeJS.ReadableStream>,
): Promise<boolean> {
  const t = deps.ui.t;
  return deps.ui.progress(title, async (report, signal) => {
    const stream = await open(signal);
    let written = 0;
    let shown = 0;
    stream.on('data', (chunk: Buffer) => {
      written += chunk.length;
      // A message per megabyte is plenty.
      if (written - shown >= 1_000_000) {
        shown = written;
        report(t('{0} written', formatBytes(written)));
      }
    });
    try {
      await pipeline(stream, fs.createWriteStream(file.fsPath), { signal });
      return true;
    } catch (err) {
      await fs.promises.rm(file.fsPath, { force: true });
      if (signal.aborted) {
        return false;
      }
      throw err;
    }
  });
}

async function exportContainer(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui } = deps;
  const t = ui.t;
  const target = await oneContainer(deps, node, t('Container to export'));
  if (target === undefined) {
    return;
  }
  const file = await vscode.window.showSaveDialog({
    title: t('Export the file system of "{0}"', target.label),
    defaultUri: vscode.Uri.file(`${target.label}.tar`),
    filters: { [t('Tar archives')]: ['tar'] },
  });
  if (file === undefined) {
    return;
  }
  await attempt(deps, target, t('Could not export "{0}":', target.label), async (client) => {
    const saved = await saveStream(deps, t('Exporting "{0}"', target.label), file, (signal) =>
      client.exportContainer(target.id, signal),
    );
    if (saved) {
      void ui.window.showInformationMessage(t('Exported "{0}" to {1}.', target.label, file.fsPath));
    }
  });
}

/** The container commands: lifecycle, remove, rename, prune, inspect, top, copy, browser, commit, export. */
export function registerContainerCommands(deps: ResourceDeps): vscode.Disposable[] {
  const t = deps.ui.t;
  const notRunning = (row: PickRow): boolean => !activeStates.has(row.state);
  const commands: Record<string, Handler> = {
    start: batch(
      deps,
      {
        placeHolder: () => t('Containers to start'),
        none: () => t('Every container is running.'),
        filter: notRunning,
        title: () => t('Starting containers'),
        failed: (label) => t('Could not start "{0}":', label),
      },
      (client, target, signal) => client.startContainer(target.id, signal),
    ),
    stop: batch(
      deps,
      {
        placeHolder: () => t('Containers to stop'),
        none: () => t('No container is running.'),
        filter: isActive,
        title: () => t('Stopping containers'),
        failed: (label) => t('Could not stop "{0}":', label),
      },
      (client, target, signal) => client.stopContainer(target.id, {}, signal),
    ),
    restart: batch(
      deps,
      {
        placeHolder: () => t('Containers to restart'),
        none: () => t('There are no containers.'),
        title: () => t('Restarting containers'),
        failed: (label) => t('Could not restart "{0}":', label),
      },
      (client, target, signal) => client.restartContainer(target.id, {}, signal),
    ),
    pause: batch(
      deps,
      {
        placeHolder: () => t('Containers to pause'),
        none: () => t('No container is running.'),
        filter: isRunning,
        title: () => t('Pausing containers'),
        failed: (label) => t('Could not pause "{0}":', label),
      },
      (client, target, signal) => client.pauseContainer(target.id, signal),
    ),
    unpause: batch(
      deps,
      {
        placeHolder: () => t('Containers to unpause'),
        none: () => t('No container is paused.'),
        filter: (row) => row.state === 'paused',
        title: () => t('Unpausing containers'),
        failed: (label) => t('Could not unpause "{0}":', label),
      },
      (client, target, signal) => client.unpauseContainer(target.id, signal),
    ),
    kill: (node, selected) => kill(deps, node, selected),
    remove: (node, selected) => remove(deps, node, selected),
    rename: (node) => rename(deps, node),
    prune: () => prune(deps),
    inspect: async (node, selected) => {
      const targets = await resolveTargets(deps.ui, deps.explorer, 'container', node, selected, {
        placeHolder: t('Container to inspect'),
      });
      for (const target of targets) {
        await deps.documents.open('container', target.daemonId, target.id, target.label);
      }
    },
    top: async (node) => {
      const target = await oneContainer(
        deps,
        node,
        t('Container whose processes to show'),
        isActive,
        t('No container is running.'),
      );
      if (target !== undefined) {
        await deps.documents.open('top', target.daemonId, target.id, t('Processes of {0}', target.label));
      }
    },
    copyId: (node, selected) => copy(deps, node, selected, 'id'),
    copyName: (node, selected) => copy(deps, node, selected, 'name'),
    openInBrowser: (node) => openInBrowser(deps, node),
    commit: (node) => commit(deps, node),
    export: (node) => exportContainer(deps, node),
  };
  return Object.entries(commands).map(([name, handler]) =>
    vscode.commands.registerCommand(`dockwright.containers.${name}`, handler),
  );
}
