// The Engine's swarm endpoints (nodes, services, tasks, secrets, configs) as domain calls. Updates
// quote the object's current version index, as the Engine requires; nothing here joins, creates or
// leaves a swarm.
import { statusCode } from './errors';
import { record } from './mapping';
import {
  toSwarmDataObject,
  toSwarmInfo,
  toSwarmNode,
  toSwarmService,
  toSwarmTask,
  withoutData,
} from './swarmMapping';
import type { SwarmDataObject, SwarmInfo, SwarmNode, SwarmService, SwarmTask } from './swarmTypes';

type Json = Record<string, unknown>;

/** How DockerClient lends its transport: one request with its deadline, or a long-lived stream. */
export interface EngineRequests {
  request<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { query?: Record<string, unknown>; body?: Record<string, unknown>; ok?: readonly number[] },
    signal?: AbortSignal,
  ): Promise<T>;
  stream(path: string, query: Record<string, unknown>, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
}

/** The swarm object types that have an inspect document. */
export type SwarmObjectType = 'node' | 'service' | 'task' | 'secret' | 'config';

const collection: Record<SwarmObjectType, string> = {
  node: '/nodes',
  service: '/services',
  task: '/tasks',
  secret: '/secrets',
  config: '/configs',
};

/** What a service update changes in the current spec. */
export type ServiceChange =
  { kind: 'scale'; replicas: number } | { kind: 'image'; image: string } | { kind: 'force' };

/** What a node update changes in the current spec. */
export type NodeChange = { availability: 'active' | 'pause' | 'drain' } | { role: 'manager' | 'worker' };

/** The spec of a service with one change applied; throws when the change does not fit its mode. */
export function changedServiceSpec(spec: Json, change: ServiceChange): Json {
  const next = structuredClone(spec);
  const template = record(next.TaskTemplate);
  next.TaskTemplate = template;
  switch (change.kind) {
    case 'scale': {
      const mode = record(next.Mode);
      if (mode.Replicated === undefined) {
        throw new Error('only a replicated service can be scaled');
      }
      next.Mode = { ...mode, Replicated: { ...record(mode.Replicated), Replicas: change.replicas } };
      return next;
    }
    case 'image':
      template.ContainerSpec = { ...record(template.ContainerSpec), Image: change.image };
      return next;
    case 'force': {
      const count = typeof template.ForceUpdate === 'number' ? template.ForceUpdate : 0;
      template.ForceUpdate = count + 1;
      return next;
    }
  }
}

/** The swarm calls of one daemon. */
export class SwarmClient {
  constructor(private readonly engine: EngineRequests) {}

  /** The daemon's place in a swarm, from `/info`. */
  async info(signal?: AbortSignal): Promise<SwarmInfo> {
    return toSwarmInfo(await this.engine.request<Json>('GET', '/info', {}, signal));
  }

  async listNodes(signal?: AbortSignal): Promise<SwarmNode[]> {
    return (await this.engine.request<Json[]>('GET', '/nodes', {}, signal)).map(toSwarmNode);
  }

  async listServices(signal?: AbortSignal): Promise<SwarmService[]> {
    return (await this.engine.request<Json[]>('GET', '/services', {}, signal)).map(toSwarmService);
  }

  /** Every task, or those of some services. */
  async listTasks(serviceIds?: readonly string[], signal?: AbortSignal): Promise<SwarmTask[]> {
    const query: Record<string, unknown> =
      serviceIds === undefined ? {} : { filters: JSON.stringify({ service: [...serviceIds] }) };
    const raw = await this.engine.request<Json[]>('GET', '/tasks', { query }, signal);
    const wanted = serviceIds === undefined ? undefined : new Set(serviceIds);
    // The Engine matches the service filter by name and id prefix too; keep exact ids only.
    return raw.map(toSwarmTask).filter((t) => wanted === undefined || wanted.has(t.serviceId));
  }

  async listSecrets(signal?: AbortSignal): Promise<SwarmDataObject[]> {
    return (await this.engine.request<Json[]>('GET', '/secrets', {}, signal)).map(toSwarmDataObject);
  }

  async listConfigs(signal?: AbortSignal): Promise<SwarmDataObject[]> {
    return (await this.engine.request<Json[]>('GET', '/configs', {}, signal)).map(toSwarmDataObject);
  }

  async inspectNode(id: string, signal?: AbortSignal): Promise<SwarmNode | undefined> {
    const raw = await this.inspectOrMissing('node', id, signal);
    return raw === undefined ? undefined : toSwarmNode(raw);
  }

  async inspectService(id: string, signal?: AbortSignal): Promise<SwarmService | undefined> {
    const raw = await this.inspectOrMissing('service', id, signal);
    return raw === undefined ? undefined : toSwarmService(raw);
  }

