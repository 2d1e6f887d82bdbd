// Logs of a container writing as fast as it can (stdout and stderr, `busybox yes`), followed for
// 10 s by the logs terminal, on a private dockerd. Reports the bytes per second read from the
// Engine and handed to the terminal, the process's memory growth and the event loop's worst delay,
// against two anchors run here: `docker logs -f` (the CLI's read rate) and a reader without
// backpressure (dockerode's demuxer into a list the terminal drains at the same pace).
// Usage: node bench/run.mjs logs   (root; DOCKWRIGHT_BENCH_LOG_SECONDS, default 10)
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { PassThrough, Readable } from 'node:stream';
import Docker from 'dockerode';
import type { ContainerProcess } from '../src/extension/docker/client';
import { DockerClient } from '../src/extension/docker/client';
import { parseHost } from '../src/extension/docker/endpoint';
import type { LogsEngine } from '../src/extension/terminals/logsTerminal';
import { LogsTerminal } from '../src/extension/terminals/logsTerminal';
import type { OutputQueueOptions } from '../src/extension/terminals/outputQueue';
import { defaultQueueOptions } from '../src/extension/terminals/outputQueue';
import { PrivateDaemon } from '../test/docker/privateDaemon';

const seconds = Number(process.env.DOCKWRIGHT_BENCH_LOG_SECONDS ?? 10);
const sharedHost = process.env.DOCKWRIGHT_TEST_DOCKER_HOST ?? 'unix:///tmp/dockwright-env/docker.sock';
const seed = 'dockwright-seed/plain:latest';
/** The anchor without backpressure stops early past this growth, rather than exhaust the machine. */
const anchorCapBytes = 512 * 1024 * 1024;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rate = (bytes: number, ms: number): string =>
  `${((bytes / 1024 / 1024) * (1000 / ms)).toFixed(1)} MB/s`;

function cli(host: string, args: string[], input?: Buffer): Buffer {
  return execFileSync('docker', ['-H', host, ...args], {
    ...(input !== undefined ? { input } : {}),
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, DOCKER_BUILDKIT: '0', DOCKER_CONFIG: '/nonexistent-dockwright-bench' },
  });
}

/** The seed image on the private daemon: copied from the shared daemon, else built on busybox. */
function loadSeed(daemon: PrivateDaemon): void {
  try {
    cli(daemon.host, ['load', '-q'], cli(sharedHost, ['save', seed]));
  } catch {
    const context = join(daemon.dir, 'seed');
    mkdirSync(join(context, 'rootfs', 'bin'), { recursive: true });
    cpSync('/bin/busybox', join(context, 'rootfs', 'bin', 'busybox'));
    symlinkSync('busybox', join(context, 'rootfs', 'bin', 'sh'));
    writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/bin\n');
    cli(daemon.host, ['build', '-q', '-t', seed, context]);
  }
}

/** A fresh container writing lines to stdout and stderr as fast as it can; its logs capped on disk. */
async function writer(client: DockerClient, name: string): Promise<string> {
  const line = 'the quick brown fox jumps over the lazy dog 0123456789 '.repeat(2);
  const id = await client.createContainer({
    name,
    Image: seed,
    Cmd: ['sh', '-c', `busybox yes "out ${line}" & busybox yes "err ${line}" >&2 & wait`],
    HostConfig: {
      NetworkMode: 'none',
      LogConfig: { Type: 'json-file', Config: { 'max-size': '64m', 'max-file': '2' } },
    },
  });
  await client.startContainer(id);
  return id;
}

/** Memory and event-loop samples over one run. */
class Probe {
  private readonly baseline: number;
  private peak: number;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly loop = monitorEventLoopDelay({ resolution: 5 });

