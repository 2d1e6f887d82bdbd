// Decoding the Engine's output streams: the 8-byte frame headers that multiplex stdout and
// stderr, the timestamps the logs endpoint puts before each message, and a cursor that lets a
// reattached stream skip what was already shown. Linear in the input; never throws.
import { StringDecoder } from 'node:string_decoder';

/** Which of the process's streams a piece of output came from. */
export type StreamKind = 'stdin' | 'stdout' | 'stderr';

const kinds: readonly StreamKind[] = ['stdin', 'stdout', 'stderr'];

/** Part of one frame's payload; a frame may arrive in several pieces. */
export interface FramePiece {
  stream: StreamKind;
  data: Buffer;
  /** The first piece of its frame. */
  first: boolean;
  /** The last piece of its frame. */
  last: boolean;
}

/**
 * Splits a multiplexed stream (`[type, 0, 0, 0, size32be]` + payload) into pieces, without
 * copying payloads. A header that is not a frame header (a TTY's raw output read as frames)
 * turns the rest of the stream into plain stdout rather than garbage.
 */
export class FrameDecoder {
  private readonly header = Buffer.alloc(8);
  private headerFill = 0;
  private remaining = 0;
  private stream: StreamKind = 'stdout';
  private atFrameStart = true;
  private raw = false;

  /** Feeds one chunk; calls `emit` for every piece of payload it completes. */
  push(chunk: Buffer, emit: (piece: FramePiece) => void): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.raw) {
        emit({ stream: 'stdout', data: chunk.subarray(offset), first: false, last: false });
        return;
      }
      if (this.remaining === 0) {
        const take = Math.min(8 - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + take);
        this.headerFill += take;
        offset += take;
        if (this.headerFill < 8) {
          return;
        }
        this.headerFill = 0;
        const type = this.header[0] ?? 255;
        if (type > 2 || this.header[1] !== 0 || this.header[2] !== 0 || this.header[3] !== 0) {
          this.raw = true;
          emit({ stream: 'stdout', data: Buffer.from(this.header), first: false, last: false });
          continue;
        }
        this.stream = kinds[type] ?? 'stdout';
        this.remaining = this.header.readUInt32BE(4);
        this.atFrameStart = true;
        if (this.remaining === 0) {
          continue;
        }
      }
      const take = Math.min(this.remaining, chunk.length - offset);
      this.remaining -= take;
      emit({
        stream: this.stream,
        data: chunk.subarray(offset, offset + take),
        first: this.atFrameStart,
        last: this.remaining === 0,
      });
      this.atFrameStart = false;
      offset += take;
    }
  }

  /** True once the stream turned out not to be multiplexed. */
  get passthrough(): boolean {
    return this.raw;
  }
}

/** A piece of one log message, with the message's timestamp on its first piece. */
export interface LogPiece {
  stream: StreamKind;
  data: Buffer;
  /** The Engine's RFC 3339 time, on the first piece of a message read with timestamps. */
  timestamp?: string;
  first: boolean;
  last: boolean;
}

/** The longest timestamp prefix looked for (RFC 3339 with nanoseconds and an offset is 35). */
const maxTimestampLength = 40;

/**
 * Turns a logs stream into messages: framed (one frame per message) or, for a container with a
 * TTY, raw (one line per message). With `timestamps`, each message's leading `<time> ` is taken
 * off and handed beside the message.
 */
export class LogDecoder {
  private readonly frames = new FrameDecoder();
  private readonly pendingTime: number[] = [];
  private readingTime = false;
  private rawAtStart = true;

  constructor(
    private readonly options: { framed: boolean; timestamps: boolean },
    private readonly emit: (piece: LogPiece) => void,
  ) {}

  push(chunk: Buffer): void {
    if (!this.options.framed) {
      this.pushRaw(chunk);
      return;
    }
    this.frames.push(chunk, (piece) => {
      if (this.frames.passthrough) {
        this.pushRaw(piece.data);
        return;
      }
      this.message(piece.stream, piece.data, piece.first, piece.last);
    });
  }

