// The Engine's `/events` stream: a byte stream of JSON objects, parsed as it arrives into typed
// events, with cancellation and a resume point for reconnecting.
import { StringDecoder } from 'node:string_decoder';
import type { Disposable } from './emitter';

/** The object kinds whose events the explorer follows. */
export const watchedTypes = [
  'container',
  'image',
  'volume',
  'network',
  'service',
  'node',
  'secret',
  'config',
] as const;

/** One Engine event, in the fields the refresh manager needs. */
export interface DockerEvent {
  /** `container`, `image`, `volume`, `network`, … */
  type: string;
  /** The full action, e.g. `start` or `health_status: healthy`. */
  action: string;
  /** The action before any `: detail`, e.g. `health_status`, `exec_start`. */
  verb: string;
  /** Actor.ID: a container, image or network id, a volume name, or for `pull` the reference. */
  id: string;
  attributes: Record<string, string>;
  /** Nanoseconds since the epoch, read exactly from the text (it exceeds a double's precision). */
  timeNano: bigint;
}

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/**
 * Turns one JSON object's text into an event; undefined when it is not an event at all. Engines
 * before API 1.22 only sent `status`/`id`/`from`; those still map, as container events.
 */
export function toDockerEvent(text: string): DockerEvent | undefined {
  let raw: Json;
  try {
    raw = record(JSON.parse(text));
  } catch {
    return undefined;
  }
  const actor = record(raw.Actor);
  const action =
    typeof raw.Action === 'string' ? raw.Action : typeof raw.status === 'string' ? raw.status : '';
  const id = typeof actor.ID === 'string' ? actor.ID : typeof raw.id === 'string' ? raw.id : '';
  if (action === '') {
    return undefined;
  }
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(actor.Attributes))) {
    if (typeof v === 'string') {
      attributes[k] = v;
    }
  }
  const colon = action.indexOf(':');
  return {
    type: typeof raw.Type === 'string' ? raw.Type : 'container',
    action,
    verb: (colon < 0 ? action : action.slice(0, colon)).trim(),
    id,
    attributes,
    timeNano: eventTime(text, raw),
  };
}

/** `timeNano` exactly as written; else `time` (seconds); else 0. */
function eventTime(text: string, raw: Json): bigint {
  const exact = /"timeNano"\s*:\s*(\d{1,30})/.exec(text);
  if (exact !== null) {
    return BigInt(exact[1]);
  }
  return typeof raw.time === 'number' && Number.isFinite(raw.time)
    ? BigInt(Math.trunc(raw.time)) * 1_000_000_000n
    : 0n;
}

/** The `since` value that resumes just after an event: `seconds.nanoseconds`, as the Engine reads it. */
export function sinceAfter(timeNano: bigint): string {
  const seconds = timeNano / 1_000_000_000n;
  const nanos = (timeNano % 1_000_000_000n).toString().padStart(9, '0');
  return `${seconds}.${nanos}`;
}

/** An unfinished object larger than this means the stream is not JSON events; it is dropped. */
const maxObjectLength = 8 * 1024 * 1024;

/**
 * Splits a byte stream into top-level JSON objects wherever the chunks are cut (inside a string,
 * an escape or a multi-byte character), with or without newlines between objects. Each chunk is
 * scanned once and an unfinished object is kept as parts, so the work is linear in the input.
 */
export class JsonObjectSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** The pieces of the object under way, from earlier chunks. */
  private parts: string[] = [];
  private partsLength = 0;
  private inObject = false;
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** Feeds a chunk; returns the text of every object it completed. */
  push(chunk: Buffer | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: string[] = [];
    let begin = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (!this.inObject) {
        if (ch === 0x7b /* { */) {
          this.inObject = true;
          this.depth = 1;
          begin = i;
        }
        // Anything else between objects (newlines, stray bytes) is skipped.
        continue;
      }
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
        } else if (ch === 0x5c /* \ */) {
          this.escaped = true;
        } else if (ch === 0x22 /* " */) {
          this.inString = false;
        }
        continue;
      }
      if (ch === 0x22) {
        this.inString = true;
      } else if (ch === 0x7b || ch === 0x5b /* [ */) {
        this.depth++;
      } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
        this.depth--;
        if (this.depth === 0) {
          const tail = text.slice(begin, i + 1);
          out.push(this.parts.length === 0 ? tail : this.parts.join('') + tail);
          this.parts = [];
          this.partsLength = 0;
          this.inObject = false;
        }
      }
    }
    if (this.inObject) {
      const rest = text.slice(begin);
      this.parts.push(rest);
      this.partsLength += rest.length;
      if (this.partsLength > maxObjectLength) {
        this.parts = [];
        this.partsLength = 0;
        this.inObject = false;
        this.inString = false;
        this.escaped = false;
      }
    }
    return out;
  }
}

/** Parses a stream's chunks into events; what is not an event is dropped. */
export class EventParser {
  private readonly splitter = new JsonObjectSplitter();

  push(chunk: Buffer | string): DockerEvent[] {
    const events: DockerEvent[] = [];
    for (const text of this.splitter.push(chunk)) {
      const event = toDockerEvent(text);
      if (event !== undefined) {
        events.push(event);
      }
    }
    return events;
  }
}

/** Events the explorer has no use for: exec sessions and terminal plumbing. */
export function isIgnored(event: DockerEvent): boolean {
  return (
    event.verb.startsWith('exec_') ||
    (event.type === 'container' &&
      ['attach', 'detach', 'resize', 'top', 'archive-path', 'extract-to-dir', 'export', 'copy'].includes(
        event.verb,
      ))
  );
}

/** What opens the raw stream: DockerClient.events, or anything that behaves like it. */
export interface EventSource {
  events(
    options: { since?: string; types?: readonly string[] },
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream>;
}

/** A live subscription: `closed` settles when the stream ends, with the error if it broke. */
export interface EventSubscription extends Disposable {
  readonly closed: Promise<Error | undefined>;
}

/**
 * Opens `/events` and calls `onEvent` for every event the explorer follows. Resolves once the
 * Engine has answered (so a refused connection rejects here); disposing ends the stream quietly.
 */
export async function subscribeEvents(
  source: EventSource,
  onEvent: (event: DockerEvent) => void,
  options: { since?: string; signal?: AbortSignal } = {},
): Promise<EventSubscription> {
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = (): void => controller.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let stream: NodeJS.ReadableStream;
  try {
    stream = await source.events(
      { ...(options.since !== undefined ? { since: options.since } : {}), types: watchedTypes },
      controller.signal,
    );
  } catch (err) {
    outer?.removeEventListener('abort', onOuterAbort);
    throw err;
  }
  const parser = new EventParser();
  let disposed = false;
  const closed = new Promise<Error | undefined>((resolve) => {
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) {
        return;
      }
      settled = true;
      outer?.removeEventListener('abort', onOuterAbort);
      resolve(disposed ? undefined : (err ?? new Error('the event stream ended')));
    };
    stream.on('data', (chunk: Buffer | string) => {
      if (disposed) {
        return;
      }
      for (const event of parser.push(chunk)) {
        if (!isIgnored(event)) {
          onEvent(event);
        }
      }
    });
    stream.on('error', (err: Error) => finish(err));
    stream.on('end', () => finish());
    stream.on('close', () => finish());
  });
  return {
    closed,
    dispose: () => {
      disposed = true;
      controller.abort();
      const destroyable = stream as NodeJS.ReadableStream & { destroy?: () => void };
      destroyable.destroy?.();
    },
  };
}
