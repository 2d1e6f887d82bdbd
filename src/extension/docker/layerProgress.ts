// The Engine's pull and push streams, read into one percentage and a line per layer. Each
// message names a layer (`id`, a short digest) and its state; bytes come in `progressDetail`.
import { formatBytes } from '../views/format';
import { JsonStreamSplitter } from './buildProgress';

/** One message of a pull or push stream, as the Engine sends it. */
export interface TransferMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { Tag?: string; Digest?: string; Size?: number };
}

/** Where one layer is. */
export interface LayerState {
  /** The short digest the Engine names it by. */
  readonly id: string;
  /** The Engine's word for its state: Downloading, Extracting, Pushing, Pull complete… */
  readonly status: string;
  /** Bytes done and expected in the current state (0 when the Engine gave none). */
  readonly current: number;
  readonly total: number;
  /** Between 0 and 1. */
  readonly fraction: number;
  readonly done: boolean;
}

/** The whole transfer at one moment. */
export interface TransferProgress {
  /** 0 to 100, the layers weighed equally. */
  readonly percent: number;
  /** Layers in the order the Engine first named them. */
  readonly layers: readonly LayerState[];
  /** The layer that moved last (for a one-line message), if any. */
  readonly active: LayerState | undefined;
  /** The latest message not about a layer (`Digest: …`, `Status: …`). */
  readonly status: string;
}

/** Translates a message with `{0}` placeholders (vscode.l10n.t or a test's own). */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

// Downloading is most of a pull's time; extraction the rest.
const downloadShare = 0.7;

/** How far a layer in `status` is, from the bytes of that state. */
function layerFraction(kind: 'pull' | 'push', status: string, current: number, total: number): number {
  const part = total > 0 ? Math.min(1, Math.max(0, current / total)) : 0;
  if (kind === 'push') {
    if (status === 'Pushing') {
      return Math.min(0.99, part);
    }
    return isLayerDone(kind, status) ? 1 : 0;
  }
  switch (status) {
    case 'Downloading':
      return downloadShare * part;
    case 'Verifying Checksum':
    case 'Download complete':
      return downloadShare;
    case 'Extracting':
      return downloadShare + (1 - downloadShare) * part;
    default:
      return isLayerDone(kind, status) ? 1 : 0;
  }
}

function isLayerDone(kind: 'pull' | 'push', status: string): boolean {
  if (kind === 'pull') {
    return status === 'Pull complete' || status === 'Already exists';
  }
  return status === 'Pushed' || status === 'Layer already exists' || status.startsWith('Mounted from');
}

/** Layer ids are short (or full) hex digests; other ids name the tag being pulled. */
const layerId = /^[0-9a-f]{12,64}$/;

/** Follows the messages of one pull or push and keeps every layer's state. */
export class LayerProgress {
  private readonly layers = new Map<string, LayerState>();
  private active: string | undefined;
  private status = '';
  /** Every message not about a layer, in order (the Engine's summary lines). */
  readonly statusLines: string[] = [];
  /** The digest the registry gave (push: from `aux`; pull: from the `Digest:` line). */
  digest: string | undefined;

  constructor(private readonly kind: 'pull' | 'push') {}

  /** Takes one message; returns the new state, or undefined when the message changed nothing. */
  update(message: TransferMessage): TransferProgress | undefined {
    const status = typeof message.status === 'string' ? message.status : '';
    const id = typeof message.id === 'string' ? message.id : '';
    if (message.aux?.Digest !== undefined) {
      this.digest = message.aux.Digest;
    }
    if (status === '') {
      return undefined;
    }
    if (id === '' || !layerId.test(id)) {
      const digest = /^Digest: (sha256:[0-9a-f]{64})$/.exec(status);
      if (digest !== null) {
        this.digest = digest[1];
      }
      this.status = status;
      this.statusLines.push(id !== '' ? `${id}: ${status}` : status);
      return this.snapshot();
    }
    const previous = this.layers.get(id);
    const detail = message.progressDetail ?? {};
    const current = typeof detail.current === 'number' ? detail.current : 0;
    const total = typeof detail.total === 'number' ? detail.total : 0;
    // "Retrying in 5 seconds" and the like keep the layer where it was.
    const holds = status === 'Waiting' || status.startsWith('Retrying') || status === 'Preparing';
    const fraction =
      holds && previous !== undefined
        ? previous.fraction
        : Math.max(
            // A layer never goes back, except a pull that restarts a download.
            status === 'Downloading' ? 0 : (previous?.fraction ?? 0),
            layerFraction(this.kind, status, current, total),
          );
    this.layers.set(id, {
      id,
      status,
      current,
      total,
      fraction,
      done: isLayerDone(this.kind, status),
    });
    this.active = id;
    return this.snapshot();
  }

