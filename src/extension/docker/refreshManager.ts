// Keeps one daemon's model current while a view shows it: one listing, then the event stream,
// patching only the objects that events name.
import type { CoreKind, DaemonModel, ResourceKind, SwarmKind } from './daemonModel';
import { swarmKinds } from './daemonModel';
import type { Disposable } from './emitter';
import type { DockerEndpoint } from './endpoint';
import { describeDockerError } from './errors';
import {
  sinceAfter,
  subscribeEvents,
  type DockerEvent,
  type EventSource,
  type EventSubscription,
} from './events';
import type { SwarmClient } from './swarmClient';
import type { SwarmDataObject, SwarmInfo, SwarmNode, SwarmService, SwarmTask } from './swarmTypes';
import { isSwarmManager } from './swarmMapping';
import { servicesSettled } from './swarmState';
import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary, VolumeUsage } from './types';

/** The swarm calls the refresh manager makes. */
export type SwarmReads = Pick<
  SwarmClient,
  | 'info'
  | 'listNodes'
  | 'listServices'
  | 'listTasks'
  | 'listSecrets'
  | 'listConfigs'
  | 'inspectNode'
  | 'inspectService'
  | 'inspectSecret'
  | 'inspectConfig'
>;

/** The Engine calls the refresh manager makes; DockerClient provides them all. */
export interface ModelClient extends EventSource {
  readonly endpoint: DockerEndpoint;
  listContainers(signal?: AbortSignal): Promise<ContainerSummary[]>;
  listImages(signal?: AbortSignal): Promise<ImageSummary[]>;
  listVolumes(signal?: AbortSignal): Promise<VolumeSummary[]>;
  listNetworks(signal?: AbortSignal): Promise<NetworkSummary[]>;
  listContainersById(ids: readonly string[], signal?: AbortSignal): Promise<ContainerSummary[]>;
  inspectImage(idOrReference: string, signal?: AbortSignal): Promise<ImageSummary | undefined>;
  inspectVolume(name: string, signal?: AbortSignal): Promise<VolumeSummary | undefined>;
  inspectNetwork(idOrName: string, signal?: AbortSignal): Promise<NetworkSummary | undefined>;
  volumeUsage(signal?: AbortSignal): Promise<Map<string, VolumeUsage>>;
  /** The swarm endpoints; a client without them shows no swarm. */
  readonly swarm?: SwarmReads;
}

/** What the manager needs of a connection: DockerConnection fits. */
export interface ConnectionLike {
  /** Set while the connection considers the daemon usable. */
  readonly client: ModelClient | undefined;
  /** `connecting`, `connected` or `unreachable`, when the connection says. */
  readonly state?: string;
  readonly reason?: string;
  onDidChangeState(listener: () => void): Disposable;
}

/** Timer functions, injectable so tests control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface RefreshOptions {
  /**
   * After a round of fetches, how long further events are collected before the next round
   * (default 30 ms). The first event after a quiet spell is fetched at once.
   */
  debounceMs?: number;
  /** First reconnection delay (default 250 ms), doubled after each failure… */
  backoffStartMs?: number;
  /**
   * …up to this (default 1,500 ms). A daemon that comes back is then seen within 2 seconds;
   * an attempt against a daemon that is down costs one refused connection.
   */
  backoffMaxMs?: number;
  /** Full re-listing interval for daemons that emit nothing, read before each wait; ≤ 0 disables. */
  safetyPollMs?: () => number;
  timers?: Timers;
  log?: (message: string) => void;
}

/** The default safety poll: five minutes. */
export const defaultSafetyPollMs = 5 * 60 * 1000;

/** The delay before reconnection attempt `attempt` (0-based): start × 2^attempt, capped. */
export function backoffDelay(attempt: number, startMs: number, maxMs: number): number {
  return Math.min(maxMs, startMs * 2 ** Math.min(attempt, 30));
}

