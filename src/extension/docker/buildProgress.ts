// The Engine's build stream read into lines for a person: JSON messages one after another; with
// BuildKit, progress comes as `moby.buildkit.trace` messages holding base64 protobuf
// `StatusResponse`s, of which the vertexes (steps), their logs and warnings are decoded here.
import { StringDecoder } from 'node:string_decoder';
import { packContext } from './buildContext';
import type { DockerClient } from './client';

/** Splits a stream of concatenated JSON values (newlines between them optional). */
export class JsonStreamSplitter {
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scanned = 0;

  /** Feeds text; returns the values completed by it. Malformed values are dropped. */
  push(text: string): unknown[] {
    this.buffer += text;
    const out: unknown[] = [];
    let start = 0;
    for (let i = this.scanned; i < this.buffer.length; i++) {
      const ch = this.buffer.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
        } else if (ch === 0x5c) {
          this.escaped = true;
        } else if (ch === 0x22) {
          this.inString = false;
        }
        continue;
      }
      if (ch === 0x22) {
        this.inString = true;
      } else if (ch === 0x7b || ch === 0x5b) {
        if (this.depth === 0) {
          start = i;
        }
        this.depth++;
      } else if ((ch === 0x7d || ch === 0x5d) && this.depth > 0) {
        this.depth--;
        if (this.depth === 0) {
          try {
            out.push(JSON.parse(this.buffer.slice(start, i + 1)));
          } catch {
            // Not JSON after all: skip it.
          }
          start = i + 1;
        }
      } else if (this.depth === 0) {
        start = i + 1;
      }
    }
    this.buffer = this.buffer.slice(start);
    this.scanned = this.buffer.length;
    return out;
  }
}

// ---- a minimal protobuf reader ----

/** Reads protobuf wire format; every method stops at the end instead of reading past it. */
class ProtoReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** A varint, as a number (exact up to 2^53). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.bytes.length) {
        throw new RangeError('truncated varint');
      }
      const byte = this.bytes[this.pos++];
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        return result;
      }
      scale *= 128;
    }
    throw new RangeError('varint too long');
  }

  bytesField(): Uint8Array {
    const length = this.varint();
    if (this.pos + length > this.bytes.length) {
      throw new RangeError('truncated field');
    }
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        this.pos += 8;
        return;
      case 2:
        this.bytesField();
        return;
      case 5:
        this.pos += 4;
        return;
      default:
        throw new RangeError(`unsupported wire type ${wireType}`);
    }
  }

  /** Calls `on` for each field; `on` reads the value or returns false to have it skipped. */
  forEach(on: (field: number, wireType: number) => boolean): void {
    while (!this.done) {
      const key = this.varint();
      const field = Math.floor(key / 8);
      const wireType = key & 7;
      if (!on(field, wireType)) {
        this.skip(wireType);
      }
    }
    if (this.pos > this.bytes.length) {
      throw new RangeError('truncated message');
    }
  }
}

const utf8 = new TextDecoder('utf-8');

