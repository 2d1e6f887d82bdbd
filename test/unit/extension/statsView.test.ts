import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RingBuffer } from '../../../src/extension/stats/ringBuffer';
import { makeNonce, statsCsp, statsHtml } from '../../../src/extension/stats/statsHtml';
import type { StatsSample } from '../../../src/extension/stats/statsMath';
import type { StatsPoint, StatsSnapshot } from '../../../src/extension/stats/statsSession';
import type { Clock } from '../../../src/extension/stats/throttle';
import { Throttle } from '../../../src/extension/stats/throttle';
import { formatBinaryBytes as formatMemory } from '../../../src/extension/views/format';
import { formatPercent, niceCeiling, statsViewModel } from '../../../src/extension/stats/statsView';
import { composeProjects } from '../../../src/extension/views/compose';
import { container } from './explorerFixtures';

const t = (message: string, ...args: (string | number | boolean)[]): string =>
  message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

describe('stats: ring buffer', () => {
  it('keeps the newest values, oldest first, never more than its capacity', () => {
    const ring = new RingBuffer<number>(3);
    assert.deepEqual(ring.toArray(), []);
    assert.equal(ring.last(), undefined);
    for (let i = 1; i <= 7; i++) {
      ring.push(i);
    }
    assert.equal(ring.length, 3);
    assert.deepEqual(ring.toArray(), [5, 6, 7]);
    assert.equal(ring.last(), 7);
    ring.clear();
    assert.deepEqual(ring.toArray(), []);
    ring.push(9);
    assert.deepEqual(ring.toArray(), [9]);
  });

  it('refuses a capacity below one', () => {
    assert.throws(() => new RingBuffer(0), RangeError);
    assert.throws(() => new RingBuffer(1.5), RangeError);
  });
});

/** A clock whose time moves only when told, running due timers in order. */
class ManualClock implements Clock {
  time = 0;
  private timers: { at: number; run: () => void; id: number }[] = [];
  private ids = 0;
  now(): number {
    return this.time;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.push({ at: this.time + ms, run, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) {
        break;
      }
      this.timers = this.timers.filter((x) => x !== due);
      this.time = due.at;
      due.run();
    }
    this.time = end;
  }
}

describe('stats: throttle', () => {
  it('makes one call per interval however many requests come, and honours the last', () => {
    const clock = new ManualClock();
    const calls: number[] = [];
    const throttle = new Throttle(() => calls.push(clock.now()), 500, clock);
    // Twenty requests a second for three seconds.
    for (let ms = 0; ms < 3000; ms += 50) {
      throttle.request();
      clock.advance(50);
    }
    clock.advance(1000);
    assert.ok(calls.length >= 5 && calls.length <= 7, `${calls.length} calls`);
    for (let i = 1; i < calls.length; i++) {
      assert.ok(calls[i] - calls[i - 1] >= 500, `calls ${calls[i - 1]} and ${calls[i]} are too close`);
    }
    // The last request (at 2950 ms) was answered.
    assert.ok(calls[calls.length - 1] >= 2950);
  });

  it('calls at once after a quiet spell, and never after dispose', () => {
    const clock = new ManualClock();
    let calls = 0;
    const throttle = new Throttle(() => calls++, 500, clock);
    throttle.request();
    clock.advance(0);
    assert.equal(calls, 1);
    throttle.request();
    throttle.dispose();
    clock.advance(1000);
    assert.equal(calls, 1);
  });
});