const coreKinds: readonly CoreKind[] = ['containers', 'images', 'volumes', 'networks'];
const kinds: readonly ResourceKind[] = [...coreKinds, ...swarmKinds];

/** The label a swarm task's container carries: the service it belongs to. */
const serviceLabel = 'com.docker.swarm.service.id';

/** Networks a swarm creates and removes on this daemon as it joins or leaves. */
const swarmNetworks = new Set(['ingress', 'docker_gwbridge']);

/**
 * After a service changes, its tasks are listed again after these pauses until they settle (no
 * task events exist; local containers' events also help): about half a minute at most.
 */
export const taskFollowDelaysMs: readonly number[] = [
  250, 500, 1000, 2000, 3000, 5000, 5000, 5000, 5000, 5000,
];

function kindSets(): { [K in ResourceKind]: Set<string> } {
  return {
    containers: new Set(),
    images: new Set(),
    volumes: new Set(),
    networks: new Set(),
    nodes: new Set(),
    services: new Set(),
    tasks: new Set(),
    secrets: new Set(),
    configs: new Set(),
  };
}

/** The most objects of one kind fetched one by one in a round; more and the kind is listed. */
export const patchLimit = 200;

/** What a burst of events asks for, by kind: objects to fetch again and objects to drop. */
export class PendingPatches {
  readonly fetch: { [K in ResourceKind]: Set<string> } = kindSets();
  readonly remove: { [K in ResourceKind]: Set<string> } = kindSets();
  /** Services whose tasks are listed again. */
  readonly taskServices = new Set<string>();
  /** Set when the daemon's place in a swarm may have moved: `/info` is read again. */
  swarmInfo = false;
  /** Image references whose former holder must be fetched again (a tag moved away from it). */
  readonly movedTags = new Set<string>();
  /**
   * Containers to fetch a moment later: the Engine announces a network (dis)connection before
   * the container's listing shows it.
   */
  readonly settle = new Set<string>();
  readonly relist = new Set<ResourceKind>();

  get empty(): boolean {
    return (
      this.relist.size === 0 &&
      this.movedTags.size === 0 &&
      this.taskServices.size === 0 &&
      !this.swarmInfo &&
      this.settle.size === 0 &&
      kinds.every((kind) => this.fetch[kind].size === 0 && this.remove[kind].size === 0)
    );
  }

  private fetchOne(kind: ResourceKind, key: string): void {
    if (key !== '') {
      this.fetch[kind].add(key);
      this.remove[kind].delete(key);
    }
  }

  private removeOne(kind: ResourceKind, key: string): void {
    if (key !== '') {
      this.remove[kind].add(key);
      this.fetch[kind].delete(key);
    }
  }

  /** Records what one event means for the model. */
  add(event: DockerEvent): void {
    const { type, verb, id, attributes } = event;
    switch (type) {
      case 'container':
        if (attributes[serviceLabel] !== undefined && attributes[serviceLabel] !== '') {
          this.taskServices.add(attributes[serviceLabel]);
        }
        if (verb === 'destroy') {
          this.removeOne('containers', id);
        } else {
          this.fetchOne('containers', id);
          if (verb === 'commit') {
            // The new image's id is not in the event.
            this.relist.add('images');
          }
        }
        return;
      case 'image':
        switch (verb) {
          case 'delete':
            this.removeOne('images', id);
            return;
          case 'tag':
          case 'untag':
          case 'pull':
          case 'load':
          case 'import':
            this.fetchOne('images', id);
            // A tag or pull can take a reference away from another image.
            this.movedTags.add(id);
            if (attributes.name !== undefined) {
              this.movedTags.add(attributes.name);
            }
            return;
          default:
            return;
        }
      case 'volume':
        if (verb === 'create') {
          this.fetchOne('volumes', id);
        } else if (verb === 'destroy') {
          this.removeOne('volumes', id);
        }
        return;
      case 'network':
        if ((verb === 'create' || verb === 'destroy') && swarmNetworks.has(attributes.name ?? '')) {
          this.swarmInfo = true;
        }
        if (verb === 'create') {
          this.fetchOne('networks', id);
        } else if (verb === 'destroy') {
          this.removeOne('networks', id);
        } else if (verb === 'connect' || verb === 'disconnect') {
          this.fetchOne('networks', id);
          if (attributes.container !== undefined && attributes.container !== '') {
            this.settle.add(attributes.container);
          }
        }
        return;
      case 'service':
        if (verb === 'remove') {
          this.removeOne('services', id);
        } else {
          this.fetchOne('services', id);
        }
        if (id !== '') {
          this.taskServices.add(id);
        }
        return;
      case 'node':
        // A node joining, leaving or changing role may change this daemon's own standing.
        this.swarmInfo = true;
        if (verb === 'remove') {
          this.removeOne('nodes', id);
        } else {
          this.fetchOne('nodes', id);
        }
        return;
      case 'secret':
      case 'config': {
        const kind = type === 'secret' ? 'secrets' : 'configs';
        if (verb === 'remove') {
          this.removeOne(kind, id);
        } else {
          this.fetchOne(kind, id);
        }
        return;
      }
      default:
        return;
    }
  }
}

