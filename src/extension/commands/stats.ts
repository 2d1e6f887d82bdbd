// Live stats commands: of containers (each its own panel) and of a Compose project (one panel).
import * as vscode from 'vscode';
import type { Explorer } from '../views/explorer';
import { composeProjects } from '../views/compose';
import { StatsPanels } from '../stats/statsPanels';
import type { CommandUi, PickRow } from './pick';
import { clientOf, failureMessage, paletteDaemon, resolveTargets } from './pick';

/** What the stats commands are built on. */
export interface StatsDeps {
  readonly explorer: Explorer;
  readonly ui: CommandUi;
  /** The extension's media folder (the webview's script and stylesheet). */
  readonly mediaRoot: vscode.Uri;
}

/** The Compose project a command was called on: a Containers group node grouped by project. */
function projectNode(node: unknown): { daemonId: string; project: string } | undefined {
  if (typeof node !== 'object' || node === null) {
    return undefined;
  }
  const n = node as { kind?: unknown; daemonId?: unknown; key?: unknown; row?: { contextValue?: unknown } };
  return n.kind === 'group' &&
    n.row?.contextValue === 'group.compose' &&
    typeof n.daemonId === 'string' &&
    typeof n.key === 'string'
    ? { daemonId: n.daemonId, project: n.key }
    : undefined;
}

const isActive = (row: PickRow): boolean => ['running', 'paused', 'restarting'].includes(row.state);

/** Registers the stats commands and owns their panels. */
export function registerStatsCommands(deps: StatsDeps): vscode.Disposable[] {
  const { explorer, ui } = deps;
  const t = ui.t;
  const panels = new StatsPanels(deps.mediaRoot);
  const clientFor = (daemonId: string) => () => clientOf(explorer, daemonId, t);

  const containers = async (node?: unknown, selected?: unknown): Promise<void> => {
    try {
      const targets = await resolveTargets(ui, explorer, 'container', node, selected, {
        placeHolder: t('Containers whose stats to show'),
        many: true,
        filter: isActive,
        none: t('No container is running.'),
      });
      for (const target of targets) {
        panels.show(
          {
            daemonId: target.daemonId,
            scope: { kind: 'container', id: target.id },
            title: t('Stats of {0}', target.label),
          },
          clientFor(target.daemonId),
        );
      }
    } catch (err) {
      void ui.window.showErrorMessage(t('Could not show stats: {0}', failureMessage(err, undefined)));
    }
  };

  const project = async (node?: unknown): Promise<void> => {
    let chosen = projectNode(node);
    if (chosen === undefined) {
      const daemonId = paletteDaemon(explorer);
      if (daemonId === undefined) {
        return;
      }
      let client;
      try {
        client = clientOf(explorer, daemonId, t);
        const model = explorer.entry(daemonId)?.model;
        const listed =
          model !== undefined && model.state === 'ready'
            ? [...model.containers().values()]
            : await client.listContainers();
        const rows = composeProjects(listed);
        if (rows.length === 0) {
          void ui.window.showInformationMessage(t('There are no Compose projects.'));
          return;
        }
        const item = await ui.window.showQuickPick(
          rows.map((row) => ({
            label: row.project,
            description: t('{0}/{1} running', row.running, row.total),
            row,
          })),
          { placeHolder: t('Compose project whose stats to show') },
        );
        if (item === undefined) {
          return;
        }
        chosen = { daemonId, project: item.row.project };
      } catch (err) {
        void ui.window.showErrorMessage(t('Could not show stats: {0}', failureMessage(err, client)));
        return;
      }
    }
    panels.show(
      {
        daemonId: chosen.daemonId,
        scope: { kind: 'project', project: chosen.project },
        title: t('Stats of {0} (Compose)', chosen.project),
      },
      clientFor(chosen.daemonId),
    );
  };

  return [
    panels,
    vscode.commands.registerCommand('dockwright.containers.stats', containers),
    vscode.commands.registerCommand('dockwright.compose.stats', project),
  ];
}
