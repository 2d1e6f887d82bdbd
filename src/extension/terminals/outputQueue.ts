// Output waiting for a terminal, bounded: past a high-water mark the source is paused (never
// dropped) and resumed once the terminal has caught up below the low-water mark.

/** How much a queue holds and how fast it hands text on. */
export interface OutputQueueOptions {
  /** Pause the source above this many characters waiting. */
  highWater: number;
  /** Resume it below this many. */
  lowWater: number;
  /** At most this many characters per write (whole pieces; at least one). */
  perWrite: number;
  /** Milliseconds between writes while output waits. */
  intervalMs: number;
}

/**
 * A pseudoterminal has no acknowledgement: whatever it is handed, the workbench must take. The
 * queue hands it text at a steady pace (`perWrite` every `intervalMs`, about 6 MB/s by default),
 * which keeps the extension host responsive however fast a container writes.
 */
export const defaultQueueOptions: OutputQueueOptions = {
  highWater: 4 * 1024 * 1024,
  lowWater: 1024 * 1024,
  perWrite: 64 * 1024,
  intervalMs: 10,
};

/** Queues text for a writer, pausing and resuming its source by the amount waiting. */
export class OutputQueue {
  private readonly pieces: string[] = [];
  private head = 0;
  private waiting = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private paused = false;
  private disposed = false;
  private written = 0;
  private peak = 0;
  private lastWrite = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly pressure: (paused: boolean) => void,
    private readonly options: OutputQueueOptions = defaultQueueOptions,
  ) {}

  /** Characters waiting to be written. */
  get pending(): number {
    return this.waiting;
  }

  /** The most characters that ever waited at once. */
  get peakPending(): number {
    return this.peak;
  }

  /** Characters handed to the writer so far. */
  get total(): number {
    return this.written;
  }

  /** True while the source is asked to pause. */
  get isPaused(): boolean {
    return this.paused;
  }

  push(text: string): void {
    if (this.disposed || text === '') {
      return;
    }
    this.pieces.push(text);
    this.waiting += text.length;
    this.peak = Math.max(this.peak, this.waiting);
    if (!this.paused && this.waiting > this.options.highWater) {
      this.paused = true;
      this.pressure(true);
    }
    // Never sooner than one interval after the last write, so the pace holds when the queue
    // empties between pieces too.
    this.schedule(Math.max(0, this.lastWrite + this.options.intervalMs - Date.now()));
  }

  /** Resolves once everything queued so far has been written (or the queue is disposed). */
  drained(): Promise<void> {
    if (this.waiting === 0 || this.disposed) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.waiting === 0 || this.disposed) {
          resolve();
        } else {
          setTimeout(check, this.options.intervalMs);
        }
      };
      check();
    });
  }

  private schedule(delay: number): void {
    if (this.timer === undefined && !this.disposed) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, delay);
    }
  }

  private flush(): void {
    if (this.waiting === 0 || this.disposed) {
      return;
    }
    const batch: string[] = [];
    let size = 0;
    while (this.head < this.pieces.length && (batch.length === 0 || size < this.options.perWrite)) {
      const piece = this.pieces[this.head] ?? '';
      this.head++;
      batch.push(piece);
      size += piece.length;
    }
    // Compact now and then, so the array does not keep written pieces alive.
    if (this.head > 1024 || this.head === this.pieces.length) {
      this.pieces.splice(0, this.head);
      this.head = 0;
    }
    this.waiting -= size;
    this.written += size;
    this.lastWrite = Date.now();
    this.write(batch.join(''));
    if (this.paused && this.waiting < this.options.lowWater) {
      this.paused = false;
      this.pressure(false);
    }
    if (this.waiting > 0) {
      this.schedule(this.options.intervalMs);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.pieces.length = 0;
    this.head = 0;
    this.waiting = 0;
  }
}