/** What one swarm listing found: the daemon's standing, and its objects when it is a manager. */
interface SwarmListing {
  info: SwarmInfo;
  lists:
    | {
        nodes: SwarmNode[];
        services: SwarmService[];
        tasks: SwarmTask[];
        secrets: SwarmDataObject[];
        configs: SwarmDataObject[];
      }
    | undefined;
}

/** One run against one client while visible; everything stops with it. */
interface Session {
  readonly client: ModelClient;
  readonly controller: AbortController;
  subscription?: EventSubscription;
  /** Until the first listing of a connection lands, events wait. */
  listed: boolean;
  attempt: number;
  reconnectTimer?: unknown;
  pollTimer?: unknown;
  flushTimer?: unknown;
  /** Set while a flush started less than `debounceMs` ago: further events wait out the window. */
  coolingTimer?: unknown;
  readonly settleTimers: Set<unknown>;
  flushing: boolean;
  failures: number;
  pending: PendingPatches;
  /** The newest event time seen, where a resumed stream starts. */
  lastTimeNano?: bigint;
  /** A resumed stream repeats events up to this instant; those are dropped. */
  resumedFrom?: bigint;
  /** Services whose tasks are being followed until they settle, with the next delay's index. */
  readonly followed: Map<string, number>;
  followTimer?: unknown;
}

/**
 * One per daemon. While `setVisible(true)`: lists everything once, follows `/events`, patches the
 * objects events name (bursts coalesced), reconnects with back-off and re-lists after each
 * reconnect, and re-lists on a slow safety poll. While not visible it sends nothing.
 */
export class RefreshManager implements Disposable {
  private visible = false;
  private session: Session | undefined;
  private readonly subscription: Disposable;
  private readonly debounceMs: number;
  private readonly backoffStartMs: number;
  private readonly backoffMaxMs: number;
  private readonly safetyPollMs: () => number;
  private readonly timers: Timers;
  private readonly log: (message: string) => void;
  private disposed = false;

  constructor(
    private readonly connection: ConnectionLike,
    readonly model: DaemonModel,
    options: RefreshOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 30;
    this.backoffStartMs = options.backoffStartMs ?? 250;
    this.backoffMaxMs = options.backoffMaxMs ?? 1500;
    this.safetyPollMs = options.safetyPollMs ?? (() => defaultSafetyPollMs);
    this.timers = options.timers ?? realTimers;
    this.log = options.log ?? (() => undefined);
    this.subscription = connection.onDidChangeState(() => this.update());
  }

  /** Whether any view of this daemon is visible; the views call this. */
  setVisible(visible: boolean): void {
    if (this.visible === visible || this.disposed) {
      return;
    }
    this.visible = visible;
    this.update();
  }

  get isVisible(): boolean {
    return this.visible;
  }

