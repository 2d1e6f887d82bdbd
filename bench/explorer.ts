// The explorer against a daemon holding 1,000 containers (created, not started) and 200 images,
// in one run: the Containers tree's rows (listing → model → sorted, grouped rows) against the raw
// `GET /containers/json?all=1` and against `docker ps -a --no-trunc --format '{{json .}}'`;
// event → model latency for a container start; requests sent in idle seconds with the views
// visible, counted by a proxy socket in front of the daemon.
// Runs on a private dockerd (started here, stopped by its pid), never on the shared test daemon.
// Usage: node bench/run.mjs explorer   (root; DOCKWRIGHT_BENCH_IDLE_SECONDS, default 60)
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Docker from 'dockerode';
import { DockerClient } from '../src/extension/docker/client';
import { DaemonModel } from '../src/extension/docker/daemonModel';
import { parseHost } from '../src/extension/docker/endpoint';
import { EventParser } from '../src/extension/docker/events';
import {
  RefreshManager,
  type ConnectionLike,
  type ModelClient,
} from '../src/extension/docker/refreshManager';
import type { ContainerSummary } from '../src/extension/docker/types';
import { groupContainers } from '../src/extension/views/grouping';
import { containerRow, type RowPresentation } from '../src/extension/views/labels';
import { sortContainers } from '../src/extension/views/sorting';
import { PrivateDaemon } from '../test/docker/privateDaemon';

const containerCount = 1000;
const imageCount = 200;
const runs = 9;
const startSamples = 30;
const idleSeconds = Number(process.env.DOCKWRIGHT_BENCH_IDLE_SECONDS ?? 60);
const sharedHost = process.env.DOCKWRIGHT_TEST_DOCKER_HOST ?? 'unix:///tmp/dockwright-env/docker.sock';
const seed = 'dockwright-seed/plain:latest';

const now = (): number => performance.now();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

function cli(host: string, args: string[], input?: Buffer): Buffer {
  return execFileSync('docker', ['-H', host, ...args], {
    ...(input !== undefined ? { input } : {}),
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, DOCKER_BUILDKIT: '0', DOCKER_CONFIG: '/nonexistent-dockwright-bench' },
  });
}

/** The seed image on the private daemon: copied from the shared daemon, else built FROM scratch. */
function loadSeed(daemon: PrivateDaemon): string {
  try {
    cli(daemon.host, ['load', '-q'], cli(sharedHost, ['save', seed]));
    return `loaded ${seed} from the shared daemon`;
  } catch {
    const context = join(daemon.dir, 'seed');
    mkdirSync(join(context, 'rootfs', 'bin'), { recursive: true });
    cpSync('/bin/busybox', join(context, 'rootfs', 'bin', 'busybox'));
    for (const applet of ['sh', 'sleep', 'true']) {
      symlinkSync('busybox', join(context, 'rootfs', 'bin', applet));
    }
    writeFileSync(
      join(context, 'Dockerfile'),
      'FROM scratch\nCOPY rootfs/ /\nENV PATH=/bin\nCMD ["sleep", "3600"]\n',
    );
    cli(daemon.host, ['build', '-q', '-t', seed, context]);
    return `built ${seed} FROM scratch on busybox`;
  }
}

async function inBatches<T>(count: number, size: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, k) => run(i + k)))));
  }
  return out;
}

/** 200 distinct tiny images: commits of one container, each with its own label (no layer data). */
async function createImages(docker: Docker): Promise<void> {
  const base = await docker.createContainer({
    Image: seed,
    name: 'bench-image-base',
    HostConfig: { NetworkMode: 'none' },
  });
  await inBatches(imageCount, 10, (i) =>
    base.commit({
      repo: `bench/image-${Math.floor(i / 4)}`,
      tag: `v${i % 4}`,
      changes: `LABEL bench.index=${i}`,
    }),
  );
  await base.remove();
}

/** 1,000 created containers, a third of them in Compose projects, as a busy host has. */
async function createContainers(docker: Docker): Promise<void> {
  await inBatches(containerCount, 25, (i) =>
    docker.createContainer({
      Image: seed,
      name: `bench-${String(i).padStart(4, '0')}`,
      Cmd: ['sleep', '3600'],
      Labels:
        i % 3 === 0
          ? { 'com.docker.compose.project': `shop${i % 30}`, 'com.docker.compose.service': `svc${i % 7}` }
          : { 'bench.index': String(i) },
      HostConfig: { NetworkMode: 'none' },
    }),
  );
}