  async inspectSecret(id: string, signal?: AbortSignal): Promise<SwarmDataObject | undefined> {
    const raw = await this.inspectOrMissing('secret', id, signal);
    return raw === undefined ? undefined : toSwarmDataObject(raw);
  }

  async inspectConfig(id: string, signal?: AbortSignal): Promise<SwarmDataObject | undefined> {
    const raw = await this.inspectOrMissing('config', id, signal);
    return raw === undefined ? undefined : toSwarmDataObject(raw);
  }

  /** The inspect JSON of one object for a read-only document; secrets and configs without data. */
  async inspectRaw(type: SwarmObjectType, id: string, signal?: AbortSignal): Promise<Json> {
    const raw = await this.engine.request<Json>(
      'GET',
      `${collection[type]}/${encodeURIComponent(id)}`,
      {},
      signal,
    );
    return type === 'secret' || type === 'config' ? withoutData(raw) : raw;
  }

  private async inspectOrMissing(
    type: SwarmObjectType,
    id: string,
    signal?: AbortSignal,
  ): Promise<Json | undefined> {
    try {
      return await this.engine.request<Json>(
        'GET',
        `${collection[type]}/${encodeURIComponent(id)}`,
        {},
        signal,
      );
    } catch (err) {
      if (statusCode(err) === 404) {
        return undefined;
      }
      throw err;
    }
  }

  /**
   * Changes a service: reads its current spec and version, applies the change, and sends it.
   * The Engine refuses (out of sequence) when another update landed in between.
   */
  async updateService(id: string, change: ServiceChange, signal?: AbortSignal): Promise<string[]> {
    const current = await this.engine.request<Json>('GET', `/services/${encodeURIComponent(id)}`, {}, signal);
    const spec = changedServiceSpec(record(current.Spec), change);
    return this.sendServiceUpdate(id, current, spec, {}, signal);
  }

  /** Returns a service to its previous spec, as the Engine keeps it. */
  async rollbackService(id: string, signal?: AbortSignal): Promise<string[]> {
    const current = await this.engine.request<Json>('GET', `/services/${encodeURIComponent(id)}`, {}, signal);
    // With `rollback=previous` the Engine ignores the body; it still wants a spec there.
    return this.sendServiceUpdate(id, current, record(current.Spec), { rollback: 'previous' }, signal);
  }

  private async sendServiceUpdate(
    id: string,
    current: Json,
    spec: Json,
    query: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const answer = await this.engine.request<Json>(
      'POST',
      `/services/${encodeURIComponent(id)}/update`,
      { query: { version: record(current.Version).Index ?? 0, ...query }, body: spec },
      signal,
    );
    const warnings = record(answer).Warnings;
    return Array.isArray(warnings) ? warnings.filter((w): w is string => typeof w === 'string') : [];
  }

  async removeService(id: string, signal?: AbortSignal): Promise<void> {
    await this.engine.request('DELETE', `/services/${encodeURIComponent(id)}`, {}, signal);
  }

  /** Changes a node's availability or role, quoting its current version. */
  async updateNode(id: string, change: NodeChange, signal?: AbortSignal): Promise<void> {
    const current = await this.engine.request<Json>('GET', `/nodes/${encodeURIComponent(id)}`, {}, signal);
    const spec = {
      ...record(current.Spec),
      ...('role' in change ? { Role: change.role } : { Availability: change.availability }),
    };
    await this.engine.request(
      'POST',
      `/nodes/${encodeURIComponent(id)}/update`,
      { query: { version: record(current.Version).Index ?? 0 }, body: spec },
      signal,
    );
  }

  /** Creates a secret or a config from bytes; returns its id. */
  async createData(
    type: 'secret' | 'config',
    name: string,
    data: Uint8Array,
    labels: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<string> {
    const answer = await this.engine.request<Json>(
      'POST',
      `${collection[type]}/create`,
      { body: { Name: name, Labels: labels, Data: Buffer.from(data).toString('base64') }, ok: [200, 201] },
      signal,
    );
    return typeof answer.ID === 'string' ? answer.ID : '';
  }

  async removeData(type: 'secret' | 'config', id: string, signal?: AbortSignal): Promise<void> {
    await this.engine.request('DELETE', `${collection[type]}/${encodeURIComponent(id)}`, {}, signal);
  }

  /**
   * `GET /services/{id}/logs` as a stream of frames (raw for a service with a TTY), each message
   * with its timestamp and the task's details (`com.docker.swarm.task.id=…`) before it.
   */
  serviceLogs(
    id: string,
    options: { follow: boolean; tail: number | 'all' },
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream> {
    return this.engine.stream(
      `/services/${encodeURIComponent(id)}/logs`,
      {
        stdout: true,
        stderr: true,
        follow: options.follow,
        timestamps: true,
        details: true,
        tail: options.tail,
      },
      signal,
    );
  }
}
