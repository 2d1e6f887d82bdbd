// A CodeLens above each service of a compose file: how many of its containers run (revealing them
// in the Compose view) and "Up" for the service alone.
import * as vscode from 'vscode';
import type { ComposeTree } from '../views/composeTree';
import { buildProjects, runningCount } from './composeProjects';
import { looksLikeComposeFile } from './projectName';
import { serviceLocations } from './serviceLocations';

/** Compose files by name, wherever they are. */
export const composeFileSelector: vscode.DocumentSelector = [
  { scheme: 'file', pattern: '**/{compose,docker-compose}*.{yaml,yml}' },
];

/** Lenses over the services of compose files, refreshed when containers or files change. */
export class ComposeCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly tree: ComposeTree) {
    this.subscriptions.push(
      tree.workspace.onDidChange(() => this.soon()),
      tree.onDidChangeTreeData(() => this.soon()),
    );
  }

  /** Coalesces bursts of changes (a project coming up fires many). */
  private soon(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, 300);
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!looksLikeComposeFile(document.uri.fsPath)) {
      return [];
    }
    const locations = serviceLocations(document.getText());
    if (locations.length === 0) {
      return [];
    }
    const definition = await this.tree.workspace.forFile(document.uri.fsPath);
    const daemonId = this.tree.daemonIds()[0];
    const containers =
      daemonId === undefined
        ? []
        : [...(this.tree.explorerEntry(daemonId)?.model.containers().values() ?? [])];
    const project = buildProjects([definition], containers).find((p) => p.name === definition.name);
    const lenses: vscode.CodeLens[] = [];
    for (const at of locations) {
      const range = new vscode.Range(document.positionAt(at.start), document.positionAt(at.end));
      const service = project?.services.find((s) => s.name === at.name);
      const total = service?.containers.length ?? 0;
      const running = runningCount(service?.containers ?? []);
      const argument = { file: document.uri.fsPath, service: at.name };
      lenses.push(
        new vscode.CodeLens(range, {
          title:
            total === 0
              ? vscode.l10n.t('no containers')
              : running === 1 && total === 1
                ? vscode.l10n.t('1 container running')
                : vscode.l10n.t('{0}/{1} containers running', running, total),
          tooltip: vscode.l10n.t('Show the containers of "{0}" in the Compose view', at.name),
          command: 'dockwright.compose.revealService',
          arguments: [argument],
        }),
        new vscode.CodeLens(range, {
          title: vscode.l10n.t('Up'),
          tooltip: vscode.l10n.t('Start "{0}" (docker compose up --detach {0})', at.name),
          command: 'dockwright.compose.up',
          arguments: [argument],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const s of this.subscriptions) {
      s.dispose();
    }
    this.changed.dispose();
  }
}
