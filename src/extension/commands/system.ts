import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import type { PruneKind } from '../docker/systemPrune';
import { pruneSystem, removedCount, systemPruneScope } from '../docker/systemPrune';
import type { Explorer } from '../views/explorer';
import { formatBytes } from '../views/format';
import { askModal, systemPruneQuestion } from './confirm';
import { registerContainerCommands } from './containers';
import { registerImageCommands } from './images';
import { registerInspectDocuments } from './inspectDocuments';
import { registerNetworkCommands } from './networks';
import type { CommandUi, ResourceDeps } from './pick';
import { clientOf, failureMessage, paletteDaemon } from './pick';
import { registerSwarmCommands } from './swarm';
import { registerSwarmDataCommands } from './swarmData';
import { registerVolumeCommands } from './volumes';

function daemonOf(explorer: Explorer, node: unknown): string | undefined {
  const id =
    typeof node === 'object' && node !== null ? (node as { daemonId?: unknown }).daemonId : undefined;
  return typeof id === 'string' ? id : paletteDaemon(explorer);
}

async function prune(deps: ResourceDeps, node: unknown): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const daemonId = daemonOf(explorer, node);
  if (daemonId === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const [containers, images, networks, volumes, version] = await Promise.all([
      client.listContainers(),
      client.listImages(),
      client.listNetworks(),
      client.listVolumes(),
      client.version(),
    ]);
    const question = systemPruneQuestion(systemPruneScope(containers, images, networks, volumes), t);
    const answer = await askModal(ui, question);
    if (answer === undefined) {
      return;
    }
    const c = client;
    const nouns: Record<PruneKind, string> = {
      containers: t('containers'),
      networks: t('networks'),
      volumes: t('volumes'),
      images: t('images'),
      buildCache: t('build cache'),
    };
    const steps = await ui.progress(t('Removing unused Docker data'), (report, signal) =>
      pruneSystem(
        c,
        { volumes: answer === question.withVolumes, apiVersion: version.apiVersion },
        (kind) => report(nouns[kind]),
        signal,
      ),
    );
    const freed = steps.reduce((sum, step) => sum + step.result.spaceReclaimed, 0);
    const parts = steps
      .filter((step) => step.kind !== 'buildCache')
      .map((step) => `${removedCount(step)} ${nouns[step.kind]}`);
    void ui.window.showInformationMessage(t('Removed {0}; freed {1}.', parts.join(', '), formatBytes(freed)));
  } catch (err) {
    void ui.window.showErrorMessage(t('System prune failed: {0}', failureMessage(err, client)));
  }
}

/** VS Code's window, l10n and notification progress, as the command modules use them. */
export function commandUi(): CommandUi {
  return {
    window: vscode.window,
    t: (message, ...args) => vscode.l10n.t(message, ...args),
    progress: (title, task) =>
      Promise.resolve(
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title, cancellable: true },
          async (progress, token) => {
            const controller = new AbortController();
            const cancel = token.onCancellationRequested(() => controller.abort());
            try {
              return await task((message) => progress.report({ message }), controller.signal);
            } finally {
              cancel.dispose();
            }
          },
        ),
      ),
  };
}

/**
 * Registers every resource command (containers, images, volumes, networks, system) and the
 * read-only documents they open.
 */
export function registerResourceCommands(explorer: Explorer): vscode.Disposable[] {
  const { documents, disposables } = registerInspectDocuments(explorer);
  const deps: ResourceDeps = { explorer, ui: commandUi(), documents };
  return [
    ...disposables,
    ...registerContainerCommands(deps),
    ...registerImageCommands(deps),
    ...registerVolumeCommands(deps),
    ...registerNetworkCommands(deps),
    ...registerSwarmCommands(deps),
    ...registerSwarmDataCommands(deps),
    vscode.commands.registerCommand('dockwright.system.diskUsage', async (node?: unknown) => {
      const daemonId = daemonOf(explorer, node);
      if (daemonId !== undefined) {
        const label = explorer.entry(daemonId)?.daemon.label ?? daemonId;
        await documents.open('df', daemonId, daemonId, deps.ui.t('Disk usage of {0}', label));
      }
    }),
    vscode.commands.registerCommand('dockwright.system.prune', (node?: unknown) => prune(deps, node)),
  ];
}
