// The live stats of one container or of every container of a Compose project: one Engine stream
// per running container, opened and closed as the container's events say it starts and stops,
// a bounded history of the totals, and updates at a bounded rate.
import type { Disposable, Event } from '../docker/emitter';
import { Emitter } from '../docker/emitter';
import type { EventSubscription } from '../docker/events';
import { subscribeEvents } from '../docker/events';
import type { ContainerSummary } from '../docker/types';
import { composeProject, composeProjectLabel, composeServiceName } from '../views/compose';
import { RingBuffer } from './ringBuffer';
import type { StatsSample, SummedFigures } from './statsMath';
import { sumSamples } from './statsMath';
import type { StatsSource, StatsStream } from './statsStream';
import { openStatsStream } from './statsStream';
import type { Clock } from './throttle';
import { systemClock, Throttle } from './throttle';

/** What a stats view shows: one container, or the containers of a Compose project. */
export type StatsScope =
  | { readonly kind: 'container'; readonly id: string }
  | { readonly kind: 'project'; readonly project: string };

/** The Engine calls a session makes (DockerClient has them). */
export interface StatsEngine extends StatsSource {
  listContainers(signal?: AbortSignal): Promise<ContainerSummary[]>;
  listContainersById(ids: readonly string[], signal?: AbortSignal): Promise<ContainerSummary[]>;
  containerEventsWhere(
    filters: Record<string, string[]>,
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream>;
}

/** One container of the view, with its newest sample while it is followed. */
export interface ContainerStats {
  readonly id: string;
  readonly name: string;
  /** The Compose service (`web`, `web-2`), if any. */
  readonly service?: string;
  /** The Engine's state: running, paused, exited… */
  readonly state: string;
  readonly sample?: StatsSample;
}

/** The totals of one round of samples (every followed container's newest), for the charts. */
export interface StatsPoint extends SummedFigures {
  readonly time: number;
  /** The largest memory limit among the containers (they share the host). */
  readonly memoryLimit: number;
}

/** Everything a view needs, as of now. */
export interface StatsSnapshot {
  readonly scope: StatsScope;
  readonly containers: readonly ContainerStats[];
  /** Oldest first, at most `historyLength` points. */
  readonly history: readonly StatsPoint[];
  /** The single container of a `container` view is gone. */
  readonly removed: boolean;
  /** Why the daemon cannot be followed now, in words for a person. */
  readonly problem?: string;
}

export interface StatsSessionOptions {
  /** Points of history kept (the charts' width). */
  historyLength?: number;
  /** At most one update per this many ms. */
  updateIntervalMs?: number;
  /** Wait before trying again after a stream or the event subscription broke. */
  retryMs?: number;
  /** Turns an Engine failure into words. */
  describe?: (err: unknown) => string;
  clock?: Clock;
}

/** Container states in which the Engine has live figures to stream. */
const followedStates = new Set(['running', 'paused']);

interface Row {
  summary: ContainerSummary;
  sample?: StatsSample;
}

/** Follows the stats of a scope until disposed; `suspend` lets every stream go until `resume`. */
export class StatsSession implements Disposable {
  private readonly rows = new Map<string, Row>();
  private readonly streams = new Map<string, StatsStream>();
  private readonly history: RingBuffer<StatsPoint>;
  /** Containers that gave a sample since the last history point. */
  private readonly round = new Set<string>();
  private readonly updates = new Emitter<StatsSnapshot>();
  private readonly throttle: Throttle;
  private readonly clock: Clock;
  private readonly retryMs: number;
  private readonly describe: (err: unknown) => string;
  private events: EventSubscription | undefined;
  private active = false;
  private disposed = false;
  private removed = false;
  private problem: string | undefined;
  private reconciling: Promise<void> | undefined;
  private reconcileAgain = false;
  private reconcileTimer: unknown;
  private retryTimer: unknown;
  /** Bumped on every suspend, so work begun before it does not outlive it. */
  private generation = 0;

  /** Fires with a fresh snapshot, at most once per `updateIntervalMs`. */
  readonly onDidUpdate: Event<StatsSnapshot> = this.updates.event;

