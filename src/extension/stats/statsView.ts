// What the stats webview shows, worked out here: the webview only draws and writes text it is given.
import { formatBinaryBytes as formatMemory, formatBytes } from '../views/format';
import type { StatsPoint, StatsSnapshot } from './statsSession';

/** One line of a chart; `color` names a VS Code theme color variable. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

/** One small chart: its lines over the history, the top of its scale, and the newest figure. */
export interface ChartModel {
  readonly id: string;
  readonly title: string;
  /** The newest figures, in words (`12.50%`, `1.2 MB/s in · 0 B/s out`). */
  readonly value: string;
  readonly scaleMax: number;
  readonly scaleLabel: string;
  readonly series: readonly ChartSeries[];
  /** How many points the chart is wide (the history's capacity). */
  readonly width: number;
}

/** A table: header, rows, and an optional totals row. */
export interface TableModel {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly totals?: readonly string[];
}

/** Everything the webview renders. */
export interface StatsViewModel {
  readonly title: string;
  /** Said above the charts: not running, removed, cannot reach the daemon. */
  readonly note?: string;
  readonly charts: readonly ChartModel[];
  readonly table: TableModel;
}

type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

/** A percentage with two decimals, as `docker stats` writes it. */
export function formatPercent(value: number): string {
  return `${(Number.isFinite(value) ? value : 0).toFixed(2)}%`;
}

function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (and at least `floor`), for a chart's top. */
export function niceCeiling(value: number, floor: number): number {
  const target = Math.max(value, floor);
  const power = 10 ** Math.floor(Math.log10(target));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= target) {
      return step * power;
    }
  }
  return 10 * power;
}

function chart(
  id: string,
  title: string,
  value: string,
  series: ChartSeries[],
  floor: number,
  label: (max: number) => string,
  width: number,
): ChartModel {
  const top = Math.max(0, ...series.flatMap((s) => s.values));
  const scaleMax = niceCeiling(top, floor);
  return { id, title, value, series, scaleMax, scaleLabel: label(scaleMax), width };
}

/** The four charts over the history of totals (one container's own figures in a container view). */
export function charts(history: readonly StatsPoint[], width: number, t: Translate): ChartModel[] {
  const last = history[history.length - 1];
  const pick = (f: (p: StatsPoint) => number): number[] => history.map(f);
  const dash = '—';
  return [
    chart(
      'cpu',
      t('CPU'),
      last === undefined ? dash : formatPercent(last.cpuPercent),
      [{ label: t('CPU'), color: '--vscode-charts-blue', values: pick((p) => p.cpuPercent) }],
      1,
      formatPercent,
      width,
    ),
    chart(
      'memory',
      t('Memory'),
      last === undefined ? dash : formatMemory(last.memoryUsed),
      [{ label: t('Memory'), color: '--vscode-charts-purple', values: pick((p) => p.memoryUsed) }],
      1024 * 1024,
      formatMemory,
      width,
    ),
    chart(
      'network',
      t('Network'),
      last === undefined
        ? dash
        : t('{0} in · {1} out', formatRate(last.netRxRate), formatRate(last.netTxRate)),
      [
        { label: t('Received'), color: '--vscode-charts-green', values: pick((p) => p.netRxRate) },
        { label: t('Sent'), color: '--vscode-charts-orange', values: pick((p) => p.netTxRate) },
      ],
      1000,
      formatRate,
      width,
    ),
    chart(
      'block',
      t('Block I/O'),
      last === undefined
        ? dash
        : t('{0} read · {1} written', formatRate(last.blockReadRate), formatRate(last.blockWriteRate)),
      [
        { label: t('Read'), color: '--vscode-charts-yellow', values: pick((p) => p.blockReadRate) },
        { label: t('Written'), color: '--vscode-charts-red', values: pick((p) => p.blockWriteRate) },
      ],
      1000,
      formatRate,
      width,
    ),
  ];
}

/** The state of the view in a sentence, when there is something to say. */
function noteOf(snapshot: StatsSnapshot, t: Translate): string | undefined {
  if (snapshot.problem !== undefined) {
    return snapshot.problem;
  }
  if (snapshot.removed) {
    return t('The container was removed.');
  }
  const followed = snapshot.containers.filter((c) => c.sample !== undefined).length;
  if (snapshot.scope.kind === 'container') {
    const c = snapshot.containers[0];
    return c !== undefined && c.state !== 'running' && c.state !== 'paused'
      ? t('{0} is {1}; its figures come back when it starts.', c.name, c.state)
      : undefined;
  }
  if (snapshot.containers.length === 0) {
    return t('The project has no containers.');
  }
  return followed === 0 ? t('No container of the project is running.') : undefined;
}

/** Builds the webview's model from a session's snapshot. */
export function statsViewModel(
  snapshot: StatsSnapshot,
  title: string,
  width: number,
  t: Translate,
): StatsViewModel {
  const dash = '—';
  const io = (a: number, b: number): string => `${formatBytes(a)} / ${formatBytes(b)}`;
  const headers = [
    t('Container'),
    t('State'),
    t('CPU %'),
    t('Memory / limit'),
    t('Mem %'),
    t('Net in / out'),
    t('Block read / write'),
    t('PIDs'),
  ];
  const rows = snapshot.containers.map((c) => {
    const s = c.sample;
    const name = c.service !== undefined && snapshot.scope.kind === 'project' ? c.service : c.name;
    if (s === undefined) {
      return [name, c.state, dash, dash, dash, dash, dash, dash];
    }
    return [
      name,
      c.state,
      formatPercent(s.cpuPercent),
      `${formatMemory(s.memoryUsed)} / ${formatMemory(s.memoryLimit)}`,
      formatPercent(s.memoryPercent),
      io(s.netRx, s.netTx),
      io(s.blockRead, s.blockWrite),
      String(s.pids),
    ];
  });
  const followed = snapshot.containers.flatMap((c) => (c.sample !== undefined ? [c.sample] : []));
  const sum = (f: (s: (typeof followed)[number]) => number): number => followed.reduce((n, s) => n + f(s), 0);
  const totals =
    snapshot.scope.kind === 'project'
      ? [
          t('Total'),
          t('{0} of {1} running', followed.length, snapshot.containers.length),
          formatPercent(sum((s) => s.cpuPercent)),
          formatMemory(sum((s) => s.memoryUsed)),
          '',
          io(
            sum((s) => s.netRx),
            sum((s) => s.netTx),
          ),
          io(
            sum((s) => s.blockRead),
            sum((s) => s.blockWrite),
          ),
          String(sum((s) => s.pids)),
        ]
      : undefined;
  const note = noteOf(snapshot, t);
  return {
    title,
    ...(note !== undefined ? { note } : {}),
    charts: charts(snapshot.history, width, t),
    table: { headers, rows, ...(totals !== undefined ? { totals } : {}) },
  };
}
