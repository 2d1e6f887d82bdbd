import * as vscode from 'vscode';
import type { DockerClient, PruneResult } from '../docker/client';
import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../docker/types';
import type { Explorer } from '../views/explorer';
import { formatBytes } from '../views/format';
import type { SystemPruneScope } from './confirm';
import { askModal, systemPruneQuestion } from './confirm';
import { registerContainerCommands } from './containers';
import { registerImageCommands } from './images';
import { registerInspectDocuments } from './inspectDocuments';
import { registerNetworkCommands } from './networks';
import type { CommandUi, ResourceDeps } from './pick';
import { clientOf, failureMessage, paletteDaemon } from './pick';
import { registerSwarmCommands } from './swarm';
import { registerSwarmDataCommands } from './swarmData';
import { registerVolumeCommands, unusedVolumes } from './volumes';
import { unusedNetworks } from './networks';

const activeStates = new Set(['running', 'paused', 'restarting']);

/** What a system prune removes, counted as it will run: stopped containers first, then the rest. */
export function systemPruneScope(
  containers: readonly ContainerSummary[],
  images: readonly ImageSummary[],
  networks: readonly NetworkSummary[],
  volumes: readonly VolumeSummary[],
): SystemPruneScope {
  const remaining = containers.filter((c) => activeStates.has(c.state));
  const used = new Set(remaining.map((c) => c.imageId));
  return {
    stoppedContainers: containers.length - remaining.length,
    unusedNetworks: unusedNetworks(networks, remaining).length,
    danglingImages: images.filter((i) => i.dangling && !used.has(i.id)).length,
    unusedVolumes: unusedVolumes(volumes, remaining).length,
  };
}

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
    const withVolumes = answer === question.withVolumes;
    const [major = 0, minor = 0] = version.apiVersion.split('.').map((p) => Number(p) || 0);
    const allVolumes = major > 1 || minor >= 42;
    const c = client;
    const totals = await ui.progress(t('Removing unused Docker data'), async (report, signal) => {
      const results: { noun: string; result: PruneResult }[] = [];
      const step = async (noun: string, run: () => Promise<PruneResult>): Promise<void> => {
        if (!signal.aborted) {
          report(noun);
          results.push({ noun, result: await run() });
        }
      };
      await step(t('containers'), () => c.pruneContainers({}, signal));
      await step(t('networks'), () => c.pruneNetworks({}, signal));
      if (withVolumes) {
        await step(t('volumes'), () => c.pruneVolumes({ all: allVolumes }, signal));
      }
      await step(t('images'), () => c.pruneImages({ all: false }, signal));
      await step(t('build cache'), () => c.pruneBuildCache({}, signal));
      return results;
    });
    const freed = totals.reduce((sum, r) => sum + r.result.spaceReclaimed, 0);
    const parts = totals
      .filter((r) => r.noun !== t('build cache'))
      .map((r) => `${r.result.deleted.length} ${r.noun}`);
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
