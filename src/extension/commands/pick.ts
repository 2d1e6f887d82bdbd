// Which objects a command acts on: the clicked node, the selected nodes, or (from the palette) a
// quick pick over the objects of every daemon shown. VS Code is passed in, so this runs in unit tests.
import type * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import type { DaemonModel } from '../docker/daemonModel';
import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../docker/types';
import type { Explorer } from '../views/explorer';
import type { ExplorerNode } from '../views/explorerNodes';
import type { InspectDocuments } from './inspectDocuments';
import { shortId } from '../views/format';
import { isBuiltInNetwork, repositoryOf } from '../views/labels';
import { describeDockerError } from '../docker/errors';
import type { SwarmResourceType } from './swarmPick';
import { swarmLabelOf, swarmNodeKinds, swarmRows } from './swarmPick';

/** The kinds of object the resource commands act on. */
export type ResourceType = 'container' | 'image' | 'volume' | 'network' | SwarmResourceType;

/** One object a command acts on. */
export interface Target {
  readonly type: ResourceType;
  readonly daemonId: string;
  /** Container id, image reference (or id when untagged), volume name, network id. */
  readonly id: string;
  /** What the user knows it by: container name, image reference, volume name, network name. */
  readonly label: string;
}

/** The parts of VS Code the commands use, passed in (tests give their own). */
export interface CommandUi {
  readonly window: Pick<
    typeof vscode.window,
    'showQuickPick' | 'showWarningMessage' | 'showErrorMessage' | 'showInformationMessage' | 'showInputBox'
  >;
  readonly t: (message: string, ...args: (string | number | boolean)[]) => string;
  /** Runs a task under a cancellable progress notification; `report` updates its message. */
  progress<T>(
    title: string,
    task: (report: (message: string) => void, signal: AbortSignal) => Promise<T>,
  ): Promise<T>;
}

/** What the resource command modules are built on. */
export interface ResourceDeps {
  readonly explorer: Explorer;
  readonly ui: CommandUi;
  readonly documents: InspectDocuments;
}

/** The node kinds that stand for each resource type. */
const nodeKinds: Record<ResourceType, readonly string[]> = {
  container: ['container', 'endpoint'],
  image: ['image', 'repository'],
  volume: ['volume'],
  network: ['network'],
  ...swarmNodeKinds,
};

/** The label of an object of a daemon's model, or undefined when the model does not hold it. */
export function labelOf(model: DaemonModel | undefined, type: ResourceType, id: string): string | undefined {
  switch (type) {
    case 'container': {
      const c = model?.containers().get(id);
      return c === undefined ? undefined : c.name || shortId(c.id);
    }
    case 'image':
      return id.startsWith('sha256:') ? `<none> ${shortId(id)}` : id;
    case 'volume':
      return id;
    case 'network':
      return model?.networks().get(id)?.name;
    default:
      return swarmLabelOf(model, type, id);
  }
}

/** Every tag of a repository, from the daemon's model. */
export function repositoryTags(model: DaemonModel | undefined, repository: string): string[] {
  const tags: string[] = [];
  for (const image of model?.images().values() ?? []) {
    for (const reference of image.repoTags) {
      if (repositoryOf(reference) === repository) {
        tags.push(reference);
      }
    }
  }
  return tags.sort();
}

/**
 * The targets given by a context-menu call `(node, selected)`: the selection when the clicked node
 * is part of it (multi-select), else the clicked node. Nodes of other kinds are left out; an image
 * repository stands for all its tags. Duplicates (a container under two groups) count once.
 */