function text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** `google.protobuf.Timestamp` as milliseconds since the epoch. */
function timestamp(bytes: Uint8Array): number {
  let seconds = 0;
  let nanos = 0;
  const reader = new ProtoReader(bytes);
  reader.forEach((field, wire) => {
    if (wire !== 0) {
      return false;
    }
    const value = reader.varint();
    if (field === 1) {
      seconds = value;
    } else if (field === 2) {
      nanos = value;
    }
    return true;
  });
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

/** One step of a BuildKit build. */
export interface Vertex {
  digest: string;
  name: string;
  cached: boolean;
  startedMs?: number;
  completedMs?: number;
  error?: string;
}

/** Output of a step's process. */
export interface VertexLog {
  vertex: string;
  /** 1 stdout, 2 stderr. */
  stream: number;
  data: Uint8Array;
}

/** A build check's warning on a step. */
export interface VertexWarning {
  vertex: string;
  short: string;
}

/** The parts of BuildKit's `StatusResponse` that progress output needs. */
export interface StatusResponse {
  vertexes: Vertex[];
  logs: VertexLog[];
  warnings: VertexWarning[];
}

function decodeVertex(bytes: Uint8Array): Vertex {
  const vertex: Vertex = { digest: '', name: '', cached: false };
  const reader = new ProtoReader(bytes);
  reader.forEach((field, wire) => {
    if (field === 4 && wire === 0) {
      vertex.cached = reader.varint() !== 0;
      return true;
    }
    if (wire !== 2) {
      return false;
    }
    const value = reader.bytesField();
    switch (field) {
      case 1:
        vertex.digest = text(value);
        break;
      case 3:
        vertex.name = text(value);
        break;
      case 5:
        vertex.startedMs = timestamp(value);
        break;
      case 6:
        vertex.completedMs = timestamp(value);
        break;
      case 7:
        vertex.error = text(value);
        break;
      default:
        break;
    }
    return true;
  });
  return vertex;
}

function decodeLog(bytes: Uint8Array): VertexLog {
  const log: VertexLog = { vertex: '', stream: 1, data: new Uint8Array() };
  const reader = new ProtoReader(bytes);
  reader.forEach((field, wire) => {
    if (field === 3 && wire === 0) {
      log.stream = reader.varint();
      return true;
    }
    if (wire !== 2 || (field !== 1 && field !== 4)) {
      return false;
    }
    const value = reader.bytesField();
    if (field === 1) {
      log.vertex = text(value);
    } else {
      log.data = value;
    }
    return true;
  });
  return log;
}

function decodeWarning(bytes: Uint8Array): VertexWarning {
  const warning: VertexWarning = { vertex: '', short: '' };
  const reader = new ProtoReader(bytes);
  reader.forEach((field, wire) => {
    if (wire !== 2 || (field !== 1 && field !== 3)) {
      return false;
    }
    const value = text(reader.bytesField());
    if (field === 1) {
      warning.vertex = value;
    } else {
      warning.short = value;
    }
    return true;
  });
  return warning;
}

/** Decodes a `StatusResponse`; undefined when the bytes are not one. Never throws. */
export function decodeStatusResponse(bytes: Uint8Array): StatusResponse | undefined {
  const status: StatusResponse = { vertexes: [], logs: [], warnings: [] };
  try {
    const reader = new ProtoReader(bytes);
    reader.forEach((field, wire) => {
      if (wire !== 2) {
        return false;
      }
      if (field === 1) {
        status.vertexes.push(decodeVertex(reader.bytesField()));
      } else if (field === 3) {
        status.logs.push(decodeLog(reader.bytesField()));
      } else if (field === 4) {
        status.warnings.push(decodeWarning(reader.bytesField()));
      } else {
        return false;
      }
      return true;
    });
  } catch {
    return undefined;
  }
  return status;
}

// ---- lines for a person ----

/** One line of build output and how to show it. */
export interface ProgressLine {
  readonly text: string;
  readonly kind: 'step' | 'log' | 'done' | 'error' | 'warning' | 'info';
}

interface StepState {
  index: number;
  name: string;
  started: boolean;
  finished: boolean;
  partial: string;
}

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

/**
 * Turns Engine build messages (either builder) into lines, and remembers the outcome: the image
 * id, or the error and the step it happened in.
 */
export class BuildProgress {
  imageId: string | undefined;
  error: string | undefined;
  failedStep: string | undefined;
  private readonly steps = new Map<string, StepState>();
  private lastClassicStep: string | undefined;
  private failureWasCancel = false;
  private shown = 0;
  private classicPartial = '';

  /** The lines one message of the stream adds. */
  handle(message: unknown): ProgressLine[] {
    if (message === null || typeof message !== 'object') {
      return [];
    }
    const m = message as Record<string, unknown>;
    const lines: ProgressLine[] = [];
    if (m.id === 'moby.buildkit.trace' && typeof m.aux === 'string') {
      const status = decodeStatusResponse(Buffer.from(m.aux, 'base64'));
      if (status !== undefined) {
        lines.push(...this.trace(status));
      }
      return lines;
    }
    if (m.id === 'moby.image.id' && typeof m.aux === 'object' && m.aux !== null) {
      const id = (m.aux as Record<string, unknown>).ID;
      if (typeof id === 'string') {
        this.imageId = id;
      }
      return lines;
    }
    if (typeof m.stream === 'string') {
      lines.push(...this.classic(m.stream));
    }
    if (typeof m.status === 'string') {
      const id = typeof m.id === 'string' ? `${m.id}: ` : '';
      const progress = typeof m.progress === 'string' ? ` ${m.progress}` : '';
      lines.push({ text: `${id}${m.status}${progress}`, kind: 'info' });
    }
    if (typeof m.aux === 'object' && m.aux !== null) {
      const id = (m.aux as Record<string, unknown>).ID;
      if (typeof id === 'string') {
        this.imageId = id;
      }
    }
    const detail = m.errorDetail as { message?: unknown } | undefined;
    const error =
      typeof detail?.message === 'string'
        ? detail.message
        : typeof m.error === 'string'
          ? m.error
          : undefined;
    if (error !== undefined) {
      lines.push(...this.flushClassic());
      this.error = error;
      this.failedStep ??= this.lastClassicStep;
      lines.push({ text: `ERROR: ${error}`, kind: 'error' });
    }
    return lines;
  }

  /** Lines still held back (a log line without its newline), for the end of the stream. */
  flush(): ProgressLine[] {
    const lines = this.flushClassic();
    for (const [, step] of this.steps) {
      if (step.partial !== '') {
        lines.push({ text: `#${step.index} ${step.partial}`, kind: 'log' });
        step.partial = '';
      }
    }
    return lines;
  }

  private classic(chunk: string): ProgressLine[] {
    const lines: ProgressLine[] = [];
    const parts = (this.classicPartial + chunk).split('\n');
    this.classicPartial = parts.pop() ?? '';
    for (const raw of parts) {
      const line = raw.replace(/\r$/, '');
      if (/^Step \d+\/\d+ : /.test(line)) {
        this.lastClassicStep = line.replace(/^Step \d+\/\d+ : /, '');
        lines.push({ text: line, kind: 'step' });
      } else if (/^Successfully (built|tagged) /.test(line)) {
        lines.push({ text: line, kind: 'done' });
      } else {
        lines.push({ text: line, kind: 'log' });
      }
    }
    return lines;
  }

  private flushClassic(): ProgressLine[] {
    if (this.classicPartial === '') {
      return [];
    }
    const rest = this.classicPartial;
    this.classicPartial = '';
    return this.classic(`${rest}\n`);
  }

  /** A step's state; numbered (`#n`) when first shown, as BuildKit's plain output does. */
  private step(digest: string, name: string): StepState {
    let step = this.steps.get(digest);
    if (step === undefined) {
      step = { index: 0, name, started: false, finished: false, partial: '' };
      this.steps.set(digest, step);
    }
    if (name !== '') {
      step.name = name;
    }
    return step;
  }

  private number(step: StepState): number {
    if (step.index === 0) {
      step.index = ++this.shown;
    }
    return step.index;
  }

  private trace(status: StatusResponse): ProgressLine[] {
    const lines: ProgressLine[] = [];
    for (const vertex of status.vertexes) {
      const step = this.step(vertex.digest, vertex.name);
      if (!step.started && (vertex.startedMs !== undefined || vertex.cached)) {
        step.started = true;
        lines.push({ text: `#${this.number(step)} ${step.name}`, kind: 'step' });
      }
      if (step.finished) {
        continue;
      }
      if (vertex.error !== undefined && vertex.error !== '') {
        step.finished = true;
        this.number(step);
        lines.push(...this.flushStep(step));
        // Steps cancelled because another failed say "context canceled": the real failure wins.
        const cancelled = /context canceled/.test(vertex.error);
        if (this.failedStep === undefined || (this.failureWasCancel && !cancelled)) {
          this.failedStep = step.name;
          this.error = vertex.error;
          this.failureWasCancel = cancelled;
        }
        lines.push({ text: `#${step.index} ERROR: ${vertex.error}`, kind: 'error' });
      } else if (vertex.cached) {
        step.finished = true;
        this.number(step);
        lines.push({ text: `#${step.index} CACHED`, kind: 'done' });
      } else if (vertex.completedMs !== undefined) {
        step.finished = true;
        this.number(step);
        lines.push(...this.flushStep(step));
        const took =
          vertex.startedMs !== undefined ? ` ${seconds(vertex.completedMs - vertex.startedMs)}` : '';
        lines.push({ text: `#${step.index} DONE${took}`, kind: 'done' });
      }
    }
    for (const log of status.logs) {
      const step = this.step(log.vertex, '');
      this.number(step);
      const parts = (step.partial + text(log.data)).split('\n');
      step.partial = parts.pop() ?? '';
      for (const part of parts) {
        lines.push({ text: `#${step.index} ${part.replace(/\r$/, '')}`, kind: 'log' });
      }
    }
    for (const warning of status.warnings) {
      const step = this.step(warning.vertex, '');
      this.number(step);
      lines.push({ text: `#${step.index} WARN: ${warning.short}`, kind: 'warning' });
    }
    return lines;
  }

  private flushStep(step: StepState): ProgressLine[] {
    if (step.partial === '') {
      return [];
    }
    const line = { text: `#${step.index} ${step.partial}`, kind: 'log' as const };
    step.partial = '';
    return [line];
  }
}

// ---- running a build ----

/** The part of DockerClient a build uses. */
export interface BuildClient {
  version(signal?: AbortSignal): Promise<{ apiVersion: string; os: string }>;
  buildImage: DockerClient['buildImage'];
}

/** What to build. */
export interface BuildRequest {
  /** The context folder. */
  readonly root: string;
  /** The Dockerfile, absolute, inside `root`. */
  readonly dockerfile: string;
  readonly tag: string;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly platform?: string;
  readonly networkMode?: string;
  /** Which builder: BuildKit when the daemon has it (`auto`), or one forced. */
  readonly builder?: 'auto' | '1' | '2';
}

/** How a build ended. */
export interface BuildResult {
  readonly builder: '1' | '2';
  readonly imageId?: string;
  readonly error?: string;
  readonly failedStep?: string;
  readonly cancelled: boolean;
}

function apiAtLeast(version: string, major: number, minor: number): boolean {
  const [a, b] = version.split('.').map((part) => Number.parseInt(part, 10));
  return a > major || (a === major && (b ?? 0) >= minor);
}

/** BuildKit through `POST /build` needs API 1.39 and a Linux daemon. */
function buildKitLikely(version: { apiVersion: string; os: string }): boolean {
  return apiAtLeast(version.apiVersion, 1, 39) && version.os.toLowerCase() !== 'windows';
}

/** The Engine's answer to a refused build request (`{"message": …}`), or undefined. */
function refusal(err: unknown): string | undefined {
  if (
    typeof err !== 'object' ||
    err === null ||
    !('statusCode' in err) ||
    typeof err.statusCode !== 'number'
  ) {
    return undefined;
  }
  const json = 'json' in err ? err.json : undefined;
  if (typeof json === 'object' && json !== null && 'message' in json && typeof json.message === 'string') {
    return json.message;
  }
  if (typeof json === 'string' && json.trim() !== '') {
    return json.trim();
  }
  // docker-modem puts the body in the message too: `(HTTP code 400) bad parameter - <message>`.
  const message = err instanceof Error ? err.message : '';
  const at = message.indexOf(' - ');
  return at === -1 ? undefined : message.slice(at + 3).trim();
}

/** The Engine's refusal of BuildKit (disabled, unsupported platform, old API). */
function refusedBuildKit(err: unknown): boolean {
  const message = refusal(err) ?? (err instanceof Error ? err.message : String(err));
  return /buildkit|not supported|unsupported|builder version/i.test(message);
}

/**
 * Packs the context, sends it, and reports progress lines until the build ends. Falls back to
 * the classic builder when the daemon refuses BuildKit, and says so. Throws on what happens
 * before the build starts (a bad ignore pattern, an unreachable daemon); a failing build is a
 * result, not an exception.
 */
export async function runBuild(
  client: BuildClient,
  request: BuildRequest,
  onLine: (line: ProgressLine) => void,
  signal?: AbortSignal,
): Promise<BuildResult> {
  let builder: '1' | '2';
  if (request.builder === '1' || request.builder === '2') {
    builder = request.builder;
  } else {
    builder = buildKitLikely(await client.version(signal)) ? '2' : '1';
    if (builder === '1') {
      onLine({ text: 'BuildKit is not available on this daemon: using the classic builder.', kind: 'info' });
    }
  }
  for (;;) {
    const packed = await packContext({ root: request.root, dockerfile: request.dockerfile });
    let contextError: Error | undefined;
    packed.stream.on('error', (err: Error) => {
      contextError = err;
    });
    let stream: NodeJS.ReadableStream;
    try {
      stream = await client.buildImage(
        packed.stream,
        {
          dockerfile: packed.dockerfile,
          tags: [request.tag],
          version: builder,
          ...(request.target ? { target: request.target } : {}),
          ...(request.buildArgs ? { buildArgs: request.buildArgs } : {}),
          ...(request.platform ? { platform: request.platform } : {}),
          ...(request.networkMode ? { networkMode: request.networkMode } : {}),
        },
        signal,
      );
    } catch (err) {
      packed.stream.destroy();
      if (signal?.aborted === true) {
        return { builder, cancelled: true };
      }
      if (contextError !== undefined) {
        throw contextError;
      }
      if (builder === '2' && request.builder !== '2' && refusedBuildKit(err)) {
        const why = err instanceof Error ? err.message.trim() : String(err);
        onLine({ text: `BuildKit is not available (${why}): using the classic builder.`, kind: 'info' });
        builder = '1';
        continue;
      }
      // The classic builder refuses a Dockerfile it cannot parse before any output: a failed build.
      const refused = refusal(err);
      if (refused !== undefined) {
        onLine({ text: `ERROR: ${refused}`, kind: 'error' });
        return { builder, cancelled: false, error: refused };
      }
      throw err;
    }
    return readBuildStream(stream, builder, onLine, signal, () => contextError);
  }
}

async function readBuildStream(
  stream: NodeJS.ReadableStream,
  builder: '1' | '2',
  onLine: (line: ProgressLine) => void,
  signal: AbortSignal | undefined,
  contextError: () => Error | undefined,
): Promise<BuildResult> {
  const progress = new BuildProgress();
  const splitter = new JsonStreamSplitter();
  const decoder = new StringDecoder('utf8');
  const emit = (lines: ProgressLine[]): void => lines.forEach((line) => onLine(line));
  let broken: unknown;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const textChunk = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      for (const message of splitter.push(textChunk)) {
        emit(progress.handle(message));
      }
    }
  } catch (err) {
    broken = err;
  }
  emit(progress.flush());
  const outcome = {
    builder,
    ...(progress.imageId !== undefined ? { imageId: progress.imageId } : {}),
    ...(progress.failedStep !== undefined ? { failedStep: progress.failedStep } : {}),
  };
  if (signal?.aborted === true) {
    return { ...outcome, cancelled: true };
  }
  const failedContext = contextError();
  if (failedContext !== undefined) {
    return {
      ...outcome,
      cancelled: false,
      error: `The build context could not be read: ${failedContext.message}`,
    };
  }
  if (progress.error !== undefined) {
    return { ...outcome, cancelled: false, error: progress.error };
  }
  if (broken !== undefined) {
    const message = broken instanceof Error ? broken.message : JSON.stringify(broken);
    return { ...outcome, cancelled: false, error: `The connection to the daemon broke: ${message}` };
  }
  if (progress.imageId === undefined) {
    return { ...outcome, cancelled: false, error: 'The daemon ended the build without an image.' };
  }
  return { ...outcome, cancelled: false };
}
