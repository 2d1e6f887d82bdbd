// Domain types for a swarm's objects, in camelCase, mapped once from the Engine's JSON.

/**
 * The daemon's place in a swarm, from `/info`: `inactive` when it is in none; `manager` is true
 * only when this node can answer the swarm endpoints (ControlAvailable).
 */
export interface SwarmInfo {
  /** LocalNodeState: `inactive`, `pending`, `active`, `error` or `locked`. */
  state: string;
  manager: boolean;
  nodeId: string;
  /** The Engine's error text when `state` is `error`. */
  error: string;
  nodes: number;
  managers: number;
}

/** One node of the swarm; `version` is what an update must quote. */
export interface SwarmNode {
  id: string;
  version: number;
  hostname: string;
  /** `manager` or `worker` (Spec.Role). */
  role: string;
  /** `active`, `pause` or `drain` (Spec.Availability). */
  availability: string;
  /** `ready`, `down`, `unknown` or `disconnected` (Status.State). */
  status: string;
  address: string;
  engineVersion: string;
  /** Set for managers: `reachable`, `unreachable` or `unknown`. */
  managerReachability?: string;
  leader: boolean;
  labels: Record<string, string>;
}

/** A port a service publishes. */
export interface ServicePort {
  protocol: string;
  targetPort: number;
  publishedPort?: number;
  /** `ingress` or `host`. */
  publishMode: string;
}

/** One service; `version` is what an update must quote. */
export interface SwarmService {
  id: string;
  version: number;
  name: string;
  /** `replicated`, `global`, `replicated-job` or `global-job`. */
  mode: string;
  /** The replicas asked for, for replicated services. */
  replicas?: number;
  image: string;
  /** The tasks' containers have a TTY: their logs are raw rather than framed. */
  tty: boolean;
  ports: ServicePort[];
  labels: Record<string, string>;
  /** UpdateStatus.State when an update or rollback ran: `updating`, `completed`, `rollback_completed`, … */
  updateState?: string;
  /** True when the Engine keeps a previous spec, so a rollback has somewhere to go. */
  hasPreviousSpec: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One task: a slot of a service on a node, in a state. */
export interface SwarmTask {
  id: string;
  serviceId: string;
  /** The replica's slot (replicated services); global tasks have none. */
  slot?: number;
  nodeId: string;
  desiredState: string;
  state: string;
  message: string;
  error: string;
  containerId: string;
  image: string;
  timestamp: string;
  createdAt: string;
}

/** A secret or a config, by its metadata: the value is never kept. */
export interface SwarmDataObject {
  id: string;
  version: number;
  name: string;
  labels: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}
