import * as vscode from 'vscode';
import { config } from '../config';
import { DockerClient } from './client';
import { EndpointError, resolveEndpoint } from './endpoint';
import { describeDockerError } from './errors';

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

  /** Re-resolves the endpoint and pings it; concurrent calls let the latest win. */
  async connect(): Promise<DaemonState> {
    const attempt = ++this.attempt;
    this.set({ state: 'connecting' });
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
    return next.state;
  }

  private set(next: { state: DaemonState; client?: DockerClient; reason?: string }): void {
    this.current = next;
    void vscode.commands.executeCommand('setContext', 'dockwright.daemonState', next.state);
    this.changed.fire(next.state);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
