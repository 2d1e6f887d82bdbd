// Live stats against the test daemon: computed samples of a real container, a busy loop seen as
// CPU, a stream that ends when its container stops, and sessions that follow stops and starts.
import * as assert from 'node:assert/strict';
import type { DockerClient } from '../../src/extension/docker/client';
import type { StatsSample } from '../../src/extension/stats/statsMath';
import type { StatsSnapshot } from '../../src/extension/stats/statsSession';
import { StatsSession } from '../../src/extension/stats/statsSession';
import type { StatsStream } from '../../src/extension/stats/statsStream';
import { openStatsStream } from '../../src/extension/stats/statsStream';
import { composeProjectLabel, composeServiceLabel } from '../../src/extension/views/compose';
import { requireDaemon, seeds, testClient } from './helpers';

const deadlineMs = 20_000;

/** Resolves when `check` holds, checking on every call of the returned `poke`; rejects at the deadline. */
function waiter<T>(what: string, check: () => T | undefined): { poke: () => void; done: Promise<T> } {
  let poke = (): void => undefined;
  const done = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), deadlineMs);
    poke = () => {
      const value = check();
      if (value !== undefined) {
        clearTimeout(timer);
        resolve(value);
      }
    };
  });
  poke();
  return { poke, done };
}

/** The first update of a session for which `check` gives a value. */
function untilSnapshot<T>(
  session: StatsSession,
  what: string,
  check: (s: StatsSnapshot) => T | undefined,
): Promise<T> {
  const w = waiter(what, () => check(session.snapshot()));
  const subscription = session.onDidUpdate(() => w.poke());
  return w.done.finally(() => subscription.dispose());
}

