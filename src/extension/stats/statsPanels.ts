// The stats webview panels: one per container or Compose project, revealed rather than opened
// twice; streams follow only while a panel is visible (or was hidden only briefly).
import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import { describeDockerError } from '../docker/errors';
import { statsHtml, makeNonce } from './statsHtml';
import type { StatsEngine, StatsScope } from './statsSession';
import { StatsSession } from './statsSession';
import { statsViewModel } from './statsView';

/** What a panel shows: a scope on one daemon, and the title of its tab. */
export interface StatsTarget {
  readonly daemonId: string;
  readonly scope: StatsScope;
  readonly title: string;
}

/** Points of history per chart. */
const historyLength = 60;
/** A panel hidden this long lets its streams go; showing it again opens them anew. */
const hiddenGraceMs = 30_000;

/** A stats engine whose calls go to the daemon's current client, whatever reconnects happen. */
function liveEngine(client: () => DockerClient): StatsEngine {
  return {
    containerStats: (id, signal) => client().containerStats(id, signal),
    listContainers: (signal) => client().listContainers(signal),
    listContainersById: (ids, signal) => client().listContainersById(ids, signal),
    containerEventsWhere: (filters, signal) => client().containerEventsWhere(filters, signal),
  };
}

function keyOf(target: StatsTarget): string {
  const { scope } = target;
  return `${target.daemonId}\n${scope.kind === 'container' ? `container:${scope.id}` : `project:${scope.project}`}`;
}

/** One open panel and the session it shows. */
class StatsPanel implements vscode.Disposable {
  private readonly session: StatsSession;
  private readonly subscriptions: vscode.Disposable[] = [];
  private hiddenTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    target: StatsTarget,
    client: () => DockerClient,
    mediaRoot: vscode.Uri,
  ) {
    const webview = panel.webview;
    this.session = new StatsSession(liveEngine(client), target.scope, {
      historyLength,
      describe: (err) => {
        try {
          return describeDockerError(err, client().endpoint);
        } catch {
          return err instanceof Error ? err.message : String(err);
        }
      },
    });
    webview.html = statsHtml(
      {
        cspSource: webview.cspSource,
        scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'stats.js')).toString(),
        styleUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'stats.css')).toString(),
      },
      makeNonce(),
      target.title,
    );
    const post = (): void => {
      if (panel.visible) {
        const model = statsViewModel(this.session.snapshot(), target.title, historyLength, (m, ...a) =>
          vscode.l10n.t(m, ...a),
        );
        void webview.postMessage({ type: 'update', model });
      }
    };
    this.subscriptions.push(
      this.session,
      this.session.onDidUpdate(post),
      webview.onDidReceiveMessage((message: unknown) => {
        if (
          typeof message === 'object' &&
          message !== null &&
          (message as { type?: unknown }).type === 'ready'
        ) {
          post();
        }
      }),
      panel.onDidChangeViewState(() => this.visibilityChanged()),
    );
    void this.session.resume();
  }

  /** Hidden: the streams go after a grace period. Shown: they come back at once. */
  private visibilityChanged(): void {
    clearTimeout(this.hiddenTimer);
    this.hiddenTimer = undefined;
    if (this.panel.visible) {
      void this.session.resume();
    } else if (this.session.following) {
      this.hiddenTimer = setTimeout(() => this.session.suspend(), hiddenGraceMs);
    }
  }

  dispose(): void {
    clearTimeout(this.hiddenTimer);
    for (const d of this.subscriptions) {
      d.dispose();
    }
  }
}

/** The open stats panels, by daemon and scope. */
export class StatsPanels implements vscode.Disposable {
  private readonly open = new Map<string, StatsPanel>();

  /** @param mediaRoot the extension's media folder, the only place the page loads from. */
  constructor(private readonly mediaRoot: vscode.Uri) {}

  /** Shows the panel of a target: the open one brought forward, else a new one. */
  show(target: StatsTarget, client: () => DockerClient): void {
    const key = keyOf(target);
    const existing = this.open.get(key);
    if (existing !== undefined) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      'dockwright.stats',
      target.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [this.mediaRoot] },
    );
    const entry = new StatsPanel(panel, target, client, this.mediaRoot);
    this.open.set(key, entry);
    panel.onDidDispose(() => {
      entry.dispose();
      this.open.delete(key);
    });
  }

  dispose(): void {
    for (const entry of this.open.values()) {
      entry.panel.dispose();
    }
    this.open.clear();
  }
}