  constructor() {
    (globalThis as { gc?: () => void }).gc?.();
    this.baseline = process.memoryUsage().rss;
    this.peak = this.baseline;
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage().rss);
    }, 20);
    this.loop.enable();
  }

  get growth(): number {
    return Math.max(this.peak, process.memoryUsage().rss) - this.baseline;
  }

  stop(): { growth: number; maxDelayMs: number; p99DelayMs: number } {
    clearInterval(this.timer);
    this.loop.disable();
    return {
      growth: this.growth,
      maxDelayMs: this.loop.max / 1e6,
      p99DelayMs: this.loop.percentile(99) / 1e6,
    };
  }
}

/**
 * Frames of 120-byte lines with rising timestamps, alternately stdout and stderr, produced as fast
 * as they are read; each block is handed over from an I/O-like callback, as a socket does.
 */
function syntheticLogs(): Readable {
  const line = 'the quick brown fox jumps over the lazy dog 0123456789 '.repeat(2);
  const frames: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (let i = 0; i < 512; i++) {
    const body = Buffer.from(`2024-05-01T10:00:00.000000000Z ${i % 2 ? 'err' : 'out'} ${line}\n`);
    const header = Buffer.alloc(8);
    header[0] = i % 2 ? 2 : 1;
    header.writeUInt32BE(body.length, 4);
    frames.push(header, body);
    // Where the seconds' two digits start; the nanoseconds follow after the dot.
    offsets.push(at + 8 + '2024-05-01T10:00:'.length);
    at += 8 + body.length;
  }
  const template = Buffer.concat(frames);
  let count = 0;
  const block = (): Buffer => {
    const out = Buffer.from(template);
    for (const offset of offsets) {
      out.write(String(Math.floor(count / 1e9) % 60).padStart(2, '0'), offset, 'latin1');
      out.write(String(count % 1e9).padStart(9, '0'), offset + 3, 'latin1');
      count++;
    }
    return out;
  };
  return new Readable({
    read() {
      setImmediate(() => this.push(block()));
    },
  });
}

/** An engine whose container runs forever and writes as fast as it is read. */
function syntheticEngine(): LogsEngine {
  const container: ContainerProcess = {
    id: 'synthetic',
    name: 'synthetic',
    state: 'running',
    tty: false,
    openStdin: false,
    stdinOnce: false,
    exitCode: undefined,
    startedAt: undefined,
  };
  return {
    containerProcess: () => Promise.resolve(container),
    containerLogs: () => Promise.resolve(syntheticLogs()),
    containerEvents: () => Promise.resolve(new PassThrough()),
  };
}

/** Anchor in process: the synthetic source into a list the terminal drains at the same pace. */
async function syntheticUnbounded(): Promise<Row> {
  const source = syntheticLogs();
  const waiting: string[] = [];
  let read = 0;
  let shown = 0;
  const probe = new Probe();
  const start = performance.now();
  let note: string | undefined;
  source.on('data', (chunk: Buffer) => {
    read += chunk.length;
    waiting.push(chunk.toString('latin1'));
    // Checked here: a source this fast leaves the timers little room.
    if (read - shown > anchorCapBytes && note === undefined) {
      note = `stopped after ${((performance.now() - start) / 1000).toFixed(1)} s: ${mb(read - shown)} waiting`;
      source.pause();
    }
  });
  const drain = setInterval(() => {
    let budget = defaultQueueOptions.perWrite;
    while (budget > 0 && waiting.length > 0) {
      const piece = waiting.shift() ?? '';
      shown += piece.length;
      budget -= piece.length;
    }
  }, defaultQueueOptions.intervalMs);
  while (performance.now() - start < seconds * 1000) {
    await wait(50);
    if (note !== undefined) {
      break;
    }
  }
  const ms = performance.now() - start;
  source.destroy();
  clearInterval(drain);
  const sample = probe.stop();
  waiting.length = 0;
  return {
    what: 'in-process anchor: no backpressure (source → list)',
    read,
    shown,
    ms,
    ...sample,
    ...(note !== undefined ? { note } : {}),
  };
}