export function nodeTargets(
  type: ResourceType,
  node: ExplorerNode | undefined,
  selected: readonly ExplorerNode[] | undefined,
  modelOf: (daemonId: string) => DaemonModel | undefined,
): Target[] {
  const many = selected !== undefined && selected.length > 0;
  const nodes =
    many && (node === undefined || selected.some((s) => s.id === node.id))
      ? selected
      : node !== undefined
        ? [node]
        : [];
  const seen = new Set<string>();
  const out: Target[] = [];
  const add = (daemonId: string, id: string): void => {
    const key = `${daemonId}\n${id}`;
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    out.push({ type, daemonId, id, label: labelOf(modelOf(daemonId), type, id) ?? id });
  };
  for (const n of nodes) {
    if (!isNode(n) || !nodeKinds[type].includes(n.kind)) {
      continue;
    }
    if (n.kind === 'repository') {
      repositoryTags(modelOf(n.daemonId), n.key).forEach((reference) => add(n.daemonId, reference));
    } else {
      add(n.daemonId, n.key);
    }
  }
  return out;
}

/** Commands may be called with anything (a Uri from another menu, a string from a keybinding). */
export function isNode(value: unknown): value is ExplorerNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ExplorerNode).kind === 'string' &&
    typeof (value as ExplorerNode).daemonId === 'string' &&
    typeof (value as ExplorerNode).key === 'string'
  );
}

/** One row of the palette's quick pick. */
export interface PickRow {
  readonly target: Target;
  readonly description: string;
  /** The container's state, whether an image or volume is in use, a network is built in. */
  readonly state: string;
}

/** Quick-pick rows for containers, by name. */
export function containerRows(daemonId: string, containers: Iterable<ContainerSummary>): PickRow[] {
  return [...containers]
    .map((c) => ({
      target: { type: 'container' as const, daemonId, id: c.id, label: c.name || shortId(c.id) },
      description: `${c.image} · ${c.status}`,
      state: c.state,
    }))
    .sort((a, b) => a.target.label.localeCompare(b.target.label));
}

/** Quick-pick rows for images: one per tag, untagged images by id. */
export function imageRows(
  daemonId: string,
  images: Iterable<ImageSummary>,
  containers: Iterable<ContainerSummary>,
): PickRow[] {
  const used = new Set([...containers].map((c) => c.imageId));
  const rows: PickRow[] = [];
  for (const image of images) {
    const state = used.has(image.id) ? 'used' : image.dangling ? 'dangling' : 'unused';
    const references = image.repoTags.length > 0 ? image.repoTags : [image.id];
    for (const reference of references) {
      rows.push({
        target: {
          type: 'image',
          daemonId,
          id: reference,
          label: labelOf(undefined, 'image', reference) ?? reference,
        },
        description: shortId(image.id),
        state,
      });
    }
  }
  // Untagged images after the tagged ones.
  const untagged = (row: PickRow): number => (row.target.id.startsWith('sha256:') ? 1 : 0);
  return rows.sort((a, b) => untagged(a) - untagged(b) || a.target.label.localeCompare(b.target.label));
}

/** Quick-pick rows for volumes; `used` when a container mounts the volume. */
export function volumeRows(
  daemonId: string,
  volumes: Iterable<VolumeSummary>,
  containers: Iterable<ContainerSummary>,
): PickRow[] {
  const mounted = new Set([...containers].flatMap((c) => c.mounts.map((m) => m.name ?? '')));
  return [...volumes]
    .map((v) => ({
      target: { type: 'volume' as const, daemonId, id: v.name, label: v.name },
      description: v.driver,
      state: mounted.has(v.name) ? 'used' : 'unused',
    }))
    .sort((a, b) => a.target.label.localeCompare(b.target.label));
}

/** Quick-pick rows for networks; `builtin` for bridge, host and none. */
export function networkRows(daemonId: string, networks: Iterable<NetworkSummary>): PickRow[] {
  return [...networks]
    .map((n) => ({
      target: { type: 'network' as const, daemonId, id: n.id, label: n.name },
      description: `${n.driver} · ${n.scope}`,
      state: isBuiltInNetwork(n) ? 'builtin' : 'custom',
    }))
    .sort((a, b) => a.target.label.localeCompare(b.target.label));
}

