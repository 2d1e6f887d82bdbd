// A swarm service's logs, across all its tasks, followed in a terminal: each message prefixed with
// the task it came from (`web.2`), stderr in red, bounded memory however fast the tasks write.
import type { PtyContext } from './enginePty';
import { EnginePty } from './enginePty';
import type { LogPiece } from './logStream';
import { LogDecoder, LogFormatter } from './logStream';
import type { OutputQueueOptions } from './outputQueue';
import { defaultQueueOptions, OutputQueue } from './outputQueue';

/** The Engine call a service logs terminal makes (DockerClient's `swarm` has it). */
export interface ServiceLogsEngine {
  serviceLogs(
    id: string,
    options: { follow: boolean; tail: number | 'all' },
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream>;
}

/** Which service a terminal follows and how it names its tasks. */
export interface ServiceLogsTerminalOptions extends PtyContext {
  engine: ServiceLogsEngine;
  serviceId: string;
  serviceName: string;
  /** A service with a TTY writes raw output rather than frames. */
  tty: boolean;
  /** Lines of each task's existing log to show first. */
  tail: number | 'all';
  /** The name of a task (`web.2`), read when its first message arrives. */
  taskName: (taskId: string) => string | undefined;
  timestamps: () => boolean;
  queue?: OutputQueueOptions;
}

/** A message piece with the task it came from, once the details before it are taken off. */
export interface TaskLogPiece extends LogPiece {
  taskId: string;
}

/** The longest details prefix kept while looking for its end. */
const maxDetails = 4096;

/**
 * Takes the details the Engine writes before each message of a service's log
 * (`com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,com.docker.swarm.task.id=… `) off,
 * wherever the pieces are cut, and hands the message on with its task id.
 */
export class DetailsSplitter {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private readingDetails = false;
  private taskId = '';
  private timestamp: string | undefined;

  constructor(private readonly emit: (piece: TaskLogPiece) => void) {}

  push(piece: LogPiece): void {
    let data = piece.data;
    let first = false;
    if (piece.first) {
      this.readingDetails = true;
      this.pending = [];
      this.pendingLength = 0;
      this.taskId = '';
      this.timestamp = piece.timestamp;
    }
    if (this.readingDetails) {
      const space = data.indexOf(32);
      if (space < 0 && !piece.last && this.pendingLength + data.length <= maxDetails) {
        this.pending.push(data);
        this.pendingLength += data.length;
        return;
      }
      const whole = Buffer.concat([...this.pending, data]);
      const end = whole.indexOf(32);
      this.readingDetails = false;
      this.pending = [];
      this.pendingLength = 0;
      const details = end < 0 ? '' : whole.subarray(0, end).toString('utf8');
      if (end >= 0 && /^[\w.-]+=/.test(details)) {
        this.taskId = detailValue(details, 'com.docker.swarm.task.id') ?? '';
        data = whole.subarray(end + 1);
      } else {
        // No details after all: the message is kept whole.
        data = whole;
      }
      first = true;
    }
    this.emit({
      stream: piece.stream,
      data,
      ...(first && this.timestamp !== undefined ? { timestamp: this.timestamp } : {}),
      first,
      last: piece.last,
      taskId: this.taskId,
    });
  }
}

/** One value of a `k=v,k=v` details list. */
export function detailValue(details: string, key: string): string | undefined {
  for (const pair of details.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq) === key) {
      return decodeURIComponent(pair.slice(eq + 1));
    }
  }
  return undefined;
}

const prefixColours = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94];

/** A terminal that follows one service's logs across its tasks. */
export class ServiceLogsTerminal extends EnginePty {
  private readonly formatter: LogFormatter;
  private readonly queue: OutputQueue;
  private readonly abort = new AbortController();
  private current: NodeJS.ReadableStream | undefined;
  private readonly colours = new Map<string, number>();
  /** Bytes read from the Engine so far. */
  bytesRead = 0;

  constructor(private readonly options: ServiceLogsTerminalOptions) {
    super(options);
    this.formatter = new LogFormatter(options.timestamps);
    this.queue = new OutputQueue(
      (text) => this.write(text),
      (paused) => (paused ? this.current?.pause() : this.current?.resume()),
      options.queue ?? defaultQueueOptions,
    );
  }

  /** The output queue, for measurements. */
  get output(): OutputQueue {
    return this.queue;
  }

  protected async begin(): Promise<void> {
    const { engine, serviceId, serviceName } = this.options;
    const stream = await engine.serviceLogs(
      serviceId,
      { follow: true, tail: this.options.tail },
      this.abort.signal,
    );
    if (this.closed) {
      return;
    }
    this.note(
      this.t(
        'Logs of the service {0}, across its tasks. Closing this terminal stops following; the service is not touched.',
        serviceName,
      ),
    );
    this.current = stream;
    const splitter = new DetailsSplitter((piece) => this.queue.push(this.render(piece)));
    const decoder = new LogDecoder({ framed: !this.options.tty, timestamps: true }, (piece) =>
      splitter.push(piece),
    );
    stream.on('data', (chunk: Buffer) => {
      this.bytesRead += chunk.length;
      decoder.push(chunk);
    });
    const ended = (): void => {
      if (this.current !== stream || this.closed) {
        return;
      }
      this.current = undefined;
      void this.queue.drained().then(() => {
        this.note(this.t('The log stream ended (the service may have been removed).'));
        this.waitForKey();
      });
    };
    stream.once('end', ended);
    stream.once('close', ended);
    stream.once('error', (err: Error) => {
      if (!this.closed) {
        this.fail(this.describe(err));
      }
    });
  }

  private render(piece: TaskLogPiece): string {
    const text = this.formatter.format(piece);
    if (!piece.first) {
      return text;
    }
    const name = this.options.taskName(piece.taskId) ?? piece.taskId.slice(0, 12);
    let colour = this.colours.get(piece.taskId);
    if (colour === undefined) {
      colour = prefixColours[this.colours.size % prefixColours.length] ?? 36;
      this.colours.set(piece.taskId, colour);
    }
    return `\x1b[${colour}m${name}\x1b[39m | ${text}`;
  }

  protected end(): void {
    this.abort.abort();
    this.queue.dispose();
    this.current = undefined;
  }
}
