// Coalesces many requests into at most one call per interval, the last request always honoured.
import type { Disposable } from '../docker/emitter';

/** Timers, passed in so tests can drive time. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Calls `run` after `request()`, never sooner than `intervalMs` after the previous call: a
 * request inside the interval is kept for its end, and any number of them make one call.
 */
export class Throttle implements Disposable {
  private last = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private pending = false;
  private disposed = false;

  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  request(): void {
    if (this.disposed || this.pending) {
      return;
    }
    this.pending = true;
    const wait = Math.max(0, this.last + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.pending = false;
    this.timer = undefined;
    if (this.disposed) {
      return;
    }
    this.last = this.clock.now();
    this.run();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
