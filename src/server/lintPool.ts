// The main thread's side of the lint worker: sends documents, matches answers to requests, and
// restarts the worker if it dies.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DiagnoseInput } from './rules/diagnose';
import type { Finding } from './rules/finding';
import type { FromWorker, ToWorker } from './lintProtocol';

interface Pending {
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
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly script = join(__dirname, 'lintWorker.js'),
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (err) => this.log(`Lint worker failed: ${err.stack ?? err.message}`));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      // Whatever was in flight will not be answered: settle it empty so no caller hangs.
      for (const [id, pending] of this.pending) {
        pending.sync({ findings: [], failures: ['the lint worker stopped'] });
        pending.background({ findings: [] });
        this.pending.delete(id);
      }
    });
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    if (message.type === 'sync') {
      pending.sync({ findings: message.findings, failures: message.failures });
    } else {
      pending.background({
        findings: message.findings,
        ...(message.problem !== undefined ? { problem: message.problem } : {}),
      });
      this.pending.delete(message.id);
    }
  }

  /** Lints one text. */
  lint(uri: string, text: string, input: DiagnoseInput): LintHandle {
    const id = this.nextId++;
    let pending: Pending = { sync: () => undefined, background: () => undefined };
    const sync = new Promise<{ findings: Finding[]; failures: string[] }>((resolve) => {
      pending = { ...pending, sync: resolve };
    });
    const background = new Promise<{ findings: Finding[]; problem?: string }>((resolve) => {
      pending = { ...pending, background: resolve };
    });
    // ShellCheck off: the worker answers only once.
    const settled = input.settings?.ruleSets.shellcheck === false;
    this.pending.set(id, {
      sync: (result) => {
        pending.sync(result);
        if (settled) {
          pending.background({ findings: [] });
          this.pending.delete(id);
        }
      },
      background: pending.background,
    });
    const request: ToWorker = { type: 'lint', id, uri, text, input };
    this.ensureWorker().postMessage(request);
    return {
      sync,
      background,
      cancel: () => {
        const waiting = this.pending.get(id);
        if (waiting === undefined) return;
        this.pending.delete(id);
        waiting.background({ findings: [] });
        const cancel: ToWorker = { type: 'cancel', id };
        this.worker?.postMessage(cancel);
      },
    };
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
