// The numbers of one container's stats sample, computed from the Engine's JSON the way
// `docker stats` computes them, for cgroup v1 and v2 hosts alike.

type Json = Record<string, unknown>;

/** One sample in the units a person reads: percent, bytes, bytes per second. */
export interface StatsSample {
  /** When the Engine read the sample (ms since the epoch). */
  readonly time: number;
  /** Share of one CPU × 100, so a container busy on two CPUs shows 200. */
  readonly cpuPercent: number;
  readonly onlineCpus: number;
  /** Memory in use, page cache that can be dropped left out. */
  readonly memoryUsed: number;
  /** The container's limit, or the host's memory when it has none. */
  readonly memoryLimit: number;
  readonly memoryPercent: number;
  /** Bytes received and sent over every interface since the container started. */
  readonly netRx: number;
  readonly netTx: number;
  /** Per second since the previous sample; 0 for the first. */
  readonly netRxRate: number;
  readonly netTxRate: number;
  /** Bytes read from and written to block devices since the container started. */
  readonly blockRead: number;
  readonly blockWrite: number;
  readonly blockReadRate: number;
  readonly blockWriteRate: number;
  readonly pids: number;
}

/** The last sample's raw CPU counters and computed totals, which the next sample is measured against. */
export interface PreviousSample {
  readonly sample: StatsSample;
  readonly cpuTotal: number;
  readonly systemTotal: number;
}

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The Engine sends a zeroed sample (read time 0001-01-01) for a container that is not running. */
export function isEmptySample(raw: unknown): boolean {
  const read = record(raw).read;
  return typeof read !== 'string' || read.startsWith('0001-01-01') || !Number.isFinite(Date.parse(read));
}

/** CPUs the container may use: `online_cpus`, else the length of `percpu_usage` (older Engines), else 1. */
function onlineCpusOf(cpu: Json): number {
  const online = num(cpu.online_cpus);
  if (online > 0) {
    return online;
  }
  const perCpu = record(cpu.cpu_usage).percpu_usage;
  return Array.isArray(perCpu) && perCpu.length > 0 ? perCpu.length : 1;
}

/**
 * CPU % = (container CPU time delta / host CPU time delta) × online CPUs × 100. The base is the
 * sample's own `precpu_stats`; when the Engine has none yet (the first sample of a stream) the
 * previous sample's counters are used, and with neither the answer is 0.
 */
function cpuPercentOf(cpu: Json, preCpu: Json, previous: PreviousSample | undefined): number {
  const total = num(record(cpu.cpu_usage).total_usage);
  const system = num(cpu.system_cpu_usage);
  let baseTotal = num(record(preCpu.cpu_usage).total_usage);
  let baseSystem = num(preCpu.system_cpu_usage);
  if (baseSystem === 0) {
    if (previous === undefined || previous.systemTotal === 0) {
      return 0;
    }
    baseTotal = previous.cpuTotal;
    baseSystem = previous.systemTotal;
  }
  const cpuDelta = total - baseTotal;
  const systemDelta = system - baseSystem;
  if (systemDelta <= 0 || cpuDelta <= 0) {
    return 0;
  }
  return (cpuDelta / systemDelta) * onlineCpusOf(cpu) * 100;
}

/**
 * Memory in use without the page cache the kernel may drop: usage minus `total_inactive_file`
 * (cgroup v1), `inactive_file` (cgroup v2) or, from older kernels, `cache`. A figure that is not
 * below the usage is ignored, as `docker stats` ignores it.
 */
export function memoryUsedOf(memory: Json): number {
  const usage = num(memory.usage);
  const stats = record(memory.stats);
  for (const key of ['total_inactive_file', 'inactive_file', 'cache']) {
    const value = stats[key];
    if (typeof value === 'number' && Number.isFinite(value)) {
      return value < usage ? usage - value : usage;
    }
  }
  return usage;
}