  snapshot(): TransferProgress {
    const layers = [...this.layers.values()];
    const sum = layers.reduce((acc, layer) => acc + layer.fraction, 0);
    return {
      percent: layers.length === 0 ? 0 : Math.floor((100 * sum) / layers.length),
      layers,
      active: this.active !== undefined ? this.layers.get(this.active) : undefined,
      status: this.status,
    };
  }
}

/** `a1b2c3d4e5f6: Downloading 3.1 MB of 12 MB`, or the bare state when there are no bytes. */
export function layerLine(layer: LayerState, t: Translate): string {
  if (layer.total > 0 && !layer.done) {
    return t(
      '{0}: {1} {2} of {3}',
      layer.id,
      layer.status,
      formatBytes(layer.current),
      formatBytes(layer.total),
    );
  }
  return `${layer.id}: ${layer.status}`;
}

/** One line for a progress notification: `42% · 2 of 5 layers · a1b2…: Downloading 3 MB of 12 MB`. */
export function progressMessage(progress: TransferProgress, t: Translate): string {
  const { layers, active } = progress;
  if (layers.length === 0) {
    return progress.status;
  }
  const done = layers.filter((l) => l.done).length;
  const parts = [`${progress.percent}%`, t('{0} of {1} layers', done, layers.length)];
  if (active !== undefined && !active.done) {
    parts.push(layerLine(active, t));
  }
  return parts.join(' · ');
}

/** The Engine's refusal in the middle of a transfer (an `error` message in the stream). */
export class TransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferError';
  }
}

/** Raised when the caller cancelled; nothing to report to the user. */
export class TransferCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'TransferCancelled';
  }
}

/**
 * Reads a pull or push stream to its end, handing each change to `onProgress`. An `error`
 * message rejects with a TransferError; `signal` destroys the stream (the daemon then stops)
 * and rejects with TransferCancelled.
 */
export async function followTransfer(
  stream: NodeJS.ReadableStream,
  tracker: LayerProgress,
  onProgress: ((progress: TransferProgress) => void) | undefined,
  signal?: AbortSignal,
): Promise<TransferProgress> {
  const splitter = new JsonStreamSplitter();
  const destroy = (): void => (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  return new Promise<TransferProgress>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) {
        return;
      }
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err !== undefined) {
        destroy();
        reject(err);
      } else {
        resolve(tracker.snapshot());
      }
    };
    const onAbort = (): void => finish(new TransferCancelled());
    if (signal?.aborted === true) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer | string) => {
      if (settled) {
        return;
      }
      for (const value of splitter.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))) {
        const message = (typeof value === 'object' && value !== null ? value : {}) as TransferMessage;
        const error = message.errorDetail?.message ?? message.error;
        if (typeof error === 'string' && error !== '') {
          finish(new TransferError(error));
          return;
        }
        const progress = tracker.update(message);
        if (progress !== undefined) {
          onProgress?.(progress);
        }
      }
    });
    stream.on('error', (err: Error) => finish(signal?.aborted === true ? new TransferCancelled() : err));
    let ended = false;
    stream.on('end', () => {
      ended = true;
      finish();
    });
    stream.on('close', () =>
      finish(
        signal?.aborted === true
          ? new TransferCancelled()
          : ended
            ? undefined
            : new TransferError('the connection to Docker closed before the transfer finished'),
      ),
    );
  });
}
