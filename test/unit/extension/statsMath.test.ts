import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreviousSample, StatsSample } from '../../../src/extension/stats/statsMath';
import {
  computeSample,
  isEmptySample,
  memoryUsedOf,
  sumSamples,
} from '../../../src/extension/stats/statsMath';

type Json = Record<string, unknown>;

/** Samples recorded from a cgroup v1 daemon and written to the documented cgroup v2 shape. */
function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(process.cwd(), 'test', 'fixtures', 'stats', name), 'utf8')) as T;
}

const v1 = fixture<{ busy: Json[]; network: Json[]; stopped: Json }>('cgroup1.json');
const v2 = fixture<{ samples: Json[] }>('cgroup2.json');

function at<T>(list: readonly T[], i: number): T {
  const value = list[i];
  assert.ok(value !== undefined, `fixture item ${i} is missing`);
  return value;
}

function compute(raw: unknown, previous?: PreviousSample): PreviousSample {
  const result = computeSample(raw, previous);
  assert.ok(result !== undefined, 'the sample is not empty');
  return result;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) < 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} ≠ ${expected}`,
  );
}

function copy(raw: Json): Json {
  return JSON.parse(JSON.stringify(raw)) as Json;
}

describe('stats math: cgroup v2 (documented shape)', () => {
  it('gives 0 % CPU and 0 rates for the first sample of a stream (no precpu_stats yet)', () => {
    const { sample } = compute(at(v2.samples, 0));
    assert.equal(sample.cpuPercent, 0);
    assert.equal(sample.netRxRate, 0);
    assert.equal(sample.blockWriteRate, 0);
  });

  it('computes CPU from the sample’s own precpu_stats times online_cpus', () => {
    // 1e9 ns of container time over 8e9 ns of host time, 4 CPUs: 50 %.
    const { sample } = compute(at(v2.samples, 1));
    close(sample.cpuPercent, 50, 'CPU %');
    assert.equal(sample.onlineCpus, 4);
  });

  it('leaves inactive_file out of memory, with the limit and percentage', () => {
    const first = compute(at(v2.samples, 0)).sample;
    assert.equal(first.memoryUsed, 40_000_000);
    assert.equal(first.memoryLimit, 8_589_934_592);
    close(first.memoryPercent, (40_000_000 / 8_589_934_592) * 100, 'memory %');
  });

  it('sums every interface and measures rates against the previous sample', () => {
    const first = compute(at(v2.samples, 0));
    const { sample } = compute(at(v2.samples, 1), first);
    assert.equal(sample.netRx, 7500);
    assert.equal(sample.netTx, 3500);
    // 2 s between the samples.
    close(sample.netRxRate, 3000, 'rx/s');
    close(sample.netTxRate, 1500, 'tx/s');
  });

  it('reads lowercase block I/O ops and gives their rates, and PIDs', () => {
    const first = compute(at(v2.samples, 0));
    assert.equal(first.sample.blockRead, 1_000_000);
    assert.equal(first.sample.blockWrite, 2_000_000);
    const { sample } = compute(at(v2.samples, 1), first);
    assert.equal(sample.blockRead, 3_000_000);
    close(sample.blockReadRate, 1_000_000, 'read/s');
    assert.equal(sample.blockWriteRate, 0);
    assert.equal(sample.pids, 6);
  });
});

describe('stats math: cgroup v1 (recorded from the test daemon)', () => {
  it('computes the busy loop at about one full CPU', () => {
    const first = compute(at(v1.busy, 0));
    assert.equal(first.sample.cpuPercent, 0);
    const { sample } = compute(at(v1.busy, 1), first);
    // (1044427105 − 42938227) / (99591000000000 − 99589010000000) × 2 × 100
    close(sample.cpuPercent, (1_001_488_878 / 1_990_000_000) * 200, 'CPU %');
    assert.equal(sample.memoryUsed, 614_400);
    assert.equal(sample.netRx + sample.netTx, 0, '--network none has no interfaces');
    assert.equal(sample.pids, 1);
  });

  it('leaves total_inactive_file (the page cache of a written file) out of memory', () => {
    const { sample } = compute(at(v1.network, 1));
    assert.equal(sample.memoryUsed, 22_474_752 - 20_971_520);
    assert.equal(sample.netRx, 626);
  });

  it('sums Read and Write over devices, ignoring Sync, Async, Discard and Total', () => {
    const first = compute(at(v1.network, 0));
    assert.equal(first.sample.blockRead, 4096);
    assert.equal(first.sample.blockWrite, 1_048_576);
    const { sample } = compute(at(v1.network, 1), first);
    assert.equal(sample.blockRead, 8192 + 4096);
    assert.equal(sample.blockWrite, 3_145_728);
    const seconds = (sample.time - first.sample.time) / 1000;
    close(sample.blockWriteRate, (3_145_728 - 1_048_576) / seconds, 'write/s');
  });

  it('falls back to the length of percpu_usage when online_cpus is absent', () => {
    const raw = copy(at(v1.busy, 1));
    delete (raw.cpu_stats as Json).online_cpus;
    close(compute(raw).sample.cpuPercent, (1_001_488_878 / 1_990_000_000) * 200, 'CPU %');
  });

  it('gives 0 % when CPU or host time did not move', () => {
    const raw = copy(at(v1.busy, 1));
    raw.precpu_stats = copy(raw.cpu_stats as Json);
    assert.equal(compute(raw).sample.cpuPercent, 0);
  });

  it('uses the previous sample as base when the Engine gives none', () => {
    const first = compute(at(v1.busy, 0));
    const raw = copy(at(v1.busy, 1));
    raw.precpu_stats = {};
    close(compute(raw, first).sample.cpuPercent, (1_001_488_878 / 1_990_000_000) * 200, 'CPU %');
  });

  it('knows the zeroed sample of a stopped container', () => {
    assert.equal(isEmptySample(v1.stopped), true);
    assert.equal(computeSample(v1.stopped), undefined);
    assert.equal(isEmptySample(at(v1.busy, 0)), false);
    assert.equal(isEmptySample('nonsense'), true);
  });
});

describe('stats math: edge cases', () => {
  it('memory: cache from older kernels, and a figure not below usage is ignored', () => {
    assert.equal(memoryUsedOf({ usage: 100, stats: { cache: 30 } }), 70);
    assert.equal(memoryUsedOf({ usage: 100, stats: { inactive_file: 100 } }), 100);
    assert.equal(memoryUsedOf({ usage: 100 }), 100);
    assert.equal(memoryUsedOf({}), 0);
  });

  it('a counter that went back gives a rate of 0, not a negative one', () => {
    const first = compute(at(v2.samples, 1));
    const { sample } = compute(at(v2.samples, 0), { ...first, sample: { ...first.sample, time: 0 } });
    assert.equal(sample.netRxRate, 0);
    assert.equal(sample.blockReadRate, 0);
  });

  it('ignores fields of the wrong type instead of producing NaN', () => {
    const { sample } = compute({
      read: '2026-01-10T12:00:00Z',
      cpu_stats: { cpu_usage: { total_usage: 'x' }, system_cpu_usage: null },
      memory_stats: { usage: '12', limit: -0 },
      networks: { eth0: null },
      blkio_stats: { io_service_bytes_recursive: null },
    });
    for (const [key, value] of Object.entries(sample)) {
      assert.ok(Number.isFinite(value), `${key} is ${String(value)}`);
    }
  });

  it('sums samples figure by figure', () => {
    const a = compute(at(v2.samples, 1)).sample;
    const b: StatsSample = { ...a, cpuPercent: 25, memoryUsed: 1, pids: 1 };
    const total = sumSamples([a, b]);
    close(total.cpuPercent, 75, 'CPU %');
    assert.equal(total.memoryUsed, a.memoryUsed + 1);
    assert.equal(total.pids, 7);
    assert.equal(sumSamples([]).netRxRate, 0);
  });
});