/** Received and sent bytes summed over every interface (none with `--network none`). */
function networkOf(raw: Json): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const value of Object.values(record(raw.networks))) {
    const nic = record(value);
    rx += num(nic.rx_bytes);
    tx += num(nic.tx_bytes);
  }
  return { rx, tx };
}

/** Bytes read and written from `io_service_bytes_recursive`, ops `Read`/`Write` in any case. */
function blockOf(raw: Json): { read: number; write: number } {
  const entries = record(raw.blkio_stats).io_service_bytes_recursive;
  let read = 0;
  let write = 0;
  for (const value of Array.isArray(entries) ? entries : []) {
    const entry = record(value);
    const op = typeof entry.op === 'string' ? entry.op.toLowerCase() : '';
    if (op === 'read') {
      read += num(entry.value);
    } else if (op === 'write') {
      write += num(entry.value);
    }
  }
  return { read, write };
}

/** Growth per second of a counter; 0 when there is no earlier value, no time between or it went back. */
function ratePerSecond(now: number, before: number | undefined, elapsedMs: number): number {
  if (before === undefined || elapsedMs <= 0 || now < before) {
    return 0;
  }
  return ((now - before) * 1000) / elapsedMs;
}

/**
 * Computes one sample from the Engine's JSON and the previous sample of the same stream (rates
 * and, when the Engine gives no base, CPU % need it). Undefined for a zeroed sample.
 */
export function computeSample(raw: unknown, previous?: PreviousSample): PreviousSample | undefined {
  if (isEmptySample(raw)) {
    return undefined;
  }
  const json = record(raw);
  const time = Date.parse(json.read as string);
  const cpu = record(json.cpu_stats);
  const memory = record(json.memory_stats);
  const memoryUsed = memoryUsedOf(memory);
  const memoryLimit = num(memory.limit);
  const network = networkOf(json);
  const block = blockOf(json);
  const before = previous?.sample;
  const elapsed = before === undefined ? 0 : time - before.time;
  const sample: StatsSample = {
    time,
    cpuPercent: cpuPercentOf(cpu, record(json.precpu_stats), previous),
    onlineCpus: onlineCpusOf(cpu),
    memoryUsed,
    memoryLimit,
    memoryPercent: memoryLimit > 0 ? (memoryUsed / memoryLimit) * 100 : 0,
    netRx: network.rx,
    netTx: network.tx,
    netRxRate: ratePerSecond(network.rx, before?.netRx, elapsed),
    netTxRate: ratePerSecond(network.tx, before?.netTx, elapsed),
    blockRead: block.read,
    blockWrite: block.write,
    blockReadRate: ratePerSecond(block.read, before?.blockRead, elapsed),
    blockWriteRate: ratePerSecond(block.write, before?.blockWrite, elapsed),
    pids: num(record(json.pids_stats).current),
  };
  return {
    sample,
    cpuTotal: num(record(cpu.cpu_usage).total_usage),
    systemTotal: num(cpu.system_cpu_usage),
  };
}

/** The figures the per-project view adds up over its containers. */
export type SummedFigures = Pick<
  StatsSample,
  | 'cpuPercent'
  | 'memoryUsed'
  | 'netRx'
  | 'netTx'
  | 'netRxRate'
  | 'netTxRate'
  | 'blockRead'
  | 'blockWrite'
  | 'blockReadRate'
  | 'blockWriteRate'
  | 'pids'
>;

/** Sums samples figure by figure (memory limits are not summed: containers share the host). */
export function sumSamples(samples: Iterable<StatsSample>): SummedFigures {
  const total = {
    cpuPercent: 0,
    memoryUsed: 0,
    netRx: 0,
    netTx: 0,
    netRxRate: 0,
    netTxRate: 0,
    blockRead: 0,
    blockWrite: 0,
    blockReadRate: 0,
    blockWriteRate: 0,
    pids: 0,
  };
  for (const s of samples) {
    for (const key of Object.keys(total) as (keyof SummedFigures)[]) {
      total[key] += s[key];
    }
  }
  return total;
}
