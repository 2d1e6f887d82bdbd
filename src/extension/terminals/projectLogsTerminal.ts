// The logs of several containers (a Compose project, profile or service) in one terminal, each line
// after its service's name in a colour of its own, as `compose logs` shows them.
import { StringDecoder } from 'node:string_decoder';
import type { LogsEngine } from './logsTerminal';
import type { PtyContext } from './enginePty';
import { EnginePty } from './enginePty';
import { LogDecoder } from './logStream';

/** One container to follow and the name its lines go after. */
export interface PrefixedContainer {
  id: string;
  prefix: string;
}

/** What a project logs terminal follows. */
export interface ProjectLogsOptions extends PtyContext {
  engine: Pick<LogsEngine, 'containerProcess' | 'containerLogs'>;
  containers: readonly PrefixedContainer[];
  /** Lines of each existing log to show first. */
  tail: number | 'all';
  /** What the terminal shows logs of, for its first line. */
  title: string;
}

const colours = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

/** Adds a prefix at the start of every line of a stream of text, across pieces. */
export class LinePrefixer {
  private atLineStart = true;

  /** @param style wraps each piece of a line's text (red for stderr), the prefix left as it is. */
  constructor(
    private readonly prefix: string,
    private readonly style: (text: string) => string = (text) => text,
  ) {}

  /** The text with the prefix before each line it starts; newlines as CRLF for a terminal. */
  push(text: string): string {
    let out = '';
    for (const part of text.split(/(\r?\n)/)) {
      if (part === '\n' || part === '\r\n') {
        out += '\r\n';
        this.atLineStart = true;
      } else if (part !== '') {
        out += (this.atLineStart ? this.prefix : '') + this.style(part);
        this.atLineStart = false;
      }
    }
    return out;
  }

  /** True when the last line written has not ended. */
  get midLine(): boolean {
    return !this.atLineStart;
  }
}

/** The prefixes of several names padded to one width, each in its colour: `web   | `. */
export function linePrefixes(names: readonly string[]): string[] {
  const width = Math.max(0, ...names.map((n) => n.length));
  const colourOf = new Map<string, number>();
  for (const name of names) {
    if (!colourOf.has(name)) colourOf.set(name, colours[colourOf.size % colours.length] ?? 36);
  }
  return names.map((name) => `\x1b[${colourOf.get(name) ?? 36}m${name.padEnd(width)} |\x1b[39m `);
}

/** A terminal following the logs of several containers until they stop or the terminal closes. */
export class ProjectLogsTerminal extends EnginePty {
  private readonly abort = new AbortController();
  private readonly streams = new Set<NodeJS.ReadableStream>();

  constructor(private readonly options: ProjectLogsOptions) {
    super(options);
  }

  protected begin(): Promise<void> {
    const { containers, title } = this.options;
    if (containers.length === 0) {
      this.fail(this.t('{0} has no containers.', title));
      return Promise.resolve();
    }
    this.note(this.t('Logs of {0}. Closing this terminal stops following; no container is touched.', title));
    const prefixes = linePrefixes(containers.map((c) => c.prefix));
    const followers = containers.map((c, i) => this.follow(c, prefixes[i] ?? ''));
    void Promise.all(followers).then(() => {
      if (!this.closed) {
        this.note(this.t('Every container has stopped.'));
        this.waitForKey();
      }
    });
    return Promise.resolve();
  }

  /** One container's log, read to its end. */
  private async follow(container: PrefixedContainer, prefix: string): Promise<void> {
    const { engine, tail } = this.options;
    try {
      const process = await engine.containerProcess(container.id, this.abort.signal);
      if (process === undefined || this.closed) {
        return;
      }
      const stream = await engine.containerLogs(
        container.id,
        { follow: true, timestamps: false, tail },
        this.abort.signal,
      );
      if (this.closed) {
        return;
      }
      this.streams.add(stream);
      const prefixers = {
        stdout: new LinePrefixer(prefix),
        stderr: new LinePrefixer(prefix, (text) => `\x1b[31m${text}\x1b[39m`),
      };
      const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
      const decoder = new LogDecoder({ framed: !process.tty, timestamps: false }, (piece) => {
        const kind = piece.stream === 'stderr' ? 'stderr' : 'stdout';
        this.write(prefixers[kind].push(decoders[kind].write(piece.data)));
      });
      await new Promise<void>((resolve) => {
        stream.on('data', (chunk: Buffer) => decoder.push(chunk));
        stream.once('end', resolve);
        stream.once('close', resolve);
        stream.once('error', resolve);
      });
      this.streams.delete(stream);
      if (!this.closed) {
        if (prefixers.stdout.midLine || prefixers.stderr.midLine) this.write('\r\n');
        this.note(this.t('{0} stopped.', container.prefix));
      }
    } catch (err) {
      if (!this.closed) {
        this.write(`\x1b[31m${this.t('{0}: {1}', container.prefix, this.describe(err))}\x1b[39m\r\n`);
      }
    }
  }

  protected end(): void {
    this.abort.abort();
    for (const stream of this.streams) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    }
    this.streams.clear();
  }
}