describe('Container stats (test daemon)', function () {
  let client: DockerClient;
  const created: string[] = [];
  const streams: StatsStream[] = [];
  const sessions: StatsSession[] = [];
  const run = `${process.pid}-${Date.now().toString(36)}`;

  before(async function () {
    client = await testClient(requireDaemon(this));
  });

  afterEach(async () => {
    streams.splice(0).forEach((s) => s.dispose());
    sessions.splice(0).forEach((s) => s.dispose());
    await Promise.allSettled(created.splice(0).map((id) => client.removeContainer(id, { force: true })));
  });

  after(() => client?.dispose());

  async function container(
    options: { cmd?: string[]; labels?: Record<string, string>; start?: boolean } = {},
  ): Promise<string> {
    const id = await client.createContainer({
      name: `dockwright-stats-${run}-${created.length}`,
      Image: seeds.plain,
      ...(options.cmd !== undefined ? { Cmd: options.cmd } : {}),
      Labels: { 'dockwright.test': 'stats', ...(options.labels ?? {}) },
      HostConfig: { NetworkMode: 'none' },
    });
    created.push(id);
    if (options.start !== false) {
      await client.startContainer(id);
    }
    return id;
  }

  /** Follows a container's stream; `until` waits for the samples to satisfy a check. */
  async function follow(id: string): Promise<{
    stream: StatsStream;
    until: <T>(what: string, check: (samples: StatsSample[]) => T | undefined) => Promise<T>;
  }> {
    const samples: StatsSample[] = [];
    const pokes = new Set<() => void>();
    const stream = await openStatsStream(client, id, (sample) => {
      samples.push(sample);
      pokes.forEach((poke) => poke());
    });
    streams.push(stream);
    const until = <T>(what: string, check: (all: StatsSample[]) => T | undefined): Promise<T> => {
      const w = waiter(what, () => check(samples));
      pokes.add(w.poke);
      return w.done.finally(() => pokes.delete(w.poke));
    };
    return { stream, until };
  }

  it('gives samples of a running container whose figures are sane numbers', async () => {
    const id = await container();
    const followed = await follow(id);
    const sample = await followed.until('two samples', (samples) => samples[1]);
    for (const [key, value] of Object.entries(sample)) {
      assert.ok(Number.isFinite(value) && value >= 0, `${key} is ${value}`);
    }
    assert.ok(sample.memoryUsed > 0, 'the container uses some memory');
    assert.ok(sample.memoryLimit >= sample.memoryUsed, 'the limit is above the usage');
    assert.ok(sample.memoryPercent > 0 && sample.memoryPercent <= 100);
    assert.ok(sample.onlineCpus >= 1);
    assert.ok(sample.pids >= 1, 'the seed runs at least one process');
    assert.ok(sample.cpuPercent <= sample.onlineCpus * 100 + 1);
    assert.equal(sample.netRx + sample.netTx, 0, 'no interface with --network none');
    assert.ok(Math.abs(sample.time - Date.now()) < 60_000, 'the read time is now');
  });

  it('shows a busy loop as CPU above zero', async () => {
    const id = await container({ cmd: ['sh', '-c', 'while :; do :; done'] });
    const followed = await follow(id);
    const busy = await followed.until('a sample with CPU above 0 %', (samples) =>
      samples.find((s) => s.cpuPercent > 0),
    );
    assert.ok(busy.cpuPercent > 0 && busy.cpuPercent <= busy.onlineCpus * 100 + 1, `${busy.cpuPercent} %`);
  });

  it('ends the stream when the container stops', async () => {
    const id = await container();
    const followed = await follow(id);
    await followed.until('a first sample', (samples) => samples[0]);
    await client.stopContainer(id, { timeoutSeconds: 0 });
    const end = await Promise.race([
      followed.stream.ended,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the stream did not end')), deadlineMs),
      ),
    ]);
    assert.ok(end.reason === 'stopped' || end.reason === 'closed', `ended: ${end.reason}`);
  });

  it('a missing container is refused when the stream opens', async () => {
    await assert.rejects(openStatsStream(client, 'dockwright-no-such-container', () => undefined));
  });

  it('a container session closes its stream on stop and opens it again on start', async () => {
    const id = await container();
    const session = new StatsSession(
      client,
      { kind: 'container', id },
      { updateIntervalMs: 100, retryMs: 200 },
    );
    sessions.push(session);
    await session.resume();
    assert.equal(session.openStreams, 1);
    await untilSnapshot(session, 'a history point', (s) => s.history[0]);
    await client.stopContainer(id, { timeoutSeconds: 0 });
    await untilSnapshot(session, 'the container shown stopped', (s) =>
      s.containers[0]?.state === 'exited' && session.openStreams === 0 ? true : undefined,
    );
    assert.equal(session.snapshot().containers[0]?.sample, undefined, 'a stopped container has no figures');
    const before = session.snapshot().history.length;
    await client.startContainer(id);
    await untilSnapshot(session, 'figures again after the start', (s) =>
      s.containers[0]?.sample !== undefined && s.history.length > before ? true : undefined,
    );
    assert.equal(session.openStreams, 1);
    session.dispose();
    assert.equal(session.openStreams, 0);
  });

  it('a project session shows each container, totals, a newcomer, at no more than the update rate', async () => {
    const project = `dwstats${run.replace(/[^a-z0-9]/g, '')}`;
    const labels = (service: string): Record<string, string> => ({
      [composeProjectLabel]: project,
      [composeServiceLabel]: service,
    });
    await container({ labels: labels('web') });
    await container({ labels: labels('db'), cmd: ['sh', '-c', 'while :; do :; done'] });
    // Not in the project: never shown.
    await container();
    const session = new StatsSession(client, { kind: 'project', project }, { updateIntervalMs: 500 });
    sessions.push(session);
    const updates: number[] = [];
    session.onDidUpdate(() => updates.push(Date.now()));
    await session.resume();
    assert.equal(session.openStreams, 2);
    // The busy service shows in the totals once each stream has a base to measure CPU against.
    const totals = await untilSnapshot(session, 'totals with CPU of both containers', (s) => {
      const last = s.history[s.history.length - 1];
      return s.containers.every((c) => c.sample !== undefined) && last !== undefined && last.cpuPercent > 0
        ? last
        : undefined;
    });
    assert.ok(totals.memoryUsed > 0 && totals.pids >= 2, 'both containers count');
    assert.deepEqual(
      session.snapshot().containers.map((c) => c.service),
      ['db', 'web'],
    );
    const late = await container({ labels: labels('worker') });
    await untilSnapshot(session, 'the new container', (s) =>
      s.containers.find((c) => c.id === late && c.sample !== undefined),
    );
    assert.equal(session.openStreams, 3);
    for (let i = 1; i < updates.length; i++) {
      // Timers may fire a little early; 450 ms still means at most about two a second.
      assert.ok(updates[i] - updates[i - 1] >= 450, `updates ${i - 1} and ${i} came too close`);
    }
    session.dispose();
    assert.equal(session.openStreams, 0);
  });
});