interface Row {
  what: string;
  read: number;
  shown: number;
  ms: number;
  growth: number;
  maxDelayMs: number;
  p99DelayMs: number;
  note?: string;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The logs terminal, as the extension runs it, with its writes counted. */
async function terminalRun(
  client: LogsEngine,
  id: string,
  what: string,
  tail: number | 'all',
  queue: OutputQueueOptions,
): Promise<Row> {
  const terminal = new LogsTerminal({
    engine: client,
    containerId: id,
    tail,
    timestamps: () => false,
    queue,
  });
  let shown = 0;
  terminal.onDidWrite((text) => {
    shown += text.length;
  });
  const probe = new Probe();
  const start = performance.now();
  terminal.open({ rows: 40, columns: 160 });
  await wait(seconds * 1000);
  const ms = performance.now() - start;
  const read = terminal.bytesRead;
  terminal.close();
  const sample = probe.stop();
  return {
    what,
    read,
    shown,
    ms,
    ...sample,
    note: `peak waiting ${mb(terminal.output.peakPending * 2)}`,
  };
}

/** Anchor: dockerode's demuxer into strings the terminal drains at the same pace, no backpressure. */
async function unboundedRun(docker: Docker, id: string): Promise<Row> {
  const stream: NodeJS.ReadableStream = await docker
    .getContainer(id)
    .logs({ follow: true, stdout: true, stderr: true });
  const waiting: string[] = [];
  let read = 0;
  let shown = 0;
  const out = new PassThrough();
  const err = new PassThrough();
  out.on('data', (chunk: Buffer) => waiting.push(chunk.toString().replace(/\n/g, '\r\n')));
  err.on('data', (chunk: Buffer) =>
    waiting.push(`\x1b[31m${chunk.toString().replace(/\n/g, '\r\n')}\x1b[39m`),
  );
  stream.on('data', (chunk: Buffer) => {
    read += chunk.length;
  });
  docker.modem.demuxStream(stream, out, err);
  const drain = setInterval(() => {
    let budget = defaultQueueOptions.perWrite;
    while (budget > 0 && waiting.length > 0) {
      const piece = waiting.shift() ?? '';
      shown += piece.length;
      budget -= piece.length;
    }
  }, defaultQueueOptions.intervalMs);
  const probe = new Probe();
  const start = performance.now();
  let note: string | undefined;
  while (performance.now() - start < seconds * 1000) {
    await wait(100);
    if (probe.growth > anchorCapBytes) {
      note = `stopped early: past ${mb(anchorCapBytes)}`;
      break;
    }
  }
  const ms = performance.now() - start;
  (stream as unknown as { destroy: () => void }).destroy();
  clearInterval(drain);
  const sample = probe.stop();
  const row: Row = { what: 'anchor: no backpressure (dockerode demux → list)', read, shown, ms, ...sample };
  if (note !== undefined) {
    row.note = note;
  }
  waiting.length = 0;
  return row;
}

/** Anchor: `docker logs -f` reading as fast as it can, its output counted here. */
async function cliRun(host: string, id: string): Promise<Row> {
  const probe = new Probe();
  const start = performance.now();
  const child = spawn('docker', ['-H', host, 'logs', '-f', id], {
    env: { ...process.env, DOCKER_CONFIG: '/nonexistent-dockwright-bench' },
  });
  let read = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    read += chunk.length;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    read += chunk.length;
  });
  await wait(seconds * 1000);
  const ms = performance.now() - start;
  child.kill('SIGTERM');
  const sample = probe.stop();
  return {
    what: 'anchor: docker logs -f (CLI, to a pipe)',
    read,
    shown: read,
    ms,
    ...sample,
    note: 'CLI process memory not counted',
  };
}

