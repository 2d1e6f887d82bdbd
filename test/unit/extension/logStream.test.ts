import * as assert from 'node:assert/strict';
import type { FramePiece, LogPiece } from '../../../src/extension/terminals/logStream';
import {
  FrameDecoder,
  LogCursor,
  LogDecoder,
  LogFormatter,
  sinceParameter,
  timestampNanos,
} from '../../../src/extension/terminals/logStream';
import { OutputQueue } from '../../../src/extension/terminals/outputQueue';

/** One frame as the Engine writes it: type, three zero bytes, big-endian length, payload. */
function frame(type: number, payload: string): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** Feeds `data` cut at every given offset. */
function splitAt(data: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, data.length]) {
    out.push(data.subarray(start, cut));
    start = cut;
  }
  return out;
}

function decodeFrames(chunks: Buffer[]): { stdout: string; stderr: string; frames: number } {
  const decoder = new FrameDecoder();
  const bytes = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  let frames = 0;
  for (const chunk of chunks) {
    decoder.push(chunk, (piece: FramePiece) => {
      if (piece.stream === 'stdout' || piece.stream === 'stderr') {
        bytes[piece.stream].push(Buffer.from(piece.data));
      }
      if (piece.last) {
        frames++;
      }
    });
  }
  return {
    stdout: Buffer.concat(bytes.stdout).toString(),
    stderr: Buffer.concat(bytes.stderr).toString(),
    frames,
  };
}

function decodeLog(chunks: Buffer[], framed: boolean): LogPiece[] {
  const pieces: LogPiece[] = [];
  const decoder = new LogDecoder({ framed, timestamps: true }, (piece) =>
    pieces.push({ ...piece, data: Buffer.from(piece.data) }),
  );
  chunks.forEach((chunk) => decoder.push(chunk));
  return pieces;
}

/** Messages rebuilt from pieces: `[stream, timestamp, text]`. */
function messages(pieces: LogPiece[]): [string, string | undefined, string][] {
  const out: [string, string | undefined, string][] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (piece.first || last === undefined) {
      out.push([piece.stream, piece.timestamp, piece.data.toString()]);
    } else {
      last[2] += piece.data.toString();
    }
  }
  return out;
}