/** `GET /containers/json?all=1` over the socket with plain http, body parsed. */
function rawList(socketPath: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: '/containers/json?all=1' }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown[]));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The CLI way: `docker ps -a --no-trunc --format '{{json .}}'`, one JSON object per line, parsed. */
function cliList(host: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'docker',
      ['-H', host, 'ps', '-a', '--no-trunc', '--format', '{{json .}}'],
      {
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, DOCKER_CONFIG: '/nonexistent-dockwright-bench' },
      },
      (err, stdout) =>
        err
          ? reject(new Error(`docker ps failed: ${err.message}`))
          : resolve(
              stdout
                .split('\n')
                .filter((line) => line !== '')
                .map((line) => JSON.parse(line) as unknown),
            ),
    );
  });
}

/** The Containers tree's rows from the model: sorted by name, grouped by Compose project. */
function containerRows(model: DaemonModel): RowPresentation[] {
  const sorted = sortContainers(model.containers().values(), 'name');
  const { groups, ungrouped } = groupContainers(sorted, 'compose');
  const rows: RowPresentation[] = [];
  for (const group of groups) {
    for (const c of group.containers) {
      rows.push(containerRow(model.daemon, c, true));
    }
  }
  for (const c of ungrouped) {
    rows.push(containerRow(model.daemon, c));
  }
  return rows;
}

/** Request to rows, as the tree's first load does it: listing, a fresh model, rows. */
async function ourList(client: DockerClient): Promise<RowPresentation[]> {
  const model = new DaemonModel('bench');
  model.replace('containers', await client.listContainers());
  return containerRows(model);
}

async function timeRuns<T>(run: () => Promise<T>, check: (result: T) => void): Promise<number> {
  // Warm-up, as a running extension host would be.
  for (let i = 0; i < 2; i++) {
    check(await run());
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = now();
    const result = await run();
    times.push(now() - started);
    check(result);
  }
  return median(times);
}

function fixedConnection(client: ModelClient): ConnectionLike {
  return { client, state: 'connected', onDidChangeState: () => ({ dispose: () => undefined }) };
}

/** Resolves when `done()` holds, checked on every change and state change of the model. */
function waitFor(model: DaemonModel, done: () => boolean, deadlineMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (done()) {
      resolve();
      return;
    }
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      changes.dispose();
      states.dispose();
      if (err !== undefined) {
        reject(err);
      } else {
        resolve();
      }
    };
    const check = (): void => {
      if (done()) {
        finish();
      }
    };
    const timer = setTimeout(() => finish(new Error(`timed out (model ${model.state})`)), deadlineMs);
    const changes = model.onDidChange(check);
    const states = model.onDidChangeState(check);
  });
}

/** Event → model: from the Engine's event time (same host clock) to the model holding `running`. */
async function startLatencies(client: DockerClient, docker: Docker, ids: string[]): Promise<number[]> {
  const model = new DaemonModel('bench');
  const eventTimes = new Map<string, number>();
  // A second subscriber reads the start events' times; the manager has its own stream.
  const events = (await docker.getEvents({
    filters: { type: ['container'], event: ['start'] },
  })) as http.IncomingMessage;
  const parser = new EventParser();
  events.on('data', (chunk: Buffer) => {
    for (const event of parser.push(chunk)) {
      eventTimes.set(event.id, Number(event.timeNano / 1000n) / 1000);
    }
  });
  const manager = new RefreshManager(fixedConnection(client), model);
  manager.setVisible(true);
  const latencies: number[] = [];
  try {
    await waitFor(model, () => model.state === 'ready');
    await measureStarts(client, model, ids, eventTimes, latencies);
  } finally {
    manager.dispose();
    events.destroy();
  }
  await inBatches(ids.length, 10, (i) =>
    docker
      .getContainer(ids[i])
      .kill()
      .catch(() => undefined),
  );
  return latencies;
}

async function measureStarts(
  client: DockerClient,
  model: DaemonModel,
  ids: string[],
  eventTimes: Map<string, number>,
  latencies: number[],
): Promise<void> {
  for (const id of ids) {
    let seenAt = 0;
    const subscription = model.onDidChange((change) => {
      if (change.changed.includes(id) && model.containers().get(id)?.state === 'running') {
        seenAt = performance.timeOrigin + performance.now();
      }
    });
    await client.startContainer(id);
    await waitFor(model, () => model.containers().get(id)?.state === 'running');
    subscription.dispose();
    const eventAt = eventTimes.get(id);
    if (eventAt !== undefined && seenAt > 0) {
      latencies.push(seenAt - eventAt);
    }
  }
}

/** A unix socket that forwards to the daemon and records each HTTP request line sent through it. */
function countingProxy(target: string, path: string): Promise<{ requests: string[]; close(): void }> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((downstream) => {
    const upstream = net.connect(target);
    sockets.add(downstream).add(upstream);
    downstream.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      for (const match of text.matchAll(/(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g)) {
        requests.push(`${match[1]} ${match[2]}`);
      }
      upstream.write(chunk);
    });
    upstream.pipe(downstream);
    const end = (): void => {
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve) =>
    server.listen(path, () =>
      resolve({
        requests,
        close: () => {
          sockets.forEach((s) => s.destroy());
          server.close();
        },
      }),
    ),
  );
}

