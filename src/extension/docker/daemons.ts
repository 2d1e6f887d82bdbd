import * as os from 'node:os';
import * as vscode from 'vscode';
import { config } from '../config';
import { DockerClient } from './client';
import { DockerConnection } from './connection';
import { nodeReader } from './contextStore';
import type { DockerEndpoint, ResolutionInputs } from './endpoint';
import { parseHost, resolveContext, resolveDockerEndpoint } from './endpoint';

/** One daemon shown in the views: a stable key, a label for its root, and its connection. */
export interface Daemon {
  /** Stable key used in node ids: `primary` for this window's daemon, else the setting's entry. */
  readonly id: string;
  readonly label: string;
  readonly connection: DockerConnection;
}

/** Where the daemons' endpoints come from; re-asked on every connection attempt. */
export interface EndpointResolver {
  /** This window's endpoint: setting, environment, window context, CLI config, default. */
  primary(): Promise<DockerEndpoint>;
  /** An entry of `dockwright.docker.additionalEndpoints`: a host URL or a context name. */
  named(entry: string): Promise<DockerEndpoint>;
}

/** Builds a client for an endpoint (transport choice, TLS material, SSH tunnel). */
export type ClientFactory = (endpoint: DockerEndpoint, timeoutMs: number) => Promise<DockerClient>;

/** The workspaceState key of the context chosen for this window. */
export const windowContextKey = 'dockwright.windowContext';

/** The context chosen for this window, if any (never written to the CLI's config). */
export function windowContext(state: vscode.Memento): string | undefined {
  const value = state.get<unknown>(windowContextKey);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What resolution reads right now: live settings, the process environment, the window's choice. */
export function resolutionInputs(state: vscode.Memento): ResolutionInputs {
  const chosen = windowContext(state);
  return {
    setting: config.dockerHost(),
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
    reader: nodeReader,
    ...(chosen !== undefined ? { windowContext: chosen } : {}),
  };
}

/** Resolves endpoints from the live settings, the process environment and the window's choice. */
export function endpointResolver(state: vscode.Memento): EndpointResolver {
  const inputs = (): ResolutionInputs => resolutionInputs(state);
  return {
    primary: () => resolveDockerEndpoint(inputs()),
    named: async (entry) =>
      entry.includes('://')
        ? parseHost(entry, 'setting', process.env)
        : resolveContext(entry, 'context', inputs()),
  };
}

/** Builds clients with the transport settings read live (SSH tunnel, ssh path, key). */
export function clientFactory(log: vscode.LogOutputChannel): ClientFactory {
  return (endpoint, timeoutMs) =>
    DockerClient.create(endpoint, timeoutMs, {
      sshTunnel: config.sshTunnel(),
      sshPath: config.sshPath(),
      identityFile: config.sshIdentityFile(),
      log: (message) => log.info(message),
    });
}

/** The id of this window's own daemon. */
export const primaryDaemonId = 'primary';

class ResolvedDaemon implements Daemon {
  constructor(
    readonly id: string,
    private readonly fallbackLabel: string,
    readonly connection: DockerConnection,
  ) {}

  /** The context name once resolved from one, else the endpoint, else the entry as written. */
  get label(): string {
    const endpoint = this.connection.endpoint;
    return endpoint?.context ?? endpoint?.display ?? this.fallbackLabel;
  }
}

/**
 * Every daemon this window shows: its own (primary) plus the ones listed in
 * `dockwright.docker.additionalEndpoints`. Entries that stay in the setting keep their
 * connection across changes; removed ones are disposed.
 */
export class Daemons implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when daemons are added or removed (not on state changes: see each connection). */
  readonly onDidChange = this.changed.event;
  private readonly main: ResolvedDaemon;
  private extras: ResolvedDaemon[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly resolver: EndpointResolver,
    private readonly createClient: ClientFactory = clientFactory(log),
  ) {
    this.main = new ResolvedDaemon(
      primaryDaemonId,
      'Docker',
      new DockerConnection(log, {
        resolve: () => resolver.primary(),
        createClient,
        primary: true,
      }),
    );
    this.extras = this.buildExtras(config.additionalEndpoints());
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (config.affects(event, 'docker.additionalEndpoints')) {
          this.update();
        }
      }),
      // Trust lets workspace values of the endpoint settings count: every daemon may move.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.update();
        void this.connectAll();
      }),
    );
  }

  get all(): readonly Daemon[] {
    return [this.main, ...this.extras];
  }

  get primary(): Daemon {
    return this.main;
  }

  /** Starts (or restarts) every connection attempt. */
  connectAll(): Promise<unknown> {
    return Promise.all(this.all.map((daemon) => daemon.connection.connect()));
  }

  private buildExtras(entries: readonly string[], keep: readonly ResolvedDaemon[] = []): ResolvedDaemon[] {
    return entries.map((entry) => {
      const id = entry === primaryDaemonId ? `context:${entry}` : entry;
      const existing = keep.find((daemon) => daemon.id === id);
      if (existing !== undefined) {
        return existing;
      }
      const connection = new DockerConnection(this.log, {
        resolve: () => this.resolver.named(entry),
        createClient: this.createClient,
        primary: false,
      });
      void connection.connect();
      return new ResolvedDaemon(id, entry, connection);
    });
  }

  private update(): void {
    const before = this.extras;
    const after = this.buildExtras(config.additionalEndpoints(), before);
    const removed = before.filter((daemon) => !after.includes(daemon));
    const same =
      removed.length === 0 && after.length === before.length && after.every((d, i) => d === before[i]);
    this.extras = after;
    removed.forEach((daemon) => daemon.connection.dispose());
    if (!same) {
      this.changed.fire();
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.all.forEach((daemon) => daemon.connection.dispose());
    this.changed.dispose();
  }
}