  constructor(
    private readonly engine: StatsEngine,
    readonly scope: StatsScope,
    options: StatsSessionOptions = {},
  ) {
    this.history = new RingBuffer(options.historyLength ?? 60);
    this.clock = options.clock ?? systemClock;
    this.retryMs = options.retryMs ?? 2000;
    this.describe = options.describe ?? ((err) => (err instanceof Error ? err.message : String(err)));
    this.throttle = new Throttle(
      () => this.updates.fire(this.snapshot()),
      options.updateIntervalMs ?? 500,
      this.clock,
    );
  }

  /** How many stats streams are open now. */
  get openStreams(): number {
    return this.streams.size;
  }

  /** True between `resume` and `suspend`. */
  get following(): boolean {
    return this.active;
  }

  /** Starts (or restarts) following: subscribes to the scope's events, lists it, opens streams. */
  async resume(): Promise<void> {
    if (this.disposed || this.active) {
      return;
    }
    this.active = true;
    await this.subscribe(this.generation);
    await this.reconcile();
  }

  /** Closes every stream and the event subscription; the history stays. */
  suspend(): void {
    this.active = false;
    this.generation++;
    this.events?.dispose();
    this.events = undefined;
    this.clock.clearTimeout(this.reconcileTimer);
    this.clock.clearTimeout(this.retryTimer);
    this.reconcileTimer = undefined;
    this.retryTimer = undefined;
    for (const [id, stream] of this.streams) {
      this.streams.delete(id);
      stream.dispose();
    }
    for (const row of this.rows.values()) {
      row.sample = undefined;
    }
    this.round.clear();
  }

  snapshot(): StatsSnapshot {
    const containers = [...this.rows.values()].map(({ summary, sample }) => {
      const service = composeServiceName(summary);
      return {
        id: summary.id,
        name: summary.name,
        state: summary.state,
        ...(service !== undefined ? { service } : {}),
        ...(sample !== undefined ? { sample } : {}),
      };
    });
    containers.sort((a, b) => (a.service ?? a.name).localeCompare(b.service ?? b.name));
    return {
      scope: this.scope,
      containers,
      history: this.history.toArray(),
      removed: this.removed,
      ...(this.problem !== undefined ? { problem: this.problem } : {}),
    };
  }

  private filters(): Record<string, string[]> {
    return this.scope.kind === 'container'
      ? { container: [this.scope.id] }
      : { label: [`${composeProjectLabel}=${this.scope.project}`] };
  }

  /** Follows the scope's container events; when the subscription breaks it is tried again. */
  private async subscribe(generation: number): Promise<void> {
    const filters = this.filters();
    const source = {
      events: (_options: unknown, signal?: AbortSignal) => this.engine.containerEventsWhere(filters, signal),
    };
    try {
      const subscription = await subscribeEvents(source, () => this.scheduleReconcile(50));
      if (generation !== this.generation || this.disposed) {
        subscription.dispose();
        return;
      }
      this.events = subscription;
      void subscription.closed.then((err) => {
        if (err !== undefined && this.events === subscription) {
          this.events = undefined;
          this.retrySubscribe(generation);
        }
      });
    } catch (err) {
      this.setProblem(this.describe(err));
      this.retrySubscribe(generation);
    }
  }