  /**
   * Lists everything again now (a refresh command). While waiting to reconnect, tries at once
   * with the delay started over. Nothing happens while not visible.
   */
  refresh(): void {
    const session = this.session;
    if (session === undefined) {
      return;
    }
    if (!session.listed) {
      if (session.reconnectTimer !== undefined) {
        this.timers.clearTimeout(session.reconnectTimer);
        session.attempt = 0;
        void this.connect(session);
      }
      return;
    }
    for (const kind of kinds) {
      session.pending.relist.add(kind);
    }
    session.pending.swarmInfo = true;
    this.scheduleFlush(session, 0);
  }

  /** Loads volume sizes and users from `/system/df` into the model; false when not connected. */
  async loadVolumeUsage(signal?: AbortSignal): Promise<boolean> {
    const client = this.connection.client;
    if (client === undefined) {
      return false;
    }
    this.model.setVolumeUsage(await client.volumeUsage(signal));
    return true;
  }

  /** Starts, stops or restarts the session to match visibility and the connection's client. */
  private update(): void {
    if (this.disposed) {
      return;
    }
    const client = this.visible ? this.connection.client : undefined;
    if (client !== undefined && this.session?.client === client) {
      return;
    }
    this.stop();
    if (!this.visible) {
      this.model.setState('idle');
      return;
    }
    if (client === undefined) {
      if (this.connection.state === 'unreachable') {
        this.model.setState('unreachable', this.connection.reason);
      } else {
        this.model.setState('loading');
      }
      return;
    }
    const session: Session = {
      client,
      controller: new AbortController(),
      listed: false,
      attempt: 0,
      settleTimers: new Set(),
      followed: new Map(),
      flushing: false,
      failures: 0,
      pending: new PendingPatches(),
    };
    this.session = session;
    this.model.setState('loading');
    void this.connect(session);
  }

  private stop(): void {
    const session = this.session;
    if (session === undefined) {
      return;
    }
    this.session = undefined;
    session.controller.abort();
    session.subscription?.dispose();
    for (const timer of [
      session.reconnectTimer,
      session.pollTimer,
      session.flushTimer,
      session.coolingTimer,
      session.followTimer,
      ...session.settleTimers,
    ]) {
      if (timer !== undefined) {
        this.timers.clearTimeout(timer);
      }
    }
  }

  private live(session: Session): boolean {
    return this.session === session;
  }

  /** Subscribes first, then lists, so nothing that happens in between is missed. */
  private async connect(session: Session): Promise<void> {
    session.reconnectTimer = undefined;
    session.listed = false;
    session.resumedFrom = session.lastTimeNano;
    let subscription: EventSubscription;
    try {
      subscription = await subscribeEvents(session.client, (event) => this.onEvent(session, event), {
        ...(session.lastTimeNano !== undefined ? { since: sinceAfter(session.lastTimeNano) } : {}),
        signal: session.controller.signal,
      });
    } catch (err) {
      this.fail(session, err);
      return;
    }
    if (!this.live(session)) {
      subscription.dispose();
      return;
    }
    session.subscription = subscription;
    void subscription.closed.then((err) => this.onStreamClosed(session, subscription, err));
    try {
      await this.listAll(session);
    } catch (err) {
      if (this.live(session) && session.subscription === subscription) {
        session.subscription = undefined;
        subscription.dispose();
        this.fail(session, err);
      }
      return;
    }
    if (!this.live(session) || session.subscription !== subscription) {
      return;
    }
    session.listed = true;
    session.attempt = 0;
    this.model.setState('ready');
    this.schedulePoll(session);
    if (!session.pending.empty) {
      this.scheduleFlush(session, 0);
    }
  }

