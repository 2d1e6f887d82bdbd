// The objects of one daemon as the trees see them, kept current by the refresh manager.
import { Emitter, type Disposable, type Event } from './emitter';
import type { SwarmDataObject, SwarmInfo, SwarmNode, SwarmService, SwarmTask } from './swarmTypes';
import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary, VolumeUsage } from './types';

/** The four kinds of Engine object every daemon has. */
export type CoreKind = 'containers' | 'images' | 'volumes' | 'networks';

/** The kinds a swarm manager adds; empty on any other daemon. */
export type SwarmKind = 'nodes' | 'services' | 'tasks' | 'secrets' | 'configs';

/** Every kind of Engine object the model holds. */
export type ResourceKind = CoreKind | SwarmKind;

/** The swarm kinds, in listing order. */
export const swarmKinds: readonly SwarmKind[] = ['nodes', 'services', 'tasks', 'secrets', 'configs'];

/** The domain type of each kind. */
export interface ResourceTypes {
  containers: ContainerSummary;
  images: ImageSummary;
  volumes: VolumeSummary;
  networks: NetworkSummary;
  nodes: SwarmNode;
  services: SwarmService;
  tasks: SwarmTask;
  secrets: SwarmDataObject;
  configs: SwarmDataObject;
}

/**
 * `idle`: nothing is watched (no view visible), the maps may be stale. `loading`: the first full
 * listing is under way. `ready`: listed and kept current from events. `unreachable`: see `reason`.
 */
export type ModelState = 'idle' | 'loading' | 'ready' | 'unreachable';

/**
 * What one patch or listing changed, by key (volume names, every other kind's ids). Kind `swarm`
 * says the daemon's place in a swarm changed (`changed` is `['swarm']`).
 */
export interface ModelChange {
  kind: ResourceKind | 'swarm';
  added: string[];
  changed: string[];
  removed: string[];
  /** Set when the change comes from a full listing rather than from events. */
  reset?: boolean;
}

/** The model's new state, with the reason when it is `unreachable`. */
export interface ModelStateChange {
  state: ModelState;
  reason?: string;
}

/** The key an object is stored under: a volume's name, every other kind's id. */
export function keyOf<K extends ResourceKind>(kind: K, item: ResourceTypes[K]): string {
  return kind === 'volumes' ? (item as VolumeSummary).name : (item as { id: string }).id;
}

/** Structural equality of JSON-like values, so that an unchanged re-fetch fires nothing. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, i) => sameValue(value, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) {
    return false;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameValue(ra[k], rb[k]));
}

/**
 * The containers, images, volumes and networks of one daemon, with change events per kind.
 * Readers get read-only maps; only the refresh manager (and tests) write, through `replace`,
 * `patch` and `setState`.
 */
export class DaemonModel implements Disposable {
  private readonly maps: { [K in ResourceKind]: Map<string, ResourceTypes[K]> } = {
    containers: new Map(),
    images: new Map(),
    volumes: new Map(),
    networks: new Map(),
    nodes: new Map(),
    services: new Map(),
    tasks: new Map(),
    secrets: new Map(),
    configs: new Map(),
  };
  private swarmInfo: SwarmInfo | undefined;
  private usage: ReadonlyMap<string, VolumeUsage> | undefined;
  private current: ModelStateChange = { state: 'idle' };
  private readonly changes = new Emitter<ModelChange>();
  private readonly states = new Emitter<ModelStateChange>();

  /** Fires after a listing or patch that changed at least one object. */
  readonly onDidChange: Event<ModelChange> = this.changes.event;
  /** Fires when `state` or `reason` changes. */
  readonly onDidChangeState: Event<ModelStateChange> = this.states.event;

  /** @param daemon a stable key for the daemon, used in tree node ids. */
  constructor(readonly daemon: string) {}

  get state(): ModelState {
    return this.current.state;
  }

  /** Why the daemon is unreachable, in words for a person. */
  get reason(): string | undefined {
    return this.current.reason;
  }

  containers(): ReadonlyMap<string, ContainerSummary> {
    return this.maps.containers;
  }

  images(): ReadonlyMap<string, ImageSummary> {
    return this.maps.images;
  }

  volumes(): ReadonlyMap<string, VolumeSummary> {
    return this.maps.volumes;
  }

  networks(): ReadonlyMap<string, NetworkSummary> {
    return this.maps.networks;
  }