describe('log stream decoding', () => {
  const stream = Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops\n'), frame(1, ''), frame(1, 'wörld\n')]);

  it('demultiplexes stdout and stderr wherever the chunks are cut', () => {
    for (let a = 0; a <= stream.length; a++) {
      for (let b = a; b <= stream.length; b += 3) {
        const got = decodeFrames(splitAt(stream, [a, b]));
        assert.deepEqual(got, { stdout: 'hello\nwörld\n', stderr: 'oops\n', frames: 3 }, `cut at ${a}, ${b}`);
      }
    }
  });

  it('passes a stream that is not multiplexed through as stdout', () => {
    const got = decodeFrames([Buffer.from('plain TTY output\r\nmore')]);
    assert.deepEqual(got, { stdout: 'plain TTY output\r\nmore', stderr: '', frames: 0 });
  });

  it('takes each message timestamp off, even when split across chunks', () => {
    const data = Buffer.concat([
      frame(1, '2024-05-01T10:00:00.123456789Z first line\n'),
      frame(2, '2024-05-01T10:00:01Z second\n'),
      frame(1, 'no timestamp here\n'),
    ]);
    for (let cut = 0; cut <= data.length; cut++) {
      assert.deepEqual(
        messages(decodeLog(splitAt(data, [cut]), true)),
        [
          ['stdout', '2024-05-01T10:00:00.123456789Z', 'first line\n'],
          ['stderr', '2024-05-01T10:00:01Z', 'second\n'],
          ['stdout', undefined, 'no timestamp here\n'],
        ],
        `cut at ${cut}`,
      );
    }
  });

  it('reads a TTY container’s raw log one line per message', () => {
    const data = Buffer.from('2024-05-01T10:00:00Z a\r\n2024-05-01T10:00:02Z b\r\n');
    for (let cut = 0; cut <= data.length; cut++) {
      assert.deepEqual(messages(decodeLog(splitAt(data, [cut]), false)), [
        ['stdout', '2024-05-01T10:00:00Z', 'a\r\n'],
        ['stdout', '2024-05-01T10:00:02Z', 'b\r\n'],
      ]);
    }
  });

  it('never loses a long message without a space or newline', () => {
    const long = 'x'.repeat(100_000);
    const pieces = decodeLog([frame(1, long)], true);
    assert.equal(Buffer.concat(pieces.map((p) => p.data)).toString(), long);
  });

  it('reads times to the nanosecond and writes them back as since', () => {
    const nanos = timestampNanos('2024-05-01T10:00:00.000000042Z');
    assert.equal(nanos, 1714557600000000042n);
    assert.equal(sinceParameter(nanos ?? 0n), '1714557600.000000042');
    assert.equal(timestampNanos('2024-05-01T12:00:00.5+02:00'), 1714557600500000000n);
    assert.equal(timestampNanos('yesterday'), undefined);
  });

  it('skips on reattachment exactly the messages already shown', () => {
    const cursor = new LogCursor();
    const piece = (timestamp: string, text: string): LogPiece => ({
      stream: 'stdout',
      data: Buffer.from(text),
      timestamp,
      first: true,
      last: true,
    });
    assert.equal(cursor.since, undefined);
    assert.ok(cursor.admit(piece('2024-05-01T10:00:00Z', 'a')));
    assert.ok(cursor.admit(piece('2024-05-01T10:00:01Z', 'b')));
    assert.ok(cursor.admit(piece('2024-05-01T10:00:01Z', 'c')));
    assert.equal(cursor.since, '1714557601.000000000');
    cursor.reopen();
    // `since` is inclusive: the two messages at that time come again, then new ones.
    assert.equal(cursor.admit(piece('2024-05-01T10:00:01Z', 'b')), false);
    assert.equal(cursor.admit(piece('2024-05-01T10:00:01Z', 'c')), false);
    assert.ok(cursor.admit(piece('2024-05-01T10:00:01Z', 'd')), 'a third message at the same time is new');
    assert.ok(cursor.admit(piece('2024-05-01T10:00:02Z', 'e')));
    // A continuation piece follows its message's verdict.
    cursor.reopen();
    assert.equal(cursor.admit(piece('2024-05-01T10:00:02Z', 'e')), false);
    assert.equal(
      cursor.admit({ stream: 'stdout', data: Buffer.from('more'), first: false, last: true }),
      false,
    );
  });

  it('formats for a terminal: CRLF, stderr in red, timestamps when asked, UTF-8 across pieces', () => {
    let show = false;
    const formatter = new LogFormatter(() => show);
    const euro = Buffer.from('€\n');
    const first = formatter.format({
      stream: 'stdout',
      data: euro.subarray(0, 1),
      timestamp: 'T',
      first: true,
      last: false,
    });
    const rest = formatter.format({ stream: 'stdout', data: euro.subarray(1), first: false, last: true });
    assert.equal(first + rest, '€\r\n');
    assert.equal(
      formatter.format({ stream: 'stderr', data: Buffer.from('bad\n'), first: true, last: true }),
      '\x1b[31mbad\r\n\x1b[39m',
    );
    show = true;
    assert.equal(
      formatter.format({
        stream: 'stdout',
        data: Buffer.from('ok\n'),
        timestamp: 'T1',
        first: true,
        last: true,
      }),
      '\x1b[2mT1\x1b[22m ok\r\n',
    );
  });
});

describe('output queue', () => {
  it('pauses its source above the high-water mark and resumes it once drained, dropping nothing', async () => {
    let written = '';
    const pressure: boolean[] = [];
    let resume: (() => void) | undefined;
    const queue = new OutputQueue(
      (text) => {
        written += text;
      },
      (paused) => {
        pressure.push(paused);
        if (!paused) {
          resume?.();
        }
      },
      { highWater: 100, lowWater: 20, perWrite: 30, intervalMs: 1 },
    );
    // A source that honours the pressure, as a paused socket does.
    let expected = '';
    for (let i = 0; i < 200; i++) {
      if (queue.isPaused) {
        await new Promise<void>((resolve) => {
          resume = resolve;
        });
      }
      const piece = `line ${i}\n`;
      expected += piece;
      queue.push(piece);
    }
    await queue.drained();
    assert.equal(written, expected);
    assert.ok(pressure.length >= 2 && pressure.length % 2 === 0, 'every pause was followed by a resume');
    assert.equal(queue.total, expected.length);
    assert.ok(
      queue.peakPending <= 100 + 'line 199\n'.length,
      `at most one piece past the mark: ${queue.peakPending}`,
    );
    queue.dispose();
  });

  it('writes nothing after it is disposed', async () => {
    let written = '';
    const queue = new OutputQueue(
      (text) => {
        written += text;
      },
      () => undefined,
    );
    queue.push('a');
    queue.dispose();
    queue.push('b');
    await queue.drained();
    assert.equal(written, '');
  });
});