  private async listAll(session: Session): Promise<void> {
    const { client, controller } = session;
    const signal = controller.signal;
    const [containers, images, volumes, networks, swarm] = await Promise.all([
      client.listContainers(signal),
      client.listImages(signal),
      client.listVolumes(signal),
      client.listNetworks(signal),
      this.listSwarm(client, signal),
    ]);
    if (!this.live(session)) {
      return;
    }
    // Events that arrived during the listing are applied after it; re-listed kinds need no relist.
    for (const kind of kinds) {
      session.pending.relist.delete(kind);
    }
    this.model.replace('containers', containers);
    this.model.replace('images', images);
    this.model.replace('volumes', volumes);
    this.model.replace('networks', networks);
    this.applySwarmListing(swarm);
  }

  /** The swarm's objects when the daemon is a manager; empty lists otherwise. */
  private async listSwarm(client: ModelClient, signal: AbortSignal): Promise<SwarmListing | undefined> {
    const swarm = client.swarm;
    if (swarm === undefined) {
      return undefined;
    }
    const info = await swarm.info(signal);
    if (!isSwarmManager(info)) {
      return { info, lists: undefined };
    }
    const [nodes, services, tasks, secrets, configs] = await Promise.all([
      swarm.listNodes(signal),
      swarm.listServices(signal),
      swarm.listTasks(undefined, signal),
      swarm.listSecrets(signal),
      swarm.listConfigs(signal),
    ]);
    return { info, lists: { nodes, services, tasks, secrets, configs } };
  }

  private applySwarmListing(listing: SwarmListing | undefined): void {
    if (listing === undefined) {
      return;
    }
    this.model.setSwarm(listing.info);
    const lists = listing.lists;
    this.model.replace('nodes', lists?.nodes ?? []);
    this.model.replace('services', lists?.services ?? []);
    this.model.replace('tasks', lists?.tasks ?? []);
    this.model.replace('secrets', lists?.secrets ?? []);
    this.model.replace('configs', lists?.configs ?? []);
  }

  private onStreamClosed(session: Session, subscription: EventSubscription, err: Error | undefined): void {
    if (!this.live(session) || session.subscription !== subscription) {
      return;
    }
    session.subscription = undefined;
    this.log(`Docker event stream closed${err !== undefined ? `: ${err.message}` : ''}; reconnecting`);
    this.scheduleReconnect(session);
  }

  private fail(session: Session, err: unknown): void {
    if (!this.live(session)) {
      return;
    }
    const reason = describeDockerError(err, session.client.endpoint);
    this.log(reason);
    this.model.setState('unreachable', reason);
    this.scheduleReconnect(session);
  }

  private scheduleReconnect(session: Session): void {
    if (session.pollTimer !== undefined) {
      this.timers.clearTimeout(session.pollTimer);
      session.pollTimer = undefined;
    }
    const delay = backoffDelay(session.attempt++, this.backoffStartMs, this.backoffMaxMs);
    session.reconnectTimer = this.timers.setTimeout(() => {
      if (this.live(session)) {
        void this.connect(session);
      }
    }, delay);
  }

  private schedulePoll(session: Session): void {
    const ms = this.safetyPollMs();
    if (ms <= 0) {
      return;
    }
    session.pollTimer = this.timers.setTimeout(() => {
      session.pollTimer = undefined;
      if (!this.live(session) || session.subscription === undefined) {
        return;
      }
      for (const kind of kinds) {
        session.pending.relist.add(kind);
      }
      session.pending.swarmInfo = true;
      this.scheduleFlush(session, 0);
      this.schedulePoll(session);
    }, ms);
  }

  private onEvent(session: Session, event: DockerEvent): void {
    if (!this.live(session)) {
      return;
    }
    if (session.resumedFrom !== undefined && event.timeNano !== 0n && event.timeNano <= session.resumedFrom) {
      return;
    }
    if (session.lastTimeNano === undefined || event.timeNano > session.lastTimeNano) {
      session.lastTimeNano = event.timeNano;
    }
    session.pending.add(event);
    // The first event after a quiet spell is applied at once (with whatever arrived in the same
    // chunk); events that follow within the window are collected for one round of fetches.
    if (session.listed && !session.pending.empty) {
      this.scheduleFlush(session, session.coolingTimer === undefined ? 0 : this.debounceMs);
    }
  }

