import * as vscode from 'vscode';
import type { ExplorerNode } from '../views/explorerNodes';
import type { ExplorerViews } from '../views/explorerViews';
import type { ExplorerTree } from '../views/explorerTree';
import type { ContainerGrouping } from '../views/grouping';
import { containerGroupings } from '../views/grouping';
import { updateViewSetting, viewSettings } from '../views/settings';
import type { ContainerSort } from '../views/sorting';
import { containerSorts } from '../views/sorting';

const groupingLabels: Record<ContainerGrouping, () => string> = {
  compose: () => vscode.l10n.t('Compose project'),
  none: () => vscode.l10n.t('None'),
  state: () => vscode.l10n.t('State'),
  image: () => vscode.l10n.t('Image'),
  network: () => vscode.l10n.t('Network'),
};

const sortLabels: Record<ContainerSort, () => string> = {
  name: () => vscode.l10n.t('Name'),
  created: () => vscode.l10n.t('Created (newest first)'),
  state: () => vscode.l10n.t('State (running first)'),
};

async function pick<T extends string>(
  values: readonly T[],
  labels: Record<T, () => string>,
  current: T,
  title: string,
): Promise<T | undefined> {
  const items = values.map((value) => ({
    label: labels[value](),
    value,
    ...(value === current ? { description: vscode.l10n.t('current') } : {}),
  }));
  const chosen = await vscode.window.showQuickPick(items, { title, placeHolder: labels[current]() });
  return chosen?.value;
}

async function askFilter(tree: ExplorerTree, title: string): Promise<void> {
  const text = await vscode.window.showInputBox({
    title,
    value: tree.filter,
    prompt: vscode.l10n.t('Rows containing every word are shown; leave empty to show all.'),
  });
  if (text !== undefined) {
    await tree.setFilter(text);
  }
}

/** The explorer views' title-bar and daemon-root commands. */
export function registerViewCommands(views: ExplorerViews): vscode.Disposable[] {
  const { trees, explorer } = views;
  const filterCommands = (
    [
      ['containers', trees.containers, () => vscode.l10n.t('Filter containers')],
      ['images', trees.images, () => vscode.l10n.t('Filter images')],
      ['volumes', trees.volumes, () => vscode.l10n.t('Filter volumes')],
      ['networks', trees.networks, () => vscode.l10n.t('Filter networks')],
      ['swarm', trees.swarm, () => vscode.l10n.t('Filter the swarm')],
    ] as const
  ).flatMap(([name, tree, title]) => [
    vscode.commands.registerCommand(`dockwright.${name}.filter`, () => askFilter(tree, title())),
    vscode.commands.registerCommand(`dockwright.${name}.clearFilter`, () => tree.setFilter('')),
  ]);

  return [
    ...filterCommands,
    vscode.commands.registerCommand('dockwright.containers.groupBy', async () => {
      const chosen = await pick(
        containerGroupings,
        groupingLabels,
        viewSettings.containersGroupBy(),
        vscode.l10n.t('Group containers by'),
      );
      if (chosen !== undefined) {
        await updateViewSetting('containers.groupBy', chosen);
      }
    }),
    vscode.commands.registerCommand('dockwright.containers.sortBy', async () => {
      const chosen = await pick(
        containerSorts,
        sortLabels,
        viewSettings.containersSortBy(),
        vscode.l10n.t('Sort containers by'),
      );
      if (chosen !== undefined) {
        await updateViewSetting('containers.sortBy', chosen);
      }
    }),
    vscode.commands.registerCommand('dockwright.images.showDangling', () =>
      updateViewSetting('images.showDangling', true),
    ),
    vscode.commands.registerCommand('dockwright.images.hideDangling', () =>
      updateViewSetting('images.showDangling', false),
    ),
    vscode.commands.registerCommand('dockwright.networks.showBuiltIn', () =>
      updateViewSetting('networks.showBuiltIn', true),
    ),
    vscode.commands.registerCommand('dockwright.networks.hideBuiltIn', () =>
      updateViewSetting('networks.showBuiltIn', false),
    ),
    vscode.commands.registerCommand('dockwright.volumes.loadSizes', () =>
      vscode.window.withProgress(
        {
          location: { viewId: 'dockwright.volumes' },
          title: vscode.l10n.t('Loading volume sizes…'),
          cancellable: true,
        },
        async (_progress, token) => {
          const controller = new AbortController();
          const cancel = token.onCancellationRequested(() => controller.abort());
          try {
            const results = await Promise.allSettled(
              explorer.entries.map((e) => e.updater.loadVolumeUsage(controller.signal)),
            );
            const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
            if (failed !== undefined && !controller.signal.aborted) {
              void vscode.window.showErrorMessage(
                vscode.l10n.t('Could not load volume sizes: {0}', String(failed.reason)),
              );
            }
          } finally {
            cancel.dispose();
          }
        },
      ),
    ),
    vscode.commands.registerCommand('dockwright.daemon.retry', async (node?: ExplorerNode) => {
      const entries =
        node !== undefined ? explorer.entries.filter((e) => e.daemon.id === node.daemonId) : explorer.entries;
      await Promise.all(
        entries.map(async (e) => {
          await e.daemon.connection.connect();
          e.updater.refresh();
        }),
      );
    }),
  ];
}