/** The objects of one type on a daemon: from its model when it is current, else listed now. */
export async function listRows(
  type: ResourceType,
  daemonId: string,
  model: DaemonModel | undefined,
  client: DockerClient,
  signal?: AbortSignal,
): Promise<PickRow[]> {
  const current = model !== undefined && model.state === 'ready';
  const containers = async (): Promise<Iterable<ContainerSummary>> =>
    current ? model.containers().values() : client.listContainers(signal);
  switch (type) {
    case 'container':
      return containerRows(daemonId, await containers());
    case 'image':
      return imageRows(
        daemonId,
        current ? model.images().values() : await client.listImages(signal),
        await containers(),
      );
    case 'volume':
      return volumeRows(
        daemonId,
        current ? model.volumes().values() : await client.listVolumes(signal),
        await containers(),
      );
    case 'network':
      return networkRows(daemonId, current ? model.networks().values() : await client.listNetworks(signal));
    default:
      return swarmRows(type, daemonId, current ? model : undefined, client, signal);
  }
}

/** Raised when a command needs a daemon that is not connected; its message is for the user. */
export class NotConnectedError extends Error {}

/** The client of a daemon, or a NotConnectedError saying why there is none. */
export function clientOf(explorer: Explorer, daemonId: string, t: CommandUi['t']): DockerClient {
  const entry = explorer.entry(daemonId);
  const client = entry?.daemon.connection.client;
  if (client === undefined) {
    throw new NotConnectedError(
      entry === undefined
        ? t('That Docker daemon is no longer shown.')
        : t('Docker at {0} is not connected.', entry.daemon.label),
    );
  }
  return client;
}

/** How the palette asks. */
export interface PickOptions {
  readonly placeHolder: string;
  /** Several objects may be chosen (start, stop, remove…). */
  readonly many?: boolean;
  /** Which rows are offered, e.g. only stopped containers for Start. */
  readonly filter?: (row: PickRow) => boolean;
  /** Said when no object qualifies. */
  readonly none?: string;
}

/** The primary daemon (this window's own), or the first shown. */
export function paletteDaemon(explorer: Explorer): string | undefined {
  return (explorer.entry('primary') ?? explorer.entries[0])?.daemon.id;
}

/** The types whose palette pick offers the objects of every connected daemon shown. */
const everyDaemonTypes: ReadonlySet<ResourceType> = new Set(['container', 'image', 'volume', 'network']);

/**
 * The daemons a palette pick lists: every connected one shown, this window's own first, for
 * containers, images, volumes and networks; the primary daemon alone for swarm objects (their
 * commands first check that daemon's swarm standing).
 */
export function paletteDaemons(explorer: Explorer, type: ResourceType): string[] {
  const primary = paletteDaemon(explorer);
  if (primary === undefined) return [];
  if (!everyDaemonTypes.has(type)) return [primary];
  const others = explorer.entries
    .filter((entry) => entry.daemon.id !== primary && entry.daemon.connection.client !== undefined)
    .map((entry) => entry.daemon.id);
  return [primary, ...others];
}

/**
 * The targets of a command: from the node and selection when called from a view, else from a
 * quick pick over the daemons' objects (each row says its daemon when there are several). Empty when the user cancels or nothing qualifies.
 */
