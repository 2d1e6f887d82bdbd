// A container's logs followed in a terminal: stderr in red, timestamps on demand, bounded memory
// however fast the container writes, and still following after the container restarts.
import type { ContainerProcess, LogsOptions } from '../docker/client';
import { Emitter } from '../docker/emitter';
import type { PtyContext } from './enginePty';
import { EnginePty } from './enginePty';
import { LogCursor, LogDecoder, LogFormatter, sinceParameter, timestampNanos } from './logStream';
import type { OutputQueueOptions } from './outputQueue';
import { defaultQueueOptions, OutputQueue } from './outputQueue';

/** The Engine calls a logs terminal makes (DockerClient has them). */
export interface LogsEngine {
  containerProcess(id: string, signal?: AbortSignal): Promise<ContainerProcess | undefined>;
  containerLogs(id: string, options: LogsOptions, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
  containerEvents(id: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
}

/** Which logs a terminal follows and how it shows them. */
export interface LogsTerminalOptions extends PtyContext {
  engine: LogsEngine;
  containerId: string;
  /** Lines of the existing log to show first: a count or `all`. */
  tail: number | 'all';
  /** Only logs since then: `seconds[.nanoseconds]` or a duration the Engine takes (`10m`). */
  since?: string;
  /** Read on every message, so toggling the setting applies at once. */
  timestamps: () => boolean;
  /** The pace and bounds of output waiting for the terminal. */
  queue?: OutputQueueOptions;
}

/** What the stream's end leads to. */
type AfterEnd = { next: ContainerProcess } | undefined;

/** The longest event line kept while looking for its end; longer ones are skipped. */
const maxEventLine = 64 * 1024;

/** A terminal that follows one container's logs. */
export class LogsTerminal extends EnginePty {
  private readonly cursor = new LogCursor();
  private readonly formatter: LogFormatter;
  private readonly queue: OutputQueue;
  private readonly abort = new AbortController();
  private current: NodeJS.ReadableStream | undefined;
  private readonly reattached = new Emitter<number>();
  /** Fires with the count of reattachments each time the logs are followed again after a restart. */
  readonly onDidReattach = this.reattached.event;
  /** Bytes read from the Engine so far. */
  bytesRead = 0;
  private reattachments = 0;

  constructor(private readonly options: LogsTerminalOptions) {
    super(options);
    this.formatter = new LogFormatter(options.timestamps);
    this.queue = new OutputQueue(
      (text) => this.write(text),
      (paused) => {
        if (paused) {
          this.current?.pause();
        } else {
          this.current?.resume();
        }
      },
      options.queue ?? defaultQueueOptions,
    );
  }

  /** The output queue, for measurements. */
  get output(): OutputQueue {
    return this.queue;
  }

  protected async begin(): Promise<void> {
    const { engine, containerId } = this.options;
    const container = await engine.containerProcess(containerId, this.abort.signal);
    if (container === undefined) {
      this.fail(this.t('Container {0} no longer exists.', containerId.slice(0, 12)));
      return;
    }
    this.note(
      this.t(
        'Logs of {0}. Closing this terminal stops following; the container is not touched.',
        container.name,
      ),
    );
    void this.follow(container).catch((err: unknown) => this.fail(this.describe(err)));
  }

  /** Reads the log until the container stops, then waits for it to start again and goes on. */
  private async follow(first: ContainerProcess): Promise<void> {
    let container = first;
    let query: Pick<LogsOptions, 'tail' | 'since'> = {
      tail: this.options.tail,
      ...(this.options.since !== undefined ? { since: this.options.since } : {}),
    };
    for (;;) {
      const read = await this.readOnce(container, query);
      if (this.closed) {
        return;
      }
      const after = await this.waitForStart(container, read);
      if (after === undefined) {
        return;
      }
      container = after.next;
      this.cursor.reopen();
      const since = this.cursor.since ?? startedSince(container);
      query = since !== undefined ? { since, tail: 'all' } : { tail: 'all' };
      this.reattachments++;
      this.queuedNote(this.t('{0} started again.', container.name));
      this.reattached.fire(this.reattachments);
    }
  }

  /** One logs stream, read to its end; resolves with the bytes it carried. */
  private async readOnce(
    container: ContainerProcess,
    query: Pick<LogsOptions, 'tail' | 'since'>,
  ): Promise<number> {
    const stream = await this.options.engine.containerLogs(
      this.options.containerId,
      { follow: true, timestamps: true, ...query },
      this.abort.signal,
    );
    if (this.closed) {
      return 0;
    }
    this.current = stream;
    if (this.queue.isPaused) {
      stream.pause();
    }
    const decoder = new LogDecoder({ framed: !container.tty, timestamps: true }, (piece) => {
      if (this.cursor.admit(piece)) {
        this.queue.push(this.formatter.format(piece));
      }
    });
    let bytes = 0;
    await new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        this.bytesRead += chunk.length;
        decoder.push(chunk);
      });
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', resolve);
    });
    this.current = undefined;
    return bytes;
  }

  /**
   * After the stream ended: the container's next start, or undefined when it was removed or the
   * terminal closed. Subscribes to the container's events before looking at its state, so a
   * start in between is not missed.
   */
  private async waitForStart(container: ContainerProcess, lastRead: number): Promise<AfterEnd> {
    const { engine, containerId } = this.options;
    const events = await engine.containerEvents(containerId, this.abort.signal);
    try {
      const now = await engine.containerProcess(containerId, this.abort.signal);
      if (now === undefined) {
        this.removed();
        return undefined;
      }
      // A stream that ended with nothing while the container runs would only end again at once.
      if (now.state === 'running' && (lastRead > 0 || now.startedAt !== container.startedAt)) {
        return { next: now };
      }
      if (now.state !== 'running') {
        this.queuedNote(this.t('{0} stopped; waiting for it to start again…', now.name));
      }
      const action = await nextAction(events, ['start', 'destroy']);
      if (action === 'destroy') {
        this.removed();
        return undefined;
      }
      if (action === undefined || this.closed) {
        return undefined;
      }
      const next = await engine.containerProcess(containerId, this.abort.signal);
      if (next === undefined) {
        this.removed();
        return undefined;
      }
      return { next };
    } finally {
      (events as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    }
  }

  /** A line of our own, after the output still waiting. */
  private queuedNote(message: string): void {
    this.queue.push(`\x1b[2m${message}\x1b[22m\r\n`);
  }

  private removed(): void {
    void this.queue.drained().then(() => {
      this.note(this.t('The container was removed.'));
      this.waitForKey();
    });
  }

  protected end(): void {
    this.abort.abort();
    this.queue.dispose();
    // Some streams never look at the signal; destroying the one being read stops it for sure.
    const current = this.current;
    if (current !== undefined && 'destroy' in current && typeof current.destroy === 'function') {
      (current.destroy as () => void).call(current);
    }
    this.current = undefined;
  }
}