  private retrySubscribe(generation: number): void {
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (generation === this.generation && this.active && !this.disposed && this.events === undefined) {
        void this.subscribe(generation).then(() => this.scheduleReconcile(0));
      }
    }, this.retryMs);
  }

  private scheduleReconcile(ms: number): void {
    if (!this.active || this.disposed) {
      return;
    }
    this.clock.clearTimeout(this.reconcileTimer);
    this.reconcileTimer = this.clock.setTimeout(() => {
      this.reconcileTimer = undefined;
      void this.reconcile();
    }, ms);
  }

  /** Lists the scope and opens or closes streams to match; calls made meanwhile run once after. */
  private async reconcile(): Promise<void> {
    if (this.reconciling !== undefined) {
      this.reconcileAgain = true;
      return this.reconciling;
    }
    this.reconciling = (async () => {
      do {
        this.reconcileAgain = false;
        await this.reconcileOnce();
      } while (this.reconcileAgain && this.active && !this.disposed);
    })();
    try {
      await this.reconciling;
    } finally {
      this.reconciling = undefined;
    }
  }

  private async reconcileOnce(): Promise<void> {
    const generation = this.generation;
    let listed: ContainerSummary[];
    try {
      listed =
        this.scope.kind === 'container'
          ? await this.engine.listContainersById([this.scope.id])
          : (await this.engine.listContainers()).filter(
              (c) => this.scope.kind === 'project' && composeProject(c) === this.scope.project,
            );
    } catch (err) {
      if (generation === this.generation && !this.disposed) {
        this.setProblem(this.describe(err));
        this.scheduleReconcile(this.retryMs);
      }
      return;
    }
    if (generation !== this.generation || this.disposed) {
      return;
    }
    this.problem = undefined;
    const ids = new Set(listed.map((c) => c.id));
    for (const id of [...this.rows.keys()]) {
      if (!ids.has(id)) {
        this.rows.delete(id);
        this.close(id);
      }
    }
    this.removed = this.scope.kind === 'container' && listed.length === 0;
    const opening: Promise<void>[] = [];
    for (const summary of listed) {
      const row = this.rows.get(summary.id);
      if (row === undefined) {
        this.rows.set(summary.id, { summary });
      } else {
        row.summary = summary;
      }
      const wanted = followedStates.has(summary.state);
      if (wanted && !this.streams.has(summary.id)) {
        opening.push(this.open(summary.id, generation));
      } else if (!wanted) {
        this.close(summary.id);
      }
    }
    await Promise.all(opening);
    this.throttle.request();
  }

  /** Opens one container's stream; when it ends by itself, the scope is looked at again. */
  private async open(id: string, generation: number): Promise<void> {
    let stream: StatsStream;
    try {
      stream = await openStatsStream(this.engine, id, (sample) => this.onSample(id, sample));
    } catch (err) {
      if (generation === this.generation && !this.disposed) {
        this.setProblem(this.describe(err));
        this.scheduleReconcile(this.retryMs);
      }
      return;
    }
    if (generation !== this.generation || this.disposed || this.streams.has(id)) {
      stream.dispose();
      return;
    }
    this.streams.set(id, stream);
    void stream.ended.then((end) => {
      if (this.streams.get(id) !== stream) {
        return;
      }
      this.streams.delete(id);
      this.forget(id);
      if (end.reason !== 'disposed') {
        // Stopped: the die event usually says so first; a broken stream is opened again later.
        this.scheduleReconcile(end.reason === 'stopped' ? 50 : this.retryMs);
      }
    });
  }

  private close(id: string): void {
    const stream = this.streams.get(id);
    this.streams.delete(id);
    stream?.dispose();
    this.forget(id);
  }

  /** A container no longer followed leaves the totals. */
  private forget(id: string): void {
    const row = this.rows.get(id);
    if (row !== undefined) {
      row.sample = undefined;
    }
    this.round.delete(id);
    this.throttle.request();
  }

  private onSample(id: string, sample: StatsSample): void {
    const row = this.rows.get(id);
    if (row === undefined || !this.streams.has(id)) {
      return;
    }
    row.sample = sample;
    if (this.round.has(id)) {
      this.closeRound();
    }
    this.round.add(id);
    if ([...this.streams.keys()].every((k) => this.round.has(k))) {
      this.closeRound();
    }
    this.throttle.request();
  }

  /** Adds a history point: the totals of every followed container's newest sample. */
  private closeRound(): void {
    const samples = [...this.rows.values()]
      .map((r) => r.sample)
      .filter((s): s is StatsSample => s !== undefined);
    if (samples.length > 0) {
      this.history.push({
        ...sumSamples(samples),
        time: Math.max(...samples.map((s) => s.time)),
        memoryLimit: Math.max(...samples.map((s) => s.memoryLimit)),
      });
    }
    this.round.clear();
  }

  private setProblem(problem: string): void {
    this.problem = problem;
    this.throttle.request();
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.suspend();
    this.disposed = true;
    this.throttle.dispose();
    this.updates.dispose();
  }
}