export async function resolveTargets(
  ui: CommandUi,
  explorer: Explorer,
  type: ResourceType,
  node: unknown,
  selected: unknown,
  options: PickOptions,
): Promise<Target[]> {
  const modelOf = (daemonId: string): DaemonModel | undefined => explorer.entry(daemonId)?.model;
  const fromView = nodeTargets(
    type,
    isNode(node) ? node : undefined,
    Array.isArray(selected) ? selected.filter(isNode) : undefined,
    modelOf,
  );
  if (fromView.length > 0 || isNode(node)) {
    return fromView;
  }
  const daemonIds = paletteDaemons(explorer, type);
  if (daemonIds.length === 0) {
    return [];
  }
  const several = daemonIds.length > 1;
  const rows: PickRow[] = [];
  for (const daemonId of daemonIds) {
    try {
      const client = clientOf(explorer, daemonId, ui.t);
      rows.push(...(await listRows(type, daemonId, modelOf(daemonId), client)));
    } catch (err) {
      // With several daemons one that fails leaves the others to choose from.
      if (!several) throw err;
    }
  }
  const offered = rows.filter(options.filter ?? (() => true));
  if (offered.length === 0) {
    void ui.window.showInformationMessage(options.none ?? ui.t('There is nothing to choose from.'));
    return [];
  }
  const daemonLabel = (daemonId: string): string => explorer.entry(daemonId)?.daemon.label ?? daemonId;
  const items = offered.map((row) => ({
    label: row.target.label,
    // Which daemon each object is on, when the palette offers several.
    description: several ? `${row.description} · ${daemonLabel(row.target.daemonId)}` : row.description,
    row,
  }));
  if (options.many === true) {
    const chosen = await ui.window.showQuickPick(items, {
      placeHolder: options.placeHolder,
      canPickMany: true,
      matchOnDescription: true,
    });
    return (chosen ?? []).map((item) => item.row.target);
  }
  const chosen = await ui.window.showQuickPick(items, {
    placeHolder: options.placeHolder,
    matchOnDescription: true,
  });
  return chosen === undefined ? [] : [chosen.row.target];
}

/** Targets grouped by daemon, in first-seen order. */
export function byDaemon(targets: readonly Target[]): Map<string, Target[]> {
  const out = new Map<string, Target[]>();
  for (const target of targets) {
    const list = out.get(target.daemonId) ?? [];
    list.push(target);
    out.set(target.daemonId, list);
  }
  return out;
}

/** What one object's action said when it failed. */
export interface Failure {
  readonly target: Target;
  readonly message: string;
}

/** A failure in words: the Engine's refusal through describeDockerError, ours as they are. */
export function failureMessage(err: unknown, client: DockerClient | undefined): string {
  if (err instanceof NotConnectedError || client === undefined) {
    return err instanceof Error ? err.message : String(err);
  }
  return describeDockerError(err, client.endpoint);
}

/** How many objects of a batch run at once. */
const concurrency = 4;

/**
 * Runs an action on each target with its daemon's client, a few at a time, under progress when
 * there are several or `progress` says so; stops starting new ones once cancelled. Failures are
 * shown together in one message (`failed` says what for each) and returned.
 */
export async function forEachTarget(
  ui: CommandUi,
  explorer: Explorer,
  targets: readonly Target[],
  options: { title: string; failed: (label: string) => string; progress?: boolean },
  action: (client: DockerClient, target: Target, signal: AbortSignal) => Promise<void>,
): Promise<{ done: Target[]; failures: Failure[] }> {
  const done: Target[] = [];
  const failures: Failure[] = [];
  const run = async (report: (message: string) => void, signal: AbortSignal): Promise<void> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < targets.length && !signal.aborted) {
        const target = targets[next++];
        if (target === undefined) {
          return;
        }
        let client: DockerClient | undefined;
        try {
          client = clientOf(explorer, target.daemonId, ui.t);
          await action(client, target, signal);
          done.push(target);
          if (targets.length > 1) {
            report(ui.t('{0} of {1}', done.length + failures.length, targets.length));
          }
        } catch (err) {
          if (!signal.aborted) {
            failures.push({ target, message: failureMessage(err, client) });
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  };
  if (targets.length > 1 || options.progress === true) {
    await ui.progress(options.title, run);
  } else {
    await run(() => undefined, new AbortController().signal);
  }
  if (failures.length > 0) {
    const lines = failures.map((f) => `${options.failed(f.target.label)} ${f.message}`);
    void ui.window.showErrorMessage(lines.join('\n'));
  }
  return { done, failures };
}
