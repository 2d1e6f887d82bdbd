// Decides when each document is linted: debounced after edits, right away when opened, the
// synchronous rule families first, then ShellCheck in the background, cancelled as soon as the
// document changes again. Results for an outdated version are dropped.
import type { Finding } from './rules/finding';

export interface LintJob {
  readonly uri: string;
  readonly version: number;
}

export interface SchedulerDeps {
  /** The current version of an open document, undefined once closed. */
  currentVersion(uri: string): number | undefined;
  /**
   * Starts linting: `sync` is the fast pass (parse, syntax, BuildKit, hadolint), `background`
   * the slow one (ShellCheck), which resolves empty when it does not apply or is aborted.
   */
  lint(job: LintJob, signal: AbortSignal): { sync: Promise<Finding[]>; background: Promise<Finding[]> };
  publish(job: LintJob, findings: readonly Finding[]): void;
  log(message: string): void;
}

export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly delayMs = 150,
  ) {}

  /** Lints the document after the debounce delay (or at once), replacing any pending run. */
  schedule(uri: string, immediate = false): void {
    this.cancel(uri);
    const timer = setTimeout(
      () => {
        this.timers.delete(uri);
        void this.run(uri);
      },
      immediate ? 0 : this.delayMs,
    );
    this.timers.set(uri, timer);
  }

  /** Stops whatever is pending or running for the document. */
  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(uri);
    this.running.get(uri)?.abort();
    this.running.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.timers.keys(), ...this.running.keys()]) this.cancel(uri);
  }

  private isCurrent(job: LintJob): boolean {
    return this.deps.currentVersion(job.uri) === job.version;
  }

  private async run(uri: string): Promise<void> {
    const version = this.deps.currentVersion(uri);
    if (version === undefined) return;
    const job = { uri, version };
    const controller = new AbortController();
    this.running.set(uri, controller);
    try {
      const passes = this.deps.lint(job, controller.signal);
      const findings = await passes.sync;
      if (!this.isCurrent(job) || controller.signal.aborted) return;
      this.deps.publish(job, findings);
      const more = await passes.background;
      if (!this.isCurrent(job) || controller.signal.aborted || more.length === 0) return;
      this.deps.publish(job, [...findings, ...more]);
    } catch (err) {
      this.deps.log(
        `Linting ${uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    } finally {
      if (this.running.get(uri) === controller) this.running.delete(uri);
    }
  }
}