/** The container's latest start as a `since`, for a log that had shown nothing yet. */
function startedSince(container: ContainerProcess): string | undefined {
  const nanos = container.startedAt === undefined ? undefined : timestampNanos(container.startedAt);
  return nanos === undefined ? undefined : sinceParameter(nanos);
}

/** Resolves with the first of `actions` seen on an `/events` stream, or undefined when it ends. */
/** The first of these actions the container's event stream reports; undefined when it ends first. */
export function nextAction(
  events: NodeJS.ReadableStream,
  actions: readonly string[],
): Promise<string | undefined> {
  return new Promise((resolve) => {
    let line = '';
    let skipping = false;
    const finish = (action: string | undefined): void => {
      events.removeListener('data', onData);
      resolve(action);
    };
    const onData = (chunk: Buffer | string): void => {
      const text = chunk.toString();
      let start = 0;
      for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
        const whole = skipping ? '' : line + text.slice(start, newline);
        line = '';
        skipping = false;
        start = newline + 1;
        const action = eventAction(whole);
        if (action !== undefined && actions.includes(action)) {
          finish(action);
          return;
        }
      }
      line += text.slice(start);
      if (line.length > maxEventLine) {
        line = '';
        skipping = true;
      }
    };
    events.on('data', onData);
    events.once('end', () => finish(undefined));
    events.once('close', () => finish(undefined));
    events.once('error', () => finish(undefined));
  });
}

/** The action of one event line (`start`, `die`, `exec_start: sh`, …), or undefined. */
function eventAction(line: string): string | undefined {
  if (line.trim() === '') {
    return undefined;
  }
  try {
    const event = JSON.parse(line) as { Action?: unknown; status?: unknown };
    const action = typeof event.Action === 'string' ? event.Action : event.status;
    return typeof action === 'string' ? action : undefined;
  } catch {
    return undefined;
  }
}