  /** One flush at a time, so an older fetch never lands after a newer one. */
  private scheduleFlush(session: Session, delayMs: number): void {
    if (session.flushTimer !== undefined || session.flushing) {
      return;
    }
    session.flushTimer = this.timers.setTimeout(() => {
      session.flushTimer = undefined;
      void this.flush(session);
    }, delayMs);
  }

  private async flush(session: Session): Promise<void> {
    // Between a broken stream and the listing after the reconnect, patches wait for that listing.
    if (!this.live(session) || !session.listed || session.pending.empty) {
      return;
    }
    const pending = session.pending;
    session.pending = new PendingPatches();
    session.flushing = true;
    if (pending.settle.size > 0) {
      this.settleLater(session, pending.settle);
    }
    if (session.coolingTimer !== undefined) {
      this.timers.clearTimeout(session.coolingTimer);
    }
    session.coolingTimer = this.timers.setTimeout(() => {
      session.coolingTimer = undefined;
    }, this.debounceMs);
    const failed = new Set<ResourceKind>();
    try {
      if (pending.swarmInfo) {
        await this.rereadSwarm(session, pending);
      }
      const applyKind = async (kind: ResourceKind): Promise<void> => {
        try {
          await this.apply(session, pending, kind);
        } catch (err) {
          if (this.live(session)) {
            this.log(`Refreshing ${kind} failed: ${describeDockerError(err, session.client.endpoint)}`);
            failed.add(kind);
          }
        }
      };
      // Tasks last: following them needs their services in the model.
      await Promise.all(kinds.filter((kind) => kind !== 'tasks').map(applyKind));
      await applyKind('tasks');
    } finally {
      session.flushing = false;
    }
    if (!this.live(session)) {
      return;
    }
    // A failed patch is retried as a full listing, after a growing pause.
    for (const kind of failed) {
      session.pending.relist.add(kind);
      // A swarm call fails for good once the daemon left the swarm: ask `/info` before retrying.
      if ((swarmKinds as readonly string[]).includes(kind)) {
        session.pending.swarmInfo = true;
      }
    }
    session.failures = failed.size > 0 ? session.failures + 1 : 0;
    if (!session.pending.empty) {
      const delay =
        session.failures > 0 ? backoffDelay(session.failures - 1, this.backoffStartMs, this.backoffMaxMs) : 0;
      this.scheduleFlush(session, delay);
    }
  }

  /**
   * Fetches containers once the window has passed and again a little later: the Engine records
   * the container's new networks just after announcing them, normally within microseconds.
   */
  private settleLater(session: Session, ids: ReadonlySet<string>): void {
    for (const delay of [this.debounceMs, this.debounceMs * 10]) {
      const handle = this.timers.setTimeout(() => {
        session.settleTimers.delete(handle);
        if (!this.live(session)) {
          return;
        }
        for (const id of ids) {
          if (!session.pending.remove.containers.has(id)) {
            session.pending.fetch.containers.add(id);
          }
        }
        this.scheduleFlush(session, 0);
      }, delay);
      session.settleTimers.add(handle);
    }
  }

  /** Reads `/info` again; when the daemon became (or stopped being) a manager, lists the swarm. */
  private async rereadSwarm(session: Session, pending: PendingPatches): Promise<void> {
    const swarm = session.client.swarm;
    if (swarm === undefined) {
      return;
    }
    const before = isSwarmManager(this.model.swarm());
    let info;
    try {
      info = await swarm.info(session.controller.signal);
    } catch (err) {
      if (this.live(session)) {
        this.log(`Reading the swarm state failed: ${describeDockerError(err, session.client.endpoint)}`);
      }
      return;
    }
    if (!this.live(session)) {
      return;
    }
    this.model.setSwarm(info);
    if (isSwarmManager(info) !== before) {
      swarmKinds.forEach((kind) => pending.relist.add(kind));
    }
  }

