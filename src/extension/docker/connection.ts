import * as vscode from 'vscode';
import { config } from '../config';
import { DockerClient } from './client';
import { EndpointError, resolveEndpoint } from './endpoint';
import { describeDockerError } from './errors';

const retryDelayMs = 2000;

/** Whether the daemon can be used right now; drives the views' welcome content. */
export type DaemonState = 'connecting' | 'connected' | 'unreachable';

/**
 * The connection to the Docker daemon of this window: resolves the endpoint from settings and
 * environment, pings it, and reports state changes. Views read `client` only when connected.
 */
export class DockerConnection implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DaemonState>();
  /** Fires after every (re)connection attempt, whatever its outcome. */
  readonly onDidChangeState = this.changed.event;
  private current: { state: DaemonState; client?: DockerClient; reason?: string } = { state: 'connecting' };
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly log: vscode.LogOutputChannel) {}

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
      const endpoint = resolveEndpoint({
        setting: config.dockerHost(),
        env: process.env,
        platform: process.platform,
      });
      const client = await DockerClient.create(endpoint, config.dockerTimeout());
      try {
        const version = await client.version();
        this.log.info(
          `Connected to Docker ${version.version} (API ${version.apiVersion}) at ${endpoint.display}`,
        );
        next = { state: 'connected', client };
      } catch (err) {
        next = { state: 'unreachable', reason: describeDockerError(err, endpoint) };
      }
    } catch (err) {
      next = { state: 'unreachable', reason: err instanceof EndpointError ? err.message : String(err) };
    }
    if (attempt !== this.attempt) {
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
    this.current = next;
    void vscode.commands.executeCommand('setContext', 'dockwright.daemonState', next.state);
    this.changed.fire(next.state);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelRetry();
    this.changed.dispose();
  }
}