async function main(): Promise<void> {
  const missing = PrivateDaemon.available();
  if (missing !== undefined) {
    console.log(`logs bench skipped: ${missing}`);
    return;
  }
  const daemon = await PrivateDaemon.start();
  const ids: string[] = [];
  try {
    loadSeed(daemon);
    const client = await DockerClient.create(parseHost(daemon.host, 'setting'), 60_000);
    const docker = new Docker({ socketPath: daemon.socketPath });
    const id = await writer(client, 'dw-bench-logs');
    ids.push(id);
    const unpaced = { ...defaultQueueOptions, perWrite: Number.MAX_SAFE_INTEGER, intervalMs: 0 };
    const rows: Row[] = [];
    // New lines only: the Engine's follower sets the pace.
    rows.push(
      await terminalRun(
        client,
        id,
        'logs terminal, new lines (paced for the workbench)',
        0,
        defaultQueueOptions,
      ),
    );
    // The whole log on disk first (up to 128 MB here), then new lines: the Engine sends as fast as it can.
    rows.push(
      await terminalRun(client, id, 'logs terminal, whole log then new (paced)', 'all', defaultQueueOptions),
    );
    rows.push(
      await terminalRun(
        client,
        id,
        'logs stream, whole log then new, unpaced (decode and format)',
        'all',
        unpaced,
      ),
    );
    rows.push(await cliRun(daemon.host, id));
    rows.push(await unboundedRun(docker, id));
    await client.removeContainer(id, { force: true });
    ids.length = 0;
    // The same pipeline fed in process faster than any daemon sends: what bounds memory is ours.
    const synthetic = syntheticEngine();
    rows.push(
      await terminalRun(
        synthetic,
        'synthetic',
        'in process: logs terminal (paced)',
        'all',
        defaultQueueOptions,
      ),
    );
    rows.push(
      await terminalRun(
        synthetic,
        'synthetic',
        'in process: logs stream, unpaced (decode and format)',
        'all',
        unpaced,
      ),
    );
    rows.push(await syntheticUnbounded());
    for (const id of ids.splice(0)) {
      await client.removeContainer(id, { force: true });
    }
    client.dispose();

    console.log(
      `container: two \`busybox yes\` (stdout and stderr) with 120-byte lines; ${seconds} s per row\n`,
    );
    console.log(
      '| reader | read from Engine | shown in terminal | memory growth (RSS peak) | max event-loop delay | p99 delay | note |',
    );
    console.log('|---|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(
        `| ${r.what} | ${rate(r.read, r.ms)} | ${rate(r.shown, r.ms)} | ${mb(r.growth)} | ${r.maxDelayMs.toFixed(1)} ms | ${r.p99DelayMs.toFixed(1)} ms | ${r.note ?? ''} |`,
      );
    }
    const [, paced, fast, cliRow, anchor, synthPaced, synthFast, synthAnchor] = rows;
    if (synthPaced !== undefined && synthFast !== undefined && synthAnchor !== undefined) {
      console.log(
        `\nin process: the paced terminal grew ${mb(synthPaced.growth)}, the anchor without backpressure ${mb(synthAnchor.growth)}` +
          ` (${(synthAnchor.growth / Math.max(1, synthPaced.growth)).toFixed(0)}×); decode and format alone: ${rate(synthFast.read, synthFast.ms)}`,
      );
    }
    if (paced !== undefined && fast !== undefined && cliRow !== undefined && anchor !== undefined) {
      console.log(
        `\nwhole log, unpaced stream / docker logs -f: ${(fast.read / fast.ms / (cliRow.read / cliRow.ms)).toFixed(2)}× the read rate`,
      );
      console.log(
        `whole log, memory growth of the paced terminal / the anchor without backpressure: ${mb(paced.growth)} / ${mb(anchor.growth)}` +
          ` (goal: bounded, under 100 MB: ${paced.growth < 100 * 1024 * 1024 ? 'met' : 'NOT met'})`,
      );
    }
    console.log('\n(Run on a private dockerd; the machine is shared, so delays include other load.)');
  } finally {
    await daemon.destroy();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