  private async apply(session: Session, pending: PendingPatches, kind: ResourceKind): Promise<void> {
    if (kind === 'containers' || kind === 'images' || kind === 'volumes' || kind === 'networks') {
      return this.applyCore(session, pending, kind);
    }
    return this.applySwarm(session, pending, kind);
  }

  /** Patches one swarm kind; on a daemon that is no manager the swarm kinds stay empty. */
  private async applySwarm(session: Session, pending: PendingPatches, kind: SwarmKind): Promise<void> {
    const swarm = session.client.swarm;
    if (swarm === undefined) {
      return;
    }
    const signal = session.controller.signal;
    if (!isSwarmManager(this.model.swarm())) {
      if (pending.relist.has(kind)) {
        this.model.replace(kind, []);
      }
      return;
    }
    if (pending.relist.has(kind) || pending.fetch[kind].size > patchLimit) {
      const items = await this.listSwarmKind(swarm, kind, signal);
      if (this.live(session)) {
        this.model.replace(kind, items as never);
        if (kind === 'tasks') {
          this.follow(session, [...this.model.services().keys()], true);
        }
      }
      return;
    }
    if (kind === 'tasks') {
      return this.applyTasks(session, swarm, pending);
    }
    const remove = [...pending.remove[kind]];
    const results = await Promise.all(
      [...pending.fetch[kind]].map(
        async (id) => [id, await this.inspectSwarm(swarm, kind, id, signal)] as const,
      ),
    );
    if (this.live(session)) {
      this.model.patch(kind, results.flatMap(([, item]) => (item !== undefined ? [item] : [])) as never[], [
        ...remove,
        ...results.flatMap(([id, item]) => (item === undefined ? [id] : [])),
      ]);
    }
  }

  /** Lists the tasks of the services events named; drops the tasks of removed services. */
  private async applyTasks(session: Session, swarm: SwarmReads, pending: PendingPatches): Promise<void> {
    const removedServices = pending.remove.services;
    const services = [...pending.taskServices].filter((id) => !removedServices.has(id));
    const found = services.length > 0 ? await swarm.listTasks(services, session.controller.signal) : [];
    if (!this.live(session)) {
      return;
    }
    const listed = new Set(services);
    const seen = new Set(found.map((t) => t.id));
    const gone: string[] = [];
    for (const [id, task] of this.model.tasks()) {
      if (removedServices.has(task.serviceId) || (listed.has(task.serviceId) && !seen.has(id))) {
        gone.push(id);
      }
    }
    this.model.patch('tasks', found, gone);
    this.follow(session, services, true);
  }

  /**
   * Lists the tasks of services again after growing pauses until they settle, since the Engine
   * sends no task events. `restart` starts a service's pauses over (something just happened).
   */
  private follow(session: Session, serviceIds: readonly string[], restart: boolean): void {
    const settled = servicesSettled(this.model.services(), this.model.tasks());
    for (const id of serviceIds) {
      if (settled.has(id) || !this.model.services().has(id)) {
        session.followed.delete(id);
      } else if (restart || !session.followed.has(id)) {
        session.followed.set(id, 0);
      }
    }
    if (session.followTimer !== undefined || session.followed.size === 0) {
      return;
    }
    const step = Math.min(...session.followed.values());
    const delay = taskFollowDelaysMs[step] ?? 0;
    session.followTimer = this.timers.setTimeout(() => {
      session.followTimer = undefined;
      if (!this.live(session)) {
        return;
      }
      for (const [id, index] of session.followed) {
        if (index + 1 >= taskFollowDelaysMs.length) {
          session.followed.delete(id);
        } else {
          session.followed.set(id, index + 1);
        }
        session.pending.taskServices.add(id);
      }
      this.scheduleFlush(session, 0);
    }, delay);
  }