async function idleRequests(daemon: PrivateDaemon): Promise<{ idle: string[]; setup: string[] }> {
  const proxyPath = join(daemon.dir, 'proxy.sock');
  const proxy = await countingProxy(daemon.socketPath, proxyPath);
  const client = await DockerClient.create(parseHost(`unix://${proxyPath}`, 'setting'), 30_000);
  const model = new DaemonModel('bench');
  const manager = new RefreshManager(fixedConnection(client), model);
  manager.setVisible(true);
  try {
    await waitFor(model, () => model.state === 'ready');
    const setup = proxy.requests.splice(0);
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const idle = proxy.requests.splice(0);
    return { idle, setup };
  } finally {
    manager.dispose();
    proxy.close();
  }
}

async function main(): Promise<void> {
  const missing = PrivateDaemon.available();
  if (missing !== undefined) {
    console.log(`explorer bench skipped: ${missing}`);
    return;
  }
  const started = now();
  const daemon = await PrivateDaemon.start();
  try {
    const docker = new Docker({ socketPath: daemon.socketPath });
    const client = await DockerClient.create(parseHost(daemon.host, 'setting'), 60_000);
    const how = loadSeed(daemon);
    await createImages(docker);
    await createContainers(docker);
    const images = (await client.listImages()).length;
    console.log(
      `private dockerd ${daemon.host}: ${how}; ${containerCount} containers, ${images} images (setup ${((now() - started) / 1000).toFixed(1)} s)\n`,
    );

    const expectRows = (rows: unknown[]): void => {
      if (rows.length < containerCount) {
        throw new Error(`expected ${containerCount} rows, got ${rows.length}`);
      }
    };
    const raw = await timeRuns(() => rawList(daemon.socketPath), expectRows);
    const ours = await timeRuns(() => ourList(client), expectRows);
    const viaCli = await timeRuns(() => cliList(daemon.host), expectRows);
    // A view refreshed later (expand, filter, regroup) reads the model the events keep current.
    const live = new DaemonModel('bench');
    live.replace('containers', await client.listContainers());
    const warm = await timeRuns(() => Promise.resolve(containerRows(live)), expectRows);
    console.log(
      `listings measured: raw ${raw.toFixed(1)} ms, tree ${ours.toFixed(1)} ms, CLI ${viaCli.toFixed(1)} ms`,
    );

    const ids = (await client.listContainers())
      .filter((c: ContainerSummary) => c.name.startsWith('bench-'))
      .slice(0, startSamples)
      .map((c) => c.id);
    const latencies = await startLatencies(client, docker, ids);
    const { idle, setup } = await idleRequests(daemon);
    const idleOthers = idle.filter((r) => !r.startsWith('GET /events'));

    const rows: [string, string, string, string][] = [
      [
        'Containers tree rows (1,000): listing → model → rows',
        `${ours.toFixed(1)} ms`,
        `${(ours / raw).toFixed(2)}× raw API`,
        '≤ 1.5× raw',
      ],
      ['raw GET /containers/json?all=1 (http + JSON.parse)', `${raw.toFixed(1)} ms`, '1.00×', ''],
      [
        'Containers tree rows again, from the live model (no request)',
        `${warm.toFixed(2)} ms`,
        `CLI is ${(viaCli / warm).toFixed(0)}× slower`,
        '',
      ],
      [
        "docker ps -a --no-trunc --format '{{json .}}' (+ parse)",
        `${viaCli.toFixed(1)} ms`,
        `${(viaCli / ours).toFixed(1)}× slower than the tree`,
        '≥ 3×',
      ],
      [
        `event → model, container start (n=${latencies.length})`,
        `p50 ${median(latencies).toFixed(1)} ms`,
        `p95 ${percentile(latencies, 95).toFixed(1)} ms`,
        'p50 < 50 ms',
      ],
      [
        `requests in ${idleSeconds} idle s, views visible`,
        `${idleOthers.length}`,
        `besides the event stream (setup: ${setup.length} requests)`,
        '0',
      ],
    ];
    console.log(`| measure (median of ${runs} runs) | time | ratio | goal |`);
    console.log('|---|---|---|---|');
    for (const row of rows) {
      console.log(`| ${row.join(' | ')} |`);
    }
    if (idleOthers.length > 0) {
      console.log(`idle requests: ${idleOthers.join(', ')}`);
    }
  } finally {
    await daemon.destroy();
  }
}

main().then(
  // Nothing of ours should outlive the run; exit even if a stray timer remains.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