  /** The daemon's place in a swarm, once `/info` answered; undefined before. */
  swarm(): SwarmInfo | undefined {
    return this.swarmInfo;
  }

  /** Records the daemon's place in a swarm; fires a `swarm` change when it moved. */
  setSwarm(info: SwarmInfo | undefined): void {
    if (sameValue(info, this.swarmInfo)) {
      return;
    }
    this.swarmInfo = info;
    this.emit({ kind: 'swarm', added: [], changed: ['swarm'], removed: [] });
  }

  nodes(): ReadonlyMap<string, SwarmNode> {
    return this.maps.nodes;
  }

  services(): ReadonlyMap<string, SwarmService> {
    return this.maps.services;
  }

  tasks(): ReadonlyMap<string, SwarmTask> {
    return this.maps.tasks;
  }

  secrets(): ReadonlyMap<string, SwarmDataObject> {
    return this.maps.secrets;
  }

  configs(): ReadonlyMap<string, SwarmDataObject> {
    return this.maps.configs;
  }

  /** The objects of one kind, by key. */
  items<K extends ResourceKind>(kind: K): ReadonlyMap<string, ResourceTypes[K]> {
    return this.maps[kind];
  }

  /** Volume sizes and users by volume name, once loaded (`/system/df` is slow; never automatic). */
  volumeUsage(): ReadonlyMap<string, VolumeUsage> | undefined {
    return this.usage;
  }

  setState(state: ModelState, reason?: string): void {
    const next: ModelStateChange =
      state === 'unreachable' && reason !== undefined ? { state, reason } : { state };
    if (next.state === this.current.state && next.reason === this.current.reason) {
      return;
    }
    this.current = next;
    this.states.fire(next);
  }

  /** Replaces every object of a kind with a full listing; fires the difference, if any. */
  replace<K extends ResourceKind>(kind: K, items: readonly ResourceTypes[K][]): ModelChange | undefined {
    const map = this.maps[kind] as Map<string, ResourceTypes[K]>;
    const next = new Map<string, ResourceTypes[K]>();
    for (const item of items) {
      next.set(keyOf(kind, item), item);
    }
    const change: ModelChange = { kind, added: [], changed: [], removed: [], reset: true };
    for (const [key, item] of next) {
      const old = map.get(key);
      if (old === undefined) {
        change.added.push(key);
      } else if (!sameValue(old, item)) {
        change.changed.push(key);
      }
    }
    for (const key of map.keys()) {
      if (!next.has(key)) {
        change.removed.push(key);
      }
    }
    // Keep the listing's order, so a tree without a sort of its own shows the Engine's order.
    map.clear();
    for (const [key, item] of next) {
      map.set(key, item);
    }
    return this.emit(change);
  }

  /**
   * Applies what events told: objects re-fetched (added or changed) and keys gone. Removing a key
   * that is not there, or upserting an identical object, changes nothing.
   */
  patch<K extends ResourceKind>(
    kind: K,
    upserts: readonly ResourceTypes[K][],
    removals: readonly string[] = [],
  ): ModelChange | undefined {
    const map = this.maps[kind] as Map<string, ResourceTypes[K]>;
    const change: ModelChange = { kind, added: [], changed: [], removed: [] };
    for (const item of upserts) {
      const key = keyOf(kind, item);
      const old = map.get(key);
      if (old === undefined) {
        change.added.push(key);
      } else if (!sameValue(old, item)) {
        change.changed.push(key);
      } else {
        continue;
      }
      map.set(key, item);
    }
    for (const key of removals) {
      if (map.delete(key)) {
        change.removed.push(key);
      }
    }
    return this.emit(change);
  }

  /** Stores volume usage from `/system/df`; fires a change for the volumes whose usage moved. */
  setVolumeUsage(usage: ReadonlyMap<string, VolumeUsage>): void {
    const before = this.usage;
    this.usage = usage;
    const changed = [...this.maps.volumes.keys()].filter(
      (name) => !sameValue(before?.get(name), usage.get(name)),
    );
    this.emit({ kind: 'volumes', added: [], changed, removed: [] });
  }

  private emit(change: ModelChange): ModelChange | undefined {
    if (change.added.length + change.changed.length + change.removed.length === 0) {
      return undefined;
    }
    this.changes.fire(change);
    return change;
  }

  dispose(): void {
    this.changes.dispose();
    this.states.dispose();
  }
}
