import * as vscode from 'vscode';
import { DaemonModel } from '../docker/daemonModel';
import type { Daemon, Daemons } from '../docker/daemons';
import type { RefreshOptions } from '../docker/refreshManager';
import { RefreshManager } from '../docker/refreshManager';

/** What keeps one daemon's model current: started while any explorer view is visible. */
export interface ModelUpdater extends vscode.Disposable {
  setVisible(visible: boolean): void;
  /** Lists everything again. */
  refresh(): void;
  /** Loads volume sizes and users (`/system/df`); false when the daemon is not connected. */
  loadVolumeUsage(signal?: AbortSignal): Promise<boolean>;
}

/** Builds the updater of one daemon's model. */
export type UpdaterFactory = (daemon: Daemon, model: DaemonModel) => ModelUpdater;

/** The real updater: a refresh manager on the daemon's connection. */
export function refreshManagers(options: RefreshOptions): UpdaterFactory {
  return (daemon, model) => new RefreshManager(daemon.connection, model, options);
}

/** One daemon with its model and what keeps it current. */
export interface ExplorerEntry {
  readonly daemon: Daemon;
  readonly model: DaemonModel;
  readonly updater: ModelUpdater;
}

/**
 * The explorer's composition: one model and one updater per daemon, following the set of
 * daemons, and the visibility of the views that read the models.
 */
export class Explorer implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when daemons (and so entries) come or go. */
  readonly onDidChangeEntries = this.changed.event;
  private list: ExplorerEntry[] = [];
  private readonly visibleViews = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly daemons: Daemons,
    private readonly createUpdater: UpdaterFactory,
  ) {
    this.sync();
    this.subscription = daemons.onDidChange(() => {
      this.sync();
      this.changed.fire();
    });
  }

  get entries(): readonly ExplorerEntry[] {
    return this.list;
  }

  entry(daemonId: string): ExplorerEntry | undefined {
    return this.list.find((e) => e.daemon.id === daemonId);
  }

  /** True while at least one explorer view is visible. */
  get visible(): boolean {
    return this.visibleViews.size > 0;
  }

  /** Records a view's visibility; the models are kept current while any view is visible. */
  setViewVisible(viewId: string, visible: boolean): void {
    const before = this.visible;
    if (visible) {
      this.visibleViews.add(viewId);
    } else {
      this.visibleViews.delete(viewId);
    }
    if (this.visible !== before) {
      this.list.forEach((e) => e.updater.setVisible(this.visible));
    }
  }

  private sync(): void {
    const next = this.daemons.all.map(
      (daemon) => this.list.find((e) => e.daemon === daemon) ?? this.create(daemon),
    );
    for (const old of this.list) {
      if (!next.includes(old)) {
        old.updater.dispose();
        old.model.dispose();
      }
    }
    this.list = next;
  }

  private create(daemon: Daemon): ExplorerEntry {
    const model = new DaemonModel(daemon.id);
    const updater = this.createUpdater(daemon, model);
    // The event stream notices a daemon going away before anything else: let the connection
    // check again, so its state (and the welcome view it drives) follows. Its own retry then
    // notices the daemon coming back.
    model.onDidChangeState(() => {
      if (model.state === 'unreachable' && daemon.connection.state === 'connected') {
        void daemon.connection.connect(true);
      }
    });
    if (this.visible) {
      updater.setVisible(true);
    }
    return { daemon, model, updater };
  }

  dispose(): void {
    this.subscription.dispose();
    this.list.forEach((e) => {
      e.updater.dispose();
      e.model.dispose();
    });
    this.list = [];
    this.changed.dispose();
  }
}
