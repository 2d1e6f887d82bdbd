import * as vscode from 'vscode';
import { config } from '../config';
import { DockerClient } from './client';
import type { DockerEndpoint } from './endpoint';
import { EndpointError, resolveEndpoint } from './endpoint';
import { describeDockerError } from './errors';

const retryDelayMs = 2000;

/** Whether the daemon can be used right now; drives the views' welcome content. */
export type DaemonState = 'connecting' | 'connected' | 'unreachable';

/** How a connection finds its daemon and builds a client for it. */
export interface ConnectionOptions {
  /** Resolves the endpoint afresh on every attempt; defaults to the setting, then the environment. */
  readonly resolve?: () => Promise<DockerEndpoint> | DockerEndpoint;
  /** Builds a client for an endpoint; defaults to a plain dockerode client. */
  readonly createClient?: (endpoint: DockerEndpoint, timeoutMs: number) => Promise<DockerClient>;
  /** Whether this connection drives the `dockwright.daemonState` context key (the window's daemon). */
  readonly primary?: boolean;
}

/**
 * The connection to one Docker daemon: resolves its endpoint, pings it, and reports state
 * changes. Views read `client` only when connected.
 */
export class DockerConnection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DaemonState>();
  /** Fires after every (re)connection attempt, whatever its outcome. */
  readonly onDidChangeState = this.changed.event;
  private current: { state: DaemonState; client?: DockerClient; reason?: string } = { state: 'connecting' };
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  private resolved: DockerEndpoint | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly options: ConnectionOptions = {},
  ) {}

  /** The endpoint of the latest attempt, once one has been resolved. */
  get endpoint(): DockerEndpoint | undefined {
    return this.resolved;
  }

  get state(): DaemonState {
    return this.current.state;
  }

  /** Why the daemon is unreachable, in words for a person. */
  get reason(): string | undefined {
    return this.current.reason;
  }

  get client(): DockerClient | undefined {
    return this.current.state === 'connected' ? this.current.client : undefined;
  }

  /**
   * Re-resolves the endpoint and pings it; concurrent calls let the latest win. A background
   * retry (`retrying`) does not pass through the visible "connecting" state.
   */
  async connect(retrying = false): Promise<DaemonState> {
    const attempt = ++this.attempt;
    this.cancelRetry();
    if (!retrying) {
      this.set({ state: 'connecting' });
    }
    let next: { state: DaemonState; client?: DockerClient; reason?: string };
    try {
      const endpoint = await (this.options.resolve?.() ??
        resolveEndpoint({ setting: config.dockerHost(), env: process.env, platform: process.platform }));
      if (attempt === this.attempt) {
        this.resolved = endpoint;
      }
      const create =
        this.options.createClient ?? ((e: DockerEndpoint, t: number) => DockerClient.create(e, t));
      let client: DockerClient;
      try {
        client = await create(endpoint, config.dockerTimeout());
      } catch (err) {
        throw new EndpointError(describeDockerError(err, endpoint));
      }
      try {
        const version = await client.version();
        const tooOld = apiTooOld(version.apiVersion, endpoint.display);
        if (tooOld !== undefined) {
          client.dispose();
          next = { state: 'unreachable', reason: tooOld };
        } else {
          this.log.info(
            `Connected to Docker ${version.version} (API ${version.apiVersion}) at ${endpoint.display}`,
          );
          next = { state: 'connected', client };
        }
      } catch (err) {
        client.dispose();
        next = { state: 'unreachable', reason: describeDockerError(err, endpoint) };
      }
    } catch (err) {
      next = { state: 'unreachable', reason: err instanceof EndpointError ? err.message : String(err) };
    }
    if (attempt !== this.attempt) {
      next.client?.dispose();
      return this.current.state;
    }
    if (next.reason !== undefined) {
      this.log.warn(next.reason);
    }
    this.set(next);
    if (next.state === 'unreachable') {
      this.scheduleRetry();
    }
    return next.state;
  }

  /**
   * While unreachable, try again every few seconds (re-reading the settings each time), so a
   * daemon that starts later, or a setting that arrives after activation, is picked up on its own.
   */
  private scheduleRetry(): void {
    if (this.disposed) {
      return;
    }
    this.retry = setTimeout(() => void this.connect(true), retryDelayMs);
  }

  private cancelRetry(): void {
    if (this.retry !== undefined) {
      clearTimeout(this.retry);
      this.retry = undefined;
    }
  }

  private set(next: { state: DaemonState; client?: DockerClient; reason?: string }): void {
    // A retry that fails the same way changes nothing the user can see.
    if (
      next.state === 'unreachable' &&
      this.current.state === 'unreachable' &&
      next.reason === this.current.reason
    ) {
      return;
    }
    const previous = this.current.client;
    this.current = next;
    if (previous !== undefined && previous !== next.client) {
      previous.dispose();
    }
    if (this.options.primary !== false) {
      void vscode.commands.executeCommand('setContext', 'dockwright.daemonState', next.state);
    }
    this.changed.fire(next.state);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelRetry();
    this.current.client?.dispose();
    this.changed.dispose();
  }
}

/** The oldest Engine API the views rely on (Docker 19.03). */
export const minimumApiVersion = '1.40';

/** A sentence saying the daemon is too old, or undefined when its API is recent enough. */
export function apiTooOld(apiVersion: string, where: string): string | undefined {
  const [major = 0, minor = 0] = apiVersion.split('.').map((part) => Number(part) || 0);
  const [needMajor = 1, needMinor = 0] = minimumApiVersion.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) {
    return undefined;
  }
  return `Docker at ${where} speaks Engine API ${apiVersion}; Dockwright needs API ${minimumApiVersion} or newer (Docker 19.03 or later). Update Docker on that host.`;
}
