// While a logs document is open, a follow stream that asks for no history tells it when the
// container writes something new, so the document is read again (at most once per interval). The
// stream ends when the container stops; the document keeps what it shows, is read again when the
// container starts again, and can be refreshed at any time.
import type { LogsOptions } from '../docker/client';
import { nextAction, type LogsEngine } from './logsTerminal';

/** The Engine call the watch makes (DockerClient has it). */
export interface LogsFollower {
  containerLogs(id: string, options: LogsOptions, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
}

/** Calls `changed` after new log output, no more often than every `intervalMs`. */
export class LogChangeWatch {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = 0;
  /** Settles when the stream ends: the container stopped, the watch was disposed, or it failed. */
  readonly ended: Promise<void>;

  constructor(
    engine: LogsFollower,
    containerId: string,
    private readonly changed: () => void,
    private readonly intervalMs = 1000,
  ) {
    this.ended = this.follow(engine, containerId).catch(() => undefined);
  }

  private async follow(engine: LogsFollower, containerId: string): Promise<void> {
    const signal = this.controller.signal;
    const stream = await engine.containerLogs(
      containerId,
      { follow: true, timestamps: false, tail: 0 },
      signal,
    );
    await new Promise<void>((resolve) => {
      const done = (): void => {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        resolve();
      };
      stream.on('data', () => this.schedule());
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', done);
      if (signal.aborted) {
        done();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private schedule(): void {
    if (this.timer !== undefined || this.controller.signal.aborted) {
      return;
    }
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.last = Date.now();
      this.changed();
    }, wait);
  }

  /** Stops following; no change is reported after this. */
  dispose(): void {
    this.controller.abort();
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}

/**
 * After a watch ended because its container stopped: resolves true when the container starts
 * again (the document reads its log anew and follows again), false when it was removed, the
 * signal aborted or the events stream ended. Subscribes to the container's events before looking
 * at its state, so a start in between is not missed.
 */
export async function startedAgain(
  engine: LogsEngine,
  containerId: string,
  signal: AbortSignal,
): Promise<boolean> {
  const events = await engine.containerEvents(containerId, signal);
  const close = (): void => (events as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  signal.addEventListener('abort', close, { once: true });
  try {
    const now = await engine.containerProcess(containerId, signal);
    if (now === undefined || signal.aborted) return false;
    if (now.state === 'running') return true;
    return (await nextAction(events, ['start', 'destroy'])) === 'start' && !signal.aborted;
  } finally {
    signal.removeEventListener('abort', close);
    close();
  }
}