  /** Raw output: messages end at newlines. */
  private pushRaw(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const newline = chunk.indexOf(10, offset);
      const end = newline < 0 ? chunk.length : newline + 1;
      this.message('stdout', chunk.subarray(offset, end), this.rawAtStart, newline >= 0);
      this.rawAtStart = newline >= 0;
      offset = end;
    }
  }

  private message(stream: StreamKind, data: Buffer, first: boolean, last: boolean): void {
    if (!this.options.timestamps) {
      this.emit({ stream, data, first, last });
      return;
    }
    if (first) {
      this.readingTime = true;
      this.pendingTime.length = 0;
    }
    if (!this.readingTime) {
      this.emit({ stream, data, first: false, last });
      return;
    }
    const before = this.pendingTime.length;
    let i = 0;
    for (; i < data.length; i++) {
      const byte = data[i] ?? 0;
      if (byte === 32) {
        break;
      }
      // A timestamp starts with a digit and has no newline.
      const digit = byte >= 48 && byte <= 57;
      if (
        byte === 10 ||
        (this.pendingTime.length === 0 && !digit) ||
        this.pendingTime.length >= maxTimestampLength
      ) {
        // Not a timestamp after all: the bytes go out as text.
        this.readingTime = false;
        const text = Buffer.concat([Buffer.from(this.pendingTime.slice(0, before)), data]);
        this.pendingTime.length = 0;
        this.emit({ stream, data: text, first: true, last });
        return;
      }
      this.pendingTime.push(byte);
    }
    if (i === data.length) {
      // The time goes on in the next piece, unless the message ends here.
      if (last) {
        this.readingTime = false;
        this.emit({ stream, data: Buffer.from(this.pendingTime), first: true, last });
        this.pendingTime.length = 0;
      }
      return;
    }
    this.readingTime = false;
    const timestamp = Buffer.from(this.pendingTime).toString('latin1');
    this.pendingTime.length = 0;
    if (timestampNanos(timestamp) === undefined) {
      this.emit({
        stream,
        data: Buffer.concat([Buffer.from(timestamp, 'latin1').subarray(0, before), data]),
        first: true,
        last,
      });
      return;
    }
    this.emit({ stream, data: data.subarray(i + 1), timestamp, first: true, last });
  }
}

/** Nanoseconds since the epoch of an RFC 3339 time as the Engine writes it, or undefined. */
export function timestampNanos(text: string): bigint | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (match === null) {
    return undefined;
  }
  const millis = Date.parse(`${match[1] ?? ''}${match[3] ?? 'Z'}`);
  if (Number.isNaN(millis)) {
    return undefined;
  }
  // Whole seconds from Date.parse, the fraction from the text, so no digit is lost.
  const fraction = (match[2] ?? '').padEnd(9, '0');
  return BigInt(millis) * 1_000_000n + BigInt(fraction);
}

/** `seconds.nanoseconds`, the form the Engine's `since` takes. */
export function sinceParameter(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const rest = nanos % 1_000_000_000n;
  return `${seconds}.${rest.toString().padStart(9, '0')}`;
}

/**
 * Where a followed log has got to: the time of the last message shown and how many were shown
 * at exactly that time. A stream reopened with `since` = that time repeats those messages (the
 * Engine's `since` is inclusive); `admit` lets through only the ones not shown yet.
 */
export class LogCursor {
  private last: bigint | undefined;
  private atLast = 0;
  private skipping = 0;
  private seenAtLast = 0;
  private dropping = false;

  /** The `since` for a reattachment, or undefined before any message was seen. */
  get since(): string | undefined {
    return this.last === undefined ? undefined : sinceParameter(this.last);
  }

  /** Called before reading a reopened stream. */
  reopen(): void {
    this.skipping = this.atLast;
    this.seenAtLast = 0;
    this.dropping = false;
  }

  /** Whether a piece is new; records the times of the messages let through. */
  admit(piece: LogPiece): boolean {
    if (!piece.first) {
      return !this.dropping;
    }
    const time = piece.timestamp === undefined ? undefined : timestampNanos(piece.timestamp);
    if (time === undefined) {
      this.dropping = false;
      return true;
    }
    if (this.last !== undefined && time < this.last) {
      this.dropping = true;
      return false;
    }
    if (this.last !== undefined && time === this.last && this.skipping > 0) {
      this.seenAtLast++;
      if (this.seenAtLast <= this.skipping) {
        this.dropping = true;
        return false;
      }
    }
    this.dropping = false;
    if (this.last === time) {
      this.atLast++;
    } else {
      this.last = time;
      this.atLast = 1;
      this.skipping = 0;
    }
    return true;
  }
}

const red = '\x1b[31m';
const resetColour = '\x1b[39m';
const dim = '\x1b[2m';
const undim = '\x1b[22m';

/**
 * Renders log pieces for a terminal: UTF-8 decoded across piece boundaries, newlines as CRLF,
 * stderr in red, the timestamp dimmed before each message when asked for.
 */
export class LogFormatter {
  private readonly decoders = new Map<StreamKind, StringDecoder>();

  constructor(private readonly showTimestamps: () => boolean) {}

  format(piece: LogPiece): string {
    let decoder = this.decoders.get(piece.stream);
    if (decoder === undefined) {
      decoder = new StringDecoder('utf8');
      this.decoders.set(piece.stream, decoder);
    }
    let text = decoder.write(piece.data).replace(/\r?\n/g, '\r\n');
    if (piece.stream === 'stderr' && text !== '') {
      text = `${red}${text}${resetColour}`;
    }
    if (piece.first && piece.timestamp !== undefined && this.showTimestamps()) {
      text = `${dim}${piece.timestamp}${undim} ${text}`;
    }
    return text;
  }
}
