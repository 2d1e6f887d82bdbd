// Maps the Engine's swarm JSON (`/info`, `/nodes`, `/services`, `/tasks`, `/secrets`, `/configs`)
// to the domain types, once.
import { labels, record, str } from './mapping';
import type {
  ServicePort,
  SwarmDataObject,
  SwarmInfo,
  SwarmNode,
  SwarmService,
  SwarmTask,
} from './swarmTypes';

type Json = Record<string, unknown>;

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(record) : [];
}

function versionIndex(raw: Json): number {
  const index = record(raw.Version).Index;
  return typeof index === 'number' && Number.isFinite(index) ? index : 0;
}

/** `/info` → the daemon's place in a swarm; `inactive` when the answer says nothing of one. */
export function toSwarmInfo(info: Json): SwarmInfo {
  const swarm = record(info.Swarm);
  const count = (value: unknown): number => (typeof value === 'number' ? value : 0);
  return {
    state: str(swarm.LocalNodeState, 'inactive') || 'inactive',
    manager: swarm.ControlAvailable === true,
    nodeId: str(swarm.NodeID),
    error: str(swarm.Error),
    nodes: count(swarm.Nodes),
    managers: count(swarm.Managers),
  };
}

/** True when the swarm endpoints answer on this daemon: an active manager. */
export function isSwarmManager(info: SwarmInfo | undefined): boolean {
  return info !== undefined && info.state === 'active' && info.manager;
}

/** `/nodes` entry → SwarmNode. */
export function toSwarmNode(raw: Json): SwarmNode {
  const spec = record(raw.Spec);
  const description = record(raw.Description);
  const status = record(raw.Status);
  const manager = record(raw.ManagerStatus);
  const reachability = str(manager.Reachability);
  return {
    id: str(raw.ID),
    version: versionIndex(raw),
    hostname: str(description.Hostname),
    role: str(spec.Role, 'worker'),
    availability: str(spec.Availability, 'active'),
    status: str(status.State, 'unknown'),
    address: str(status.Addr),
    engineVersion: str(record(description.Engine).EngineVersion),
    ...(reachability !== '' ? { managerReachability: reachability } : {}),
    leader: manager.Leader === true,
    labels: labels(spec.Labels),
  };
}

/** The mode of a service spec: `replicated` (with its count), `global`, or a job mode. */
function serviceMode(mode: Json): { mode: string; replicas?: number } {
  const replicated = mode.Replicated;
  if (replicated !== undefined) {
    const replicas = record(replicated).Replicas;
    return { mode: 'replicated', replicas: typeof replicas === 'number' ? replicas : 1 };
  }
  if (mode.Global !== undefined) {
    return { mode: 'global' };
  }
  if (mode.ReplicatedJob !== undefined) {
    const total = record(mode.ReplicatedJob).TotalCompletions;
    return { mode: 'replicated-job', ...(typeof total === 'number' ? { replicas: total } : {}) };
  }
  if (mode.GlobalJob !== undefined) {
    return { mode: 'global-job' };
  }
  return { mode: 'replicated', replicas: 1 };
}

/** An image reference without the digest the Engine pins it to (`name:tag@sha256:…` → `name:tag`). */
export function imageWithoutDigest(image: string): string {
  const at = image.indexOf('@');
  return at < 0 ? image : image.slice(0, at);
}

function servicePorts(raw: Json): ServicePort[] {
  // The endpoint lists the ports in effect (with assigned published ports); the spec what was asked.
  const endpoint = record(raw.Endpoint);
  const ports = Array.isArray(endpoint.Ports)
    ? list(endpoint.Ports)
    : list(record(record(raw.Spec).EndpointSpec).Ports);
  return ports.map((p) => ({
    protocol: str(p.Protocol, 'tcp'),
    targetPort: typeof p.TargetPort === 'number' ? p.TargetPort : 0,
    ...(typeof p.PublishedPort === 'number' && p.PublishedPort > 0 ? { publishedPort: p.PublishedPort } : {}),
    publishMode: str(p.PublishMode, 'ingress'),
  }));
}

/** `/services` entry → SwarmService. */
export function toSwarmService(raw: Json): SwarmService {
  const spec = record(raw.Spec);
  const template = record(spec.TaskTemplate);
  const updateState = str(record(raw.UpdateStatus).State);
  return {
    id: str(raw.ID),
    version: versionIndex(raw),
    name: str(spec.Name),
    ...serviceMode(record(spec.Mode)),
    image: imageWithoutDigest(str(record(template.ContainerSpec).Image)),
    tty: record(template.ContainerSpec).TTY === true,
    ports: servicePorts(raw),
    labels: labels(spec.Labels),
    ...(updateState !== '' ? { updateState } : {}),
    hasPreviousSpec: raw.PreviousSpec !== undefined && raw.PreviousSpec !== null,
    createdAt: str(raw.CreatedAt),
    updatedAt: str(raw.UpdatedAt),
  };
}

/** `/tasks` entry → SwarmTask. */
export function toSwarmTask(raw: Json): SwarmTask {
  const status = record(raw.Status);
  const slot = raw.Slot;
  return {
    id: str(raw.ID),
    serviceId: str(raw.ServiceID),
    ...(typeof slot === 'number' && slot > 0 ? { slot } : {}),
    nodeId: str(raw.NodeID),
    desiredState: str(raw.DesiredState),
    state: str(status.State),
    message: str(status.Message),
    error: str(status.Err),
    containerId: str(record(status.ContainerStatus).ContainerID),
    image: imageWithoutDigest(str(record(record(raw.Spec).ContainerSpec).Image)),
    timestamp: str(status.Timestamp),
    createdAt: str(raw.CreatedAt),
  };
}

/** `/secrets` or `/configs` entry → its metadata. `Spec.Data` is never read. */
export function toSwarmDataObject(raw: Json): SwarmDataObject {
  const spec = record(raw.Spec);
  return {
    id: str(raw.ID),
    version: versionIndex(raw),
    name: str(spec.Name),
    labels: labels(spec.Labels),
    createdAt: str(raw.CreatedAt),
    updatedAt: str(raw.UpdatedAt),
  };
}

/**
 * The inspect JSON of a secret or config with any value taken out (the Engine never returns a
 * secret's data; a config's data is dropped too, so these documents show metadata only).
 */
export function withoutData(raw: Json): Json {
  const spec = record(raw.Spec);
  if (!('Data' in spec)) {
    return raw;
  }
  const rest = { ...spec };
  delete rest.Data;
  return { ...raw, Spec: rest };
}
