// A container's logs read once into text for a read-only document: bounded to the last part
// when the log is huge, saying how much was left out.
import type { LogsOptions } from '../docker/client';
import type { Translate } from './enginePty';
import { plainText } from './enginePty';
import type { LogPiece } from './logStream';
import { LogDecoder } from './logStream';
import { StringDecoder } from 'node:string_decoder';

/** The Engine calls the reader makes (DockerClient has them). */
export interface LogsReader {
  containerProcess(id: string, signal?: AbortSignal): Promise<{ tty: boolean } | undefined>;
  containerLogs(id: string, options: LogsOptions, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
}

/** What to read and how much to keep. */
export interface LogTextOptions {
  tail: number | 'all';
  since?: string;
  timestamps: boolean;
  /** Keep at most this many bytes of log text (the newest). */
  limitBytes: number;
  t?: Translate;
}

/** The log text, and how many bytes of older log were left out to stay within the limit. */
export interface LogText {
  text: string;
  skippedBytes: number;
}

/**
 * Reads a container's logs (not following). Messages from stderr are marked `[stderr]`; with
 * `timestamps`, each message starts with its time.
 */
export async function readLogText(
  reader: LogsReader,
  containerId: string,
  options: LogTextOptions,
  signal?: AbortSignal,
): Promise<LogText> {
  const t = options.t ?? plainText;
  const container = await reader.containerProcess(containerId, signal);
  if (container === undefined) {
    return { text: t('Container {0} no longer exists.', containerId.slice(0, 12)), skippedBytes: 0 };
  }
  const stream = await reader.containerLogs(
    containerId,
    {
      follow: false,
      timestamps: options.timestamps,
      tail: options.tail,
      ...(options.since !== undefined ? { since: options.since } : {}),
    },
    signal,
  );
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let skippedBytes = 0;
  const keep = (data: Buffer): void => {
    kept.push(data);
    keptBytes += data.length;
    while (keptBytes > options.limitBytes && kept.length > 1) {
      const dropped = kept.shift() ?? Buffer.alloc(0);
      keptBytes -= dropped.length;
      skippedBytes += dropped.length;
    }
  };
  const decoder = new LogDecoder(
    { framed: !container.tty, timestamps: options.timestamps },
    (piece: LogPiece) => {
      const prefix =
        (piece.first && piece.timestamp !== undefined ? `${piece.timestamp} ` : '') +
        (piece.first && piece.stream === 'stderr' ? '[stderr] ' : '');
      keep(prefix === '' ? Buffer.from(piece.data) : Buffer.concat([Buffer.from(prefix), piece.data]));
    },
  );
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => decoder.push(chunk));
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
  const utf8 = new StringDecoder('utf8');
  let text = kept.map((piece) => utf8.write(piece)).join('') + utf8.end();
  if (skippedBytes > 0) {
    text = `${t('[{0} bytes of older log skipped: only the last {1} bytes are shown]', skippedBytes, keptBytes)}\n${text}`;
  }
  return { text, skippedBytes };
}
