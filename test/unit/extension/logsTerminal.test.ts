import * as assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import type { ContainerProcess } from '../../../src/extension/docker/client';
import { LogsTerminal } from '../../../src/extension/terminals/logsTerminal';

const container: ContainerProcess = {
  id: 'c1',
  name: 'endless',
  state: 'running',
  tty: false,
  openStdin: false,
  stdinOnce: false,
  exitCode: undefined,
  startedAt: undefined,
};

/** A framed stdout line, as the Engine sends it for a container without a TTY. */
function frame(text: string): Buffer {
  const body = Buffer.from(`2024-05-01T10:00:00.000000000Z ${text}\n`);
  const header = Buffer.alloc(8);
  header[0] = 1;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('logs terminal', () => {
  it('stops reading when closed, even from a stream that ignores the abort signal', async () => {
    let reads = 0;
    // Never ends, and knows nothing of the signal it was given.
    const endless = new Readable({
      read() {
        reads++;
        setImmediate(() => this.push(frame(`line ${reads}`)));
      },
    });
    const terminal = new LogsTerminal({
      engine: {
        containerProcess: () => Promise.resolve(container),
        containerLogs: () => Promise.resolve(endless),
        containerEvents: () => Promise.resolve(new PassThrough()),
      },
      containerId: container.id,
      tail: 'all',
      timestamps: () => false,
    });
    terminal.open({ rows: 24, columns: 80 });
    try {
      await closesTheStream(terminal, endless, () => reads);
    } finally {
      // A failed run must not leave the stream spinning and the test process alive.
      endless.destroy();
    }
  });
});

async function closesTheStream(
  terminal: LogsTerminal,
  endless: Readable,
  reads: () => number,
): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (terminal.bytesRead === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(terminal.bytesRead > 0, 'the terminal read the stream');
  terminal.close();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(endless.destroyed, true);
  const after = reads();
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(reads(), after, 'nothing is read after close');
}