describe('stats: webview page', () => {
  const resources = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/stats.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/stats.css',
  };

  it('has a strict policy: nothing by default, our stylesheet, our script by nonce only', () => {
    const nonce = makeNonce();
    const html = statsHtml(resources, nonce, 'Stats of <web>');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.ok(csp !== undefined, 'the page has a CSP meta tag');
    assert.equal(csp.replace(/&#39;/g, "'"), statsCsp(resources.cspSource, nonce));
    const directives = new Map(
      statsCsp(resources.cspSource, nonce)
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(directives.get('style-src'), [resources.cspSource]);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|https?:\/\/(?!file\+\.vscode-resource)/);
  });

  it('loads its one script with the nonce and has no inline script or style', () => {
    const nonce = makeNonce();
    const html = statsHtml(resources, nonce, 'Stats of <web>');
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`));
    assert.equal(scripts[0][2].trim(), '', 'no inline code');
    assert.doesNotMatch(html, /<style|style=/);
    assert.doesNotMatch(html, /<web>/, 'the title is escaped');
    assert.notEqual(makeNonce(), makeNonce());
    assert.ok(Buffer.from(nonce, 'base64').length >= 16);
  });

  it('its script and stylesheet stay within the policy (no eval, no inline styles, no remote loads)', () => {
    const script = readFileSync(join(process.cwd(), 'media', 'stats.js'), 'utf8');
    const style = readFileSync(join(process.cwd(), 'media', 'stats.css'), 'utf8');
    assert.doesNotMatch(script, /\beval\(|new Function|innerHTML|setAttribute\('style'|\.style\./);
    assert.doesNotMatch(script + style, /https?:\/\/|@import|url\(/);
  });
});

function sample(over: Partial<StatsSample> = {}): StatsSample {
  return {
    time: 1000,
    cpuPercent: 12.5,
    onlineCpus: 2,
    memoryUsed: 3 * 1024 * 1024,
    memoryLimit: 1024 * 1024 * 1024,
    memoryPercent: (3 / 1024) * 100,
    netRx: 2000,
    netTx: 1000,
    netRxRate: 100,
    netTxRate: 50,
    blockRead: 0,
    blockWrite: 4096,
    blockReadRate: 0,
    blockWriteRate: 0,
    pids: 3,
    ...over,
  };
}

function point(s: StatsSample): StatsPoint {
  return {
    time: s.time,
    cpuPercent: s.cpuPercent,
    memoryUsed: s.memoryUsed,
    memoryLimit: s.memoryLimit,
    netRx: s.netRx,
    netTx: s.netTx,
    netRxRate: s.netRxRate,
    netTxRate: s.netTxRate,
    blockRead: s.blockRead,
    blockWrite: s.blockWrite,
    blockReadRate: s.blockReadRate,
    blockWriteRate: s.blockWriteRate,
    pids: s.pids,
  };
}

describe('stats: view model', () => {
  it('formats like docker stats: two-decimal percentages, binary memory', () => {
    assert.equal(formatPercent(12.345), '12.35%');
    assert.equal(formatPercent(Number.NaN), '0.00%');
    assert.equal(formatMemory(1536 * 1024), '1.50 MiB');
    assert.equal(formatMemory(512), '512 B');
  });

  it('tops a chart at 1, 2 or 5 × 10ⁿ, never below its floor', () => {
    assert.equal(niceCeiling(0, 1), 1);
    assert.equal(niceCeiling(37, 1), 50);
    assert.equal(niceCeiling(100.6, 1), 200);
    assert.equal(niceCeiling(0.3, 1), 1);
    assert.equal(niceCeiling(1500, 1000), 2000);
  });

  it('a container view: four charts over the history, one row of figures', () => {
    const history = [point(sample({ cpuPercent: 10 })), point(sample({ cpuPercent: 37 }))];
    const snapshot: StatsSnapshot = {
      scope: { kind: 'container', id: 'abc' },
      containers: [{ id: 'abc', name: 'web', state: 'running', sample: sample() }],
      history,
      removed: false,
    };
    const model = statsViewModel(snapshot, 'Stats of web', 60, t);
    assert.deepEqual(
      model.charts.map((c) => c.id),
      ['cpu', 'memory', 'network', 'block'],
    );
    const cpu = model.charts[0];
    assert.deepEqual(cpu.series[0].values, [10, 37]);
    assert.equal(cpu.scaleMax, 50);
    assert.equal(cpu.value, '37.00%');
    assert.equal(cpu.width, 60);
    assert.match(cpu.series[0].color, /^--vscode-charts-/);
    assert.equal(model.charts[2].value, '100 B/s in · 50 B/s out');
    assert.equal(model.table.rows.length, 1);
    assert.deepEqual(model.table.rows[0], [
      'web',
      'running',
      '12.50%',
      '3.00 MiB / 1.00 GiB',
      '0.29%',
      '2.00 kB / 1.00 kB',
      '0 B / 4.10 kB',
      '3',
    ]);
    assert.equal(model.table.totals, undefined);
    assert.equal(model.note, undefined);
  });

  it('a stopped or removed container says so', () => {
    const stopped: StatsSnapshot = {
      scope: { kind: 'container', id: 'abc' },
      containers: [{ id: 'abc', name: 'web', state: 'exited' }],
      history: [],
      removed: false,
    };
    const model = statsViewModel(stopped, 'Stats of web', 60, t);
    assert.match(model.note ?? '', /web is exited/);
    assert.equal(model.charts[0].value, '—');
    assert.equal(model.table.rows[0][2], '—');
    assert.match(statsViewModel({ ...stopped, removed: true }, 'x', 60, t).note ?? '', /removed/);
    assert.equal(
      statsViewModel({ ...stopped, problem: 'Docker is down' }, 'x', 60, t).note,
      'Docker is down',
    );
  });

  it('a project view: one row per container by service, and totals', () => {
    const snapshot: StatsSnapshot = {
      scope: { kind: 'project', project: 'shop' },
      containers: [
        {
          id: 'a',
          name: 'shop-db-1',
          service: 'db',
          state: 'running',
          sample: sample({ cpuPercent: 5, pids: 2 }),
        },
        { id: 'b', name: 'shop-web-1', service: 'web', state: 'running', sample: sample({ cpuPercent: 20 }) },
        { id: 'c', name: 'shop-worker-1', service: 'worker', state: 'exited' },
      ],
      history: [],
      removed: false,
    };
    const model = statsViewModel(snapshot, 'Stats of shop', 60, t);
    assert.deepEqual(
      model.table.rows.map((r) => r[0]),
      ['db', 'web', 'worker'],
    );
    const totals = model.table.totals;
    assert.ok(totals !== undefined);
    assert.equal(totals[1], '2 of 3 running');
    assert.equal(totals[2], '25.00%');
    assert.equal(totals[3], '6.00 MiB');
    assert.equal(totals[7], '5');
    assert.equal(model.note, undefined);
    const idle = statsViewModel({ ...snapshot, containers: [snapshot.containers[2]] }, 'x', 60, t);
    assert.match(idle.note ?? '', /No container/);
  });

  it('lists Compose projects with their running counts', () => {
    const label = (project: string): Record<string, string> => ({ 'com.docker.compose.project': project });
    const rows = composeProjects([
      container({ id: '1', labels: label('shop') }),
      container({ id: '2', labels: label('shop'), state: 'exited' }),
      container({ id: '3', labels: label('blog') }),
      container({ id: '4' }),
    ]);
    assert.deepEqual(rows, [
      { project: 'blog', running: 1, total: 1 },
      { project: 'shop', running: 1, total: 2 },
    ]);
  });
});