  private listSwarmKind(swarm: SwarmReads, kind: SwarmKind, signal: AbortSignal): Promise<unknown[]> {
    switch (kind) {
      case 'nodes':
        return swarm.listNodes(signal);
      case 'services':
        return swarm.listServices(signal);
      case 'tasks':
        return swarm.listTasks(undefined, signal);
      case 'secrets':
        return swarm.listSecrets(signal);
      case 'configs':
        return swarm.listConfigs(signal);
    }
  }

  private inspectSwarm(
    swarm: SwarmReads,
    kind: Exclude<SwarmKind, 'tasks'>,
    id: string,
    signal: AbortSignal,
  ): Promise<unknown> {
    switch (kind) {
      case 'nodes':
        return swarm.inspectNode(id, signal);
      case 'services':
        return swarm.inspectService(id, signal);
      case 'secrets':
        return swarm.inspectSecret(id, signal);
      case 'configs':
        return swarm.inspectConfig(id, signal);
    }
  }

  private async applyCore(session: Session, pending: PendingPatches, kind: CoreKind): Promise<void> {
    const { client } = session;
    const signal = session.controller.signal;
    // Past a few hundred objects one listing is cheaper than fetching each (and keeps the id
    // filter's URL short).
    if (pending.relist.has(kind) || pending.fetch[kind].size > patchLimit) {
      const items = await this.list(client, kind, signal);
      if (this.live(session)) {
        this.model.replace(kind, items as never);
      }
      return;
    }
    const fetch = [...pending.fetch[kind]];
    const remove = [...pending.remove[kind]];
    switch (kind) {
      case 'containers': {
        const found = fetch.length > 0 ? await client.listContainersById(fetch, signal) : [];
        const seen = new Set(found.map((c) => c.id));
        const gone = fetch.filter((id) => !seen.has(id));
        if (this.live(session)) {
          this.model.patch('containers', found, [...remove, ...gone]);
        }
        return;
      }
      case 'images': {
        // Images that held a tag which moved are fetched too, to see them lose it.
        const targets = new Set(fetch);
        if (pending.movedTags.size > 0) {
          for (const [id, image] of this.model.images()) {
            if (image.repoTags.some((tag) => pending.movedTags.has(tag))) {
              targets.add(id);
            }
          }
        }
        for (const id of remove) {
          targets.delete(id);
        }
        const results = await Promise.all(
          [...targets].map(async (id) => [id, await client.inspectImage(id, signal)] as const),
        );
        const found = results.flatMap(([, image]) => (image !== undefined ? [image] : []));
        const gone = results.flatMap(([id, image]) => (image === undefined ? [id] : []));
        if (this.live(session)) {
          this.model.patch('images', found, [...remove, ...gone]);
        }
        return;
      }
      case 'volumes': {
        const results = await Promise.all(
          fetch.map(async (name) => [name, await client.inspectVolume(name, signal)] as const),
        );
        if (this.live(session)) {
          this.model.patch(
            'volumes',
            results.flatMap(([, v]) => (v !== undefined ? [v] : [])),
            [...remove, ...results.flatMap(([name, v]) => (v === undefined ? [name] : []))],
          );
        }
        return;
      }
      case 'networks': {
        const results = await Promise.all(
          fetch.map(async (id) => [id, await client.inspectNetwork(id, signal)] as const),
        );
        if (this.live(session)) {
          this.model.patch(
            'networks',
            results.flatMap(([, n]) => (n !== undefined ? [n] : [])),
            [...remove, ...results.flatMap(([id, n]) => (n === undefined ? [id] : []))],
          );
        }
        return;
      }
    }
  }

  private list(client: ModelClient, kind: CoreKind, signal: AbortSignal): Promise<unknown[]> {
    switch (kind) {
      case 'containers':
        return client.listContainers(signal);
      case 'images':
        return client.listImages(signal);
      case 'volumes':
        return client.listVolumes(signal);
      case 'networks':
        return client.listNetworks(signal);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
    this.subscription.dispose();
  }
}
