// The main thread's side of the lint workers: sends documents, matches answers to requests, and
// restarts a worker that dies. Two workers, so a huge document does not hold up the others.
// Documents up to `inlineLimit` characters are linted on the main thread instead, from the parse
// the requests already use: a few milliseconds there cost less than a second V8 heap (tens of
// megabytes) and a copy of the text; only large documents need the isolation.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DiagnoseInput } from './rules/diagnose';
import type { Finding } from './rules/finding';
import { runLint } from './lintRun';
import type { Dockerfile } from './syntax/ast';
import type { FromWorker, ToWorker } from './lintProtocol';

interface Pending {
  readonly worker: Worker;
  synced: boolean;
  sync: (result: { findings: Finding[]; failures: string[] }) => void;
  background: (result: { findings: Finding[]; problem?: string }) => void;
}

export interface LintHandle {
  /** The synchronous families' findings. */
  readonly sync: Promise<{ findings: Finding[]; failures: string[] }>;
  /** ShellCheck's findings (empty when it is off, unavailable or cancelled). */
  readonly background: Promise<{ findings: Finding[]; problem?: string }>;
  /** Stops ShellCheck for this request. */
  cancel(): void;
}

export class LintPool {
  private readonly workers: Worker[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly script = join(__dirname, 'lintWorker.js'),
    private readonly log: (message: string) => void = () => undefined,
    private readonly size = 2,
    private readonly inlineLimit = 256 * 1024,
  ) {}

  /** Jobs still computing their synchronous pass on a worker. */
  private load(worker: Worker): number {
    let count = 0;
    for (const pending of this.pending.values()) if (pending.worker === worker && !pending.synced) count++;
    return count;
  }

  private spawn(): Worker {
    // A roomier young generation: a large document's short-lived nodes die young instead of
    // being copied around, which keeps a 10 MB lint from spending most of its time collecting.
    const worker = new Worker(this.script, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (err) => this.log(`Lint worker failed: ${err.stack ?? err.message}`));
    worker.on('exit', () => {
      this.workers.splice(this.workers.indexOf(worker), 1);
      // Whatever was in flight there will not be answered: settle it empty so no caller hangs.
      for (const [id, pending] of this.pending) {
        if (pending.worker !== worker) continue;
        pending.sync({ findings: [], failures: ['the lint worker stopped'] });
        pending.background({ findings: [] });
        this.pending.delete(id);
      }
    });
    this.workers.push(worker);
    return worker;
  }

  /** An idle worker, a new one while there is room, or the least loaded. */
  private pick(): Worker {
    const idle = this.workers.find((worker) => this.load(worker) === 0);
    if (idle !== undefined) return idle;
    if (this.workers.length < this.size) return this.spawn();
    return this.workers.reduce((best, worker) => (this.load(worker) < this.load(best) ? worker : best));
  }

  private receive(message: FromWorker): void {
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    if (message.type === 'sync') {
      pending.synced = true;
      pending.sync({ findings: message.findings, failures: message.failures });
    } else {
      this.pending.delete(message.id);
      pending.background({
        findings: message.findings,
        ...(message.problem !== undefined ? { problem: message.problem } : {}),
      });
    }
  }

  /** Lints one text; `parsed` gives its tree when the main thread has it (small texts use it). */
  lint(uri: string, text: string, input: DiagnoseInput, parsed?: () => Dockerfile): LintHandle {
    if (parsed !== undefined && text.length <= this.inlineLimit) return this.lintHere(parsed, input);
    const id = this.nextId++;
    const worker = this.pick();
    let resolveSync: Pending['sync'] = () => undefined;
    let resolveBackground: Pending['background'] = () => undefined;
    const sync = new Promise<{ findings: Finding[]; failures: string[] }>(
      (resolve) => (resolveSync = resolve),
    );
    const background = new Promise<{ findings: Finding[]; problem?: string }>(
      (resolve) => (resolveBackground = resolve),
    );
    // With ShellCheck off the worker answers only once.
    const once = input.settings?.ruleSets.shellcheck === false;
    this.pending.set(id, {
      worker,
      synced: false,
      sync: (result) => {
        resolveSync(result);
        if (once) {
          this.pending.delete(id);
          resolveBackground({ findings: [] });
        }
      },
      background: resolveBackground,
    });
    const request: ToWorker = { type: 'lint', id, uri, text, input };
    worker.postMessage(request);
    return {
      sync,
      background,
      cancel: () => {
        const waiting = this.pending.get(id);
        if (waiting === undefined) return;
        this.pending.delete(id);
        waiting.sync({ findings: [], failures: [] });
        waiting.background({ findings: [] });
        const cancel: ToWorker = { type: 'cancel', id };
        waiting.worker.postMessage(cancel);
      },
    };
  }

  /** Lints on this thread, after whatever requests are already queued. */
  private lintHere(parsed: () => Dockerfile, input: DiagnoseInput): LintHandle {
    const controller = new AbortController();
    const started = new Promise<ReturnType<typeof runLint> | undefined>((resolve) =>
      setImmediate(() => {
        if (controller.signal.aborted) {
          resolve(undefined);
          return;
        }
        try {
          resolve(runLint(parsed(), input, controller.signal));
        } catch (err) {
          resolve({ sync: { findings: [], failures: [`lint: ${String(err)}`] }, background: undefined });
        }
      }),
    );
    return {
      sync: started.then((outcome) => outcome?.sync ?? { findings: [], failures: [] }),
      background: started.then(async (outcome) => (await outcome?.background) ?? { findings: [] }),
      cancel: () => controller.abort(),
    };
  }

  dispose(): void {
    for (const worker of [...this.workers]) void worker.terminate();
  }
}
