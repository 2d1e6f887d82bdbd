import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import type { DockerEndpoint } from './endpoint';
import { statusCode } from './errors';
import { engineSince } from './logsSince';
import { SwarmClient } from './swarmClient';
import { knownHostAccepts, readKnownHosts, SshTunnel } from './sshTunnel';
import {
  toContainer,
  toImage,
  toImageFromInspect,
  toNetwork,
  toVersion,
  toVolume,
  toVolumeUsage,
} from './mapping';
import type {
  ContainerSummary,
  DaemonVersion,
  ImageSummary,
  NetworkSummary,
  VolumeSummary,
  VolumeUsage,
} from './types';

type Json = Record<string, unknown>;

/** dockerode honours an AbortSignal on these calls, though its type definitions omit the option. */
interface SignalledCalls {
  ping(options: { abortSignal: AbortSignal }): Promise<unknown>;
  version(options: { abortSignal: AbortSignal }): Promise<Json>;
}

/** The part of docker-modem used for requests dockerode has no signal-aware method for. */
interface Modem {
  dial(
    options: {
      path: string;
      method: string;
      options?: Record<string, unknown>;
      abortSignal?: AbortSignal;
      isStream?: boolean;
      statusCodes: Record<number, boolean | string>;
    },
    callback: (err: Error | null, data: unknown) => void,
  ): void;
}

/** The Engine answers 304 to starting a running or stopping a stopped container: nothing to do. */
async function ignoreNotModified(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (err) {
    if (statusCode(err) !== 304) {
      throw err;
    }
  }
}

/** Raised when a call exceeds its deadline. */
export class DockerTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

/** How transports that need more than the endpoint are set up (SSH keys, the tunnel). */
export interface TransportOptions {
  /** `always` goes straight to the system `ssh` tunnel; `auto` tries dockerode's SSH first. */
  sshTunnel?: 'auto' | 'always';
  /** The `ssh` executable for the tunnel. */
  sshPath?: string;
  /** A private key for SSH; otherwise the agent (`SSH_AUTH_SOCK`). */
  identityFile?: string;
  /** An extra known_hosts file (besides ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts). */
  knownHostsFile?: string;
  /** Environment read for SSH_AUTH_SOCK and handed to ssh; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
  /** Home folder for ~/.ssh; defaults to the user's. */
  home?: string;
  /** Notes which transport was chosen. */
  log?: (message: string) => void;
}

/**
 * Every connection option dockerode reads, set explicitly: docker-modem merges the process
 * environment (DOCKER_HOST, DOCKER_CERT_PATH) into whatever it is not told.
 */
const unset: Docker.DockerOptions = {
  socketPath: undefined,
  host: undefined,
  port: undefined,
  protocol: undefined,
  ca: undefined,
  cert: undefined,
  key: undefined,
  username: undefined,
  sshOptions: undefined,
};

/** Builds dockerode options from an endpoint, reading TLS material when the endpoint asks for it. */
export async function dockerodeOptions(
  endpoint: DockerEndpoint,
  transport: TransportOptions = {},
): Promise<Docker.DockerOptions> {
  switch (endpoint.kind) {
    case 'unix':
    case 'npipe':
      return { ...unset, socketPath: endpoint.socketPath };
    case 'ssh': {
      const env = transport.env ?? process.env;
      const identity = transport.identityFile;
      const privateKey = identity ? await fs.readFile(identity) : undefined;
      const known = await readKnownHosts(transport.home ?? os.homedir(), transport.knownHostsFile);
      const sshOptions: Record<string, unknown> = {
        ...(privateKey !== undefined ? { privateKey } : {}),
        ...(env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : {}),
        readyTimeout: 10_000,
        hostVerifier: (key: Buffer) => knownHostAccepts(known, endpoint.host, endpoint.port, key),
      };
      return {
        ...unset,
        protocol: 'ssh',
        host: endpoint.host,
        port: endpoint.port,
        ...(endpoint.username !== undefined ? { username: endpoint.username } : {}),
        sshOptions,
      };
    }
    case 'tcp': {
      if (endpoint.tls === undefined) {
        return { ...unset, protocol: 'http', host: endpoint.host, port: endpoint.port };
      }
      const certPath = endpoint.tls.certPath;
      const readPem = async (name: string): Promise<Buffer | undefined> =>
        certPath === undefined ? undefined : fs.readFile(path.join(certPath, name)).catch(() => undefined);
      const [ca, cert, key] = await Promise.all([readPem('ca.pem'), readPem('cert.pem'), readPem('key.pem')]);
      return {
        ...unset,
        protocol: 'https',
        host: endpoint.host,
        port: endpoint.port,
        ...(ca ? { ca } : {}),
        ...(cert ? { cert } : {}),
        ...(key ? { key } : {}),
        // Without verification (SkipTLSVerify, or https:// without DOCKER_TLS_VERIFY) the
        // certificates still authenticate us, but the server's is not checked.
        ...(endpoint.tls.verify ? {} : { agent: new https.Agent({ rejectUnauthorized: false }) }),
      };
    }
  }
}

/** dockerode's modem, whose SSH options docker-modem would otherwise take from DOCKER_HOST. */
interface ModemInternals {
  modem: { sshOptions?: unknown };
}

/**
 * The narrow interface to one Docker Engine. Every call has a deadline and takes an optional
 * AbortSignal; results come back as domain types.
 */
export class DockerClient {
  private constructor(
    readonly endpoint: DockerEndpoint,
    private readonly docker: Docker,
    private readonly timeoutMs: number,
    private readonly release: () => void = () => undefined,
  ) {}

  private swarmCalls: SwarmClient | undefined;

  /** Releases what the transport holds (an SSH tunnel); calls made afterwards fail. */
  dispose(): void {
    this.release();
  }

  private get signalled(): SignalledCalls {
    return this.docker as unknown as SignalledCalls;
  }

  /**
   * Creates a client for an endpoint. Nothing is sent, except for `ssh://`: there the built-in
   * SSH client is tried with a ping, and the system `ssh` tunnel takes over when it fails (or
   * always, when asked).
   */
  static async create(
    endpoint: DockerEndpoint,
    timeoutMs: number,
    transport: TransportOptions = {},
  ): Promise<DockerClient> {
    if (endpoint.kind !== 'ssh') {
      return new DockerClient(endpoint, new Docker(await dockerodeOptions(endpoint, transport)), timeoutMs);
    }
    let builtInError: unknown;
    if (transport.sshTunnel !== 'always') {
      const options = await dockerodeOptions(endpoint, transport);
      const docker = new Docker(options);
      (docker as unknown as ModemInternals).modem.sshOptions = options.sshOptions;
      const client = new DockerClient(endpoint, docker, timeoutMs);
      try {
        await client.ping();
        transport.log?.(`Reached ${endpoint.display} with the built-in SSH client`);
        return client;
      } catch (err) {
        builtInError = err;
        transport.log?.(
          `The built-in SSH client could not reach ${endpoint.display} (${String(err)}); trying the system ssh`,
        );
      }
    }
    return DockerClient.overTunnel(endpoint, timeoutMs, transport, builtInError);
  }

  /** A client whose every connection is an `ssh … docker system dial-stdio` process. */
  private static async overTunnel(
    endpoint: DockerEndpoint & { kind: 'ssh' },
    timeoutMs: number,
    transport: TransportOptions,
    builtInError: unknown,
  ): Promise<DockerClient> {
    const tunnel = await SshTunnel.open(endpoint, {
      sshPath: transport.sshPath ?? 'ssh',
      connectTimeoutSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)),
      ...(transport.identityFile ? { identityFile: transport.identityFile } : {}),
      ...(transport.knownHostsFile ? { knownHostsFile: transport.knownHostsFile } : {}),
      ...(transport.env !== undefined ? { env: transport.env } : {}),
    });
    const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 2 });
    const docker = new Docker({ ...unset, socketPath: tunnel.socketPath });
    // Kept-alive connections spare one ssh process per request.
    (docker as unknown as { modem: { agent?: http.Agent } }).modem.agent = agent;
    const client = new DockerClient(endpoint, docker, timeoutMs, () => {
      agent.destroy();
      tunnel.dispose();
    });
    try {
      await client.ping();
    } catch (err) {
      client.dispose();
      throw tunnel.lastFailure ?? builtInError ?? err;
    }
    transport.log?.(`Reached ${endpoint.display} through the system ssh (docker system dial-stdio)`);
    return client;
  }

  /** `GET /_ping`. */
  async ping(signal?: AbortSignal): Promise<void> {
    await this.call((abortSignal) => this.signalled.ping({ abortSignal }), signal);
  }

  /** `GET /version`. */
  async version(signal?: AbortSignal): Promise<DaemonVersion> {
    const raw = await this.call((abortSignal) => this.signalled.version({ abortSignal }), signal);
    return toVersion(raw);
  }

  async listContainers(signal?: AbortSignal): Promise<ContainerSummary[]> {
    const raw = await this.call(
      (abortSignal) => this.docker.listContainers({ all: true, abortSignal }),
      signal,
    );
    return (raw as unknown as Json[]).map(toContainer);
  }

  /** The writable-layer size of each stopped container, by id: what pruning them frees. */
  async stoppedContainerSizes(signal?: AbortSignal): Promise<Map<string, number>> {
    const raw = await this.call(
      (abortSignal) =>
        this.docker.listContainers({
          all: true,
          size: true,
          filters: { status: ['created', 'exited', 'dead'] },
          abortSignal,
        }),
      signal,
      longCallMs,
    );
    return new Map(
      (raw as unknown as Json[]).map((c) => [textOf(c.Id), Math.max(0, numberOf(c.SizeRw))] as const),
    );
  }

  async listImages(signal?: AbortSignal): Promise<ImageSummary[]> {
    const raw = await this.call((abortSignal) => this.docker.listImages({ abortSignal }), signal);
    return (raw as unknown as Json[]).map(toImage);
  }

  async listVolumes(signal?: AbortSignal): Promise<VolumeSummary[]> {
    const raw = await this.call((abortSignal) => this.docker.listVolumes({ abortSignal }), signal);
    const volumes = (raw as unknown as { Volumes?: Json[] | null }).Volumes ?? [];
    return volumes.map(toVolume);
  }

  async listNetworks(signal?: AbortSignal): Promise<NetworkSummary[]> {
    const raw = await this.call((abortSignal) => this.docker.listNetworks({ abortSignal }), signal);
    return (raw as unknown as Json[]).map(toNetwork);
  }

  /** The containers with these ids, in the listing's shape (`/containers/json` filtered by id). */
  async listContainersById(ids: readonly string[], signal?: AbortSignal): Promise<ContainerSummary[]> {
    if (ids.length === 0) {
      return [];
    }
    const raw = await this.call(
      (abortSignal) => this.get<Json[]>('/containers/json', { all: true, filters: { id: ids } }, abortSignal),
      signal,
    );
    // The Engine matches ids by prefix; keep exact matches only.
    const wanted = new Set(ids);
    return raw.map(toContainer).filter((c) => wanted.has(c.id));
  }

  /** One image by id or reference, in the listing's shape; undefined when it is gone. */
  async inspectImage(idOrReference: string, signal?: AbortSignal): Promise<ImageSummary | undefined> {
    const raw = await this.callOrMissing(
      (abortSignal) => this.get<Json>(`/images/${encodeURIComponent(idOrReference)}/json`, {}, abortSignal),
      signal,
    );
    return raw === undefined ? undefined : toImageFromInspect(raw);
  }

  /** One volume by name; undefined when it is gone. */
  async inspectVolume(name: string, signal?: AbortSignal): Promise<VolumeSummary | undefined> {
    const raw = await this.callOrMissing(
      (abortSignal) => this.get<Json>(`/volumes/${encodeURIComponent(name)}`, {}, abortSignal),
      signal,
    );
    return raw === undefined ? undefined : toVolume(raw);
  }

  /** One network by id or name; undefined when it is gone. */
  async inspectNetwork(idOrName: string, signal?: AbortSignal): Promise<NetworkSummary | undefined> {
    const raw = await this.callOrMissing(
      (abortSignal) => this.get<Json>(`/networks/${encodeURIComponent(idOrName)}`, {}, abortSignal),
      signal,
    );
    return raw === undefined ? undefined : toNetwork(raw);
  }

  /** Size and users of every volume, from `/system/df` (slow on big hosts: call on demand only). */
  async volumeUsage(signal?: AbortSignal): Promise<Map<string, VolumeUsage>> {
    const raw = await this.call(
      (abortSignal) => this.get<Json>('/system/df', { type: 'volume' }, abortSignal),
      signal,
    );
    return toVolumeUsage(raw);
  }

  /**
   * Opens `/events` (optionally from `since`, `seconds.nanoseconds`, and for some object types).
   * The deadline covers the Engine's answer only; the stream then lasts until `signal` aborts.
   */
  async events(
    options: { since?: string; types?: readonly string[] },
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream> {
    const query: Record<string, unknown> = {};
    if (options.since !== undefined) {
      query.since = options.since;
    }
    if (options.types !== undefined && options.types.length > 0) {
      query.filters = { type: [...options.types] };
    }
    const controller = new AbortController();
    const stream = await this.call((abortSignal) => {
      // The request lives past this call, so it gets its own signal; the deadline aborts it too.
      const onDeadline = (): void => controller.abort(abortSignal.reason);
      abortSignal.addEventListener('abort', onDeadline, { once: true });
      return this.get<NodeJS.ReadableStream>('/events', query, controller.signal, true).finally(() =>
        abortSignal.removeEventListener('abort', onDeadline),
      );
    }, signal);
    const end = (): void => {
      controller.abort();
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    };
    if (signal?.aborted) {
      end();
    } else {
      signal?.addEventListener('abort', end, { once: true });
      stream.on('close', () => signal?.removeEventListener('abort', end));
    }
    return stream;
  }

  /** Creates a container (not started) and returns its id. */
  async createContainer(spec: Docker.ContainerCreateOptions, signal?: AbortSignal): Promise<string> {
    const container = await this.call(
      (abortSignal) => this.docker.createContainer({ ...spec, abortSignal }),
      signal,
    );
    return container.id;
  }

  /** Starts a container; one that already runs is left as it is. */
  async startContainer(id: string, signal?: AbortSignal): Promise<void> {
    await this.call(
      (abortSignal) => ignoreNotModified(this.docker.getContainer(id).start({ abortSignal })),
      signal,
    );
  }

  /**
   * Stops a container: its stop signal, then SIGKILL after `timeoutSeconds` (the container's own
   * setting when omitted). One that is not running is left as it is.
   */
  async stopContainer(
    id: string,
    options: { timeoutSeconds?: number } = {},
    signal?: AbortSignal,
  ): Promise<void> {
    const t = options.timeoutSeconds;
    await this.call(
      (abortSignal) =>
        ignoreNotModified(
          this.docker.getContainer(id).stop({ ...(t !== undefined ? { t } : {}), abortSignal }),
        ),
      signal,
    );
  }

  /** Removes a container; volumes only when asked. */
  async removeContainer(
    id: string,
    options: { force?: boolean; volumes?: boolean } = {},
    signal?: AbortSignal,
  ): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.docker
          .getContainer(id)
          .remove({ force: options.force ?? false, v: options.volumes ?? false, abortSignal }),
      signal,
    );
  }

  /**
   * `POST /build` with the tar context streamed from `context`; resolves with the progress stream
   * (JSON messages) once the Engine answers. Sending a large context takes its time, so there is
   * no deadline here: `signal` cancels the request, and the daemon stops the build with it.
   */
  async buildImage(
    context: NodeJS.ReadableStream,
    options: {
      /** The Dockerfile's path inside the context, `/`-separated. */
      dockerfile: string;
      tags: readonly string[];
      target?: string;
      buildArgs?: Readonly<Record<string, string>>;
      platform?: string;
      /** `2` is BuildKit, `1` the classic builder. */
      version: '1' | '2';
      networkMode?: string;
      pull?: boolean;
    },
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream> {
    const query: Record<string, unknown> = {
      dockerfile: options.dockerfile,
      t: [...options.tags],
      version: options.version,
      // The classic builder otherwise leaves the container of a failed step behind.
      rm: true,
      forcerm: true,
      ...(options.target ? { target: options.target } : {}),
      ...(options.buildArgs && Object.keys(options.buildArgs).length > 0
        ? { buildargs: { ...options.buildArgs } }
        : {}),
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.networkMode ? { networkmode: options.networkMode } : {}),
      ...(options.pull === true ? { pull: true } : {}),
    };
    const controller = new AbortController();
    const abort = (): void => controller.abort(signal?.reason);
    if (signal?.aborted === true) {
      abort();
    }
    signal?.addEventListener('abort', abort, { once: true });
    const modem = (
      this.docker as unknown as {
        modem: { dial: (o: unknown, cb: (e: Error | null, d: unknown) => void) => void };
      }
    ).modem;
    try {
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
        modem.dial(
          {
            path: '/build?',
            method: 'POST',
            options: query,
            file: context,
            abortSignal: controller.signal,
            isStream: true,
            statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
          },
          (err, data) => (err ? reject(err) : resolve(data as NodeJS.ReadableStream)),
        );
      });
      stream.on('close', () => signal?.removeEventListener('abort', abort));
      return stream;
    } catch (err) {
      signal?.removeEventListener('abort', abort);
      throw err;
    }
  }

  /** The swarm endpoints of this daemon (they answer only on a swarm manager). */
  get swarm(): SwarmClient {
    this.swarmCalls ??= new SwarmClient({
      request: (method, path, options, signal) =>
        this.call((abortSignal) => this.send(method, path, { ...options, signal: abortSignal }), signal),
      stream: (path, query, signal) =>
        this.openStream(
          {
            path: `${path}?`,
            method: 'GET',
            options: query,
            isStream: true,
            statusCodes: {
              200: true,
              404: 'not found',
              500: 'server error',
              503: 'node is not part of a swarm',
            },
          },
          signal,
        ),
    });
    return this.swarmCalls;
  }

  /** The Engine's inspect JSON of one object, as it answers it (for the read-only documents). */
  async inspectRaw(
    type: 'container' | 'image' | 'volume' | 'network',
    idOrName: string,
    signal?: AbortSignal,
  ): Promise<Json> {
    const paths = {
      container: `/containers/${encodeURIComponent(idOrName)}/json`,
      image: `/images/${encodeURIComponent(idOrName)}/json`,
      volume: `/volumes/${encodeURIComponent(idOrName)}`,
      network: `/networks/${encodeURIComponent(idOrName)}`,
    };
    return this.call((abortSignal) => this.send<Json>('GET', paths[type], { signal: abortSignal }), signal);
  }

  /** Restarts a container (stopping it first when it runs). */
  async restartContainer(
    id: string,
    options: { timeoutSeconds?: number } = {},
    signal?: AbortSignal,
  ): Promise<void> {
    const t = options.timeoutSeconds;
    await this.call(
      (abortSignal) =>
        this.send('POST', `/containers/${encodeURIComponent(id)}/restart`, {
          query: t !== undefined ? { t } : {},
          signal: abortSignal,
        }),
      signal,
    );
  }

  /** Freezes every process of a running container. */
  async pauseContainer(id: string, signal?: AbortSignal): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.send('POST', `/containers/${encodeURIComponent(id)}/pause`, { signal: abortSignal }),
      signal,
    );
  }

  /** Thaws a paused container. */
  async unpauseContainer(id: string, signal?: AbortSignal): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.send('POST', `/containers/${encodeURIComponent(id)}/unpause`, { signal: abortSignal }),
      signal,
    );
  }

  /** Sends a signal (`SIGKILL` unless told) to a container's main process. */
  async killContainer(id: string, signalName = 'SIGKILL', signal?: AbortSignal): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.send('POST', `/containers/${encodeURIComponent(id)}/kill`, {
          query: { signal: signalName },
          signal: abortSignal,
        }),
      signal,
    );
  }

  /** Renames a container; the Engine refuses (409) a name another container has. */
  async renameContainer(id: string, name: string, signal?: AbortSignal): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.send('POST', `/containers/${encodeURIComponent(id)}/rename`, {
          query: { name },
          signal: abortSignal,
        }),
      signal,
    );
  }

  /** The processes of a running container (`ps` columns and rows). */
  async topContainer(id: string, psArgs?: string, signal?: AbortSignal): Promise<ContainerTop> {
    const raw = await this.call(
      (abortSignal) =>
        this.send<Json>('GET', `/containers/${encodeURIComponent(id)}/top`, {
          query: psArgs !== undefined ? { ps_args: psArgs } : {},
          signal: abortSignal,
        }),
      signal,
    );
    const titles = Array.isArray(raw.Titles) ? raw.Titles.map(String) : [];
    const processes = Array.isArray(raw.Processes)
      ? raw.Processes.map((row) => (Array.isArray(row) ? row.map(String) : []))
      : [];
    return { titles, processes };
  }

  /** Commits a container's file system to a new image (`repository[:tag]`); returns the image id. */
  async commitContainer(
    id: string,
    options: { repository: string; tag?: string; comment?: string; pause?: boolean },
    signal?: AbortSignal,
  ): Promise<string> {
    const raw = await this.call(
      (abortSignal) =>
        this.send<Json>('POST', '/commit', {
          query: {
            container: id,
            repo: options.repository,
            ...(options.tag !== undefined ? { tag: options.tag } : {}),
            ...(options.comment !== undefined ? { comment: options.comment } : {}),
            pause: options.pause ?? true,
          },
          signal: abortSignal,
          ok: [201],
        }),
      signal,
      longCallMs,
    );
    return typeof raw.Id === 'string' ? raw.Id : '';
  }

  /**
   * A container's file system as a tar stream. The deadline covers the Engine's answer; the
   * stream then lasts until it ends or `signal` aborts.
   */
  async exportContainer(id: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    return this.streamAnswer('GET', `/containers/${encodeURIComponent(id)}/export`, {}, signal);
  }

  /**
   * `HEAD /containers/{id}/archive`: the raw `X-Docker-Container-Path-Stat` header of a path (see
   * pathStat.ts). Works on stopped containers too.
   */
  async archiveStat(id: string, path: string, signal?: AbortSignal): Promise<string | undefined> {
    const answer = await this.call(
      (abortSignal) =>
        this.send<NodeJS.ReadableStream & { headers: Record<string, string | string[] | undefined> }>(
          'HEAD',
          `/containers/${encodeURIComponent(id)}/archive`,
          { query: { path }, signal: abortSignal, stream: true },
        ),
      signal,
    );
    (answer as unknown as { resume?: () => void }).resume?.();
    const value = answer.headers['x-docker-container-path-stat'];
    return Array.isArray(value) ? value[0] : value;
  }

  /**
   * `GET /containers/{id}/archive`: the path (a file, or a folder with all it holds) as a tar
   * stream. The deadline covers the answer; the stream lasts until it ends or `signal` aborts.
   */
  async getArchive(id: string, path: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    return this.streamAnswer('GET', `/containers/${encodeURIComponent(id)}/archive`, { path }, signal);
  }

  /**
   * `PUT /containers/{id}/archive`: extracts a tar into the folder `path`, which must exist. A
   * folder never replaces a file nor a file a folder.
   */
  async putArchive(id: string, path: string, tar: Buffer, signal?: AbortSignal): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.send('PUT', `/containers/${encodeURIComponent(id)}/archive`, {
          query: { path, noOverwriteDirNonDir: true },
          file: tar,
          signal: abortSignal,
        }),
      signal,
    );
  }

  /** Removes the stopped containers (those matching `filters`, when given). */
  async pruneContainers(filters: PruneFilters = {}, signal?: AbortSignal): Promise<PruneResult> {
    return this.prune('/containers/prune', 'ContainersDeleted', filters, signal);
  }

  /** Adds a tag (`repository`, `tag`) to an image. */
  async tagImage(
    idOrReference: string,
    repository: string,
    tag: string,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.send('POST', `/images/${encodeURIComponent(idOrReference)}/tag`, {
          query: { repo: repository, tag },
          signal: abortSignal,
          ok: [200, 201],
        }),
      signal,
    );
  }

  /**
   * Removes an image reference (a tag untags; the last tag or an id deletes). The Engine refuses
   * (409) an image a container uses, unless forced.
   */
  async removeImage(
    idOrReference: string,
    options: { force?: boolean; noPrune?: boolean } = {},
    signal?: AbortSignal,
  ): Promise<{ untagged: string[]; deleted: string[] }> {
    const raw = await this.call(
      (abortSignal) =>
        this.send<Json[]>('DELETE', `/images/${encodeURIComponent(idOrReference)}`, {
          query: { force: options.force ?? false, noprune: options.noPrune ?? false },
          signal: abortSignal,
        }),
      signal,
      longCallMs,
    );
    const rows = Array.isArray(raw) ? raw : [];
    return {
      untagged: rows.map((r) => r.Untagged).filter((v): v is string => typeof v === 'string'),
      deleted: rows.map((r) => r.Deleted).filter((v): v is string => typeof v === 'string'),
    };
  }

  /**
   * Removes unused images: dangling ones only, or (`all`) every image no container uses. Narrowed
   * by `filters` (labels, until) when given.
   */
  async pruneImages(
    options: { all?: boolean; filters?: PruneFilters } = {},
    signal?: AbortSignal,
  ): Promise<PruneResult> {
    const filters: PruneFilters = {
      ...(options.filters ?? {}),
      dangling: [options.all === true ? 'false' : 'true'],
    };
    const raw = await this.prune('/images/prune', 'ImagesDeleted', filters, signal);
    return raw;
  }

  /** The layers of an image, newest first, with their size and the instruction that made them. */
  async imageHistory(idOrReference: string, signal?: AbortSignal): Promise<ImageLayer[]> {
    const raw = await this.call(
      (abortSignal) =>
        this.send<Json[]>('GET', `/images/${encodeURIComponent(idOrReference)}/history`, {
          signal: abortSignal,
        }),
      signal,
    );
    return (Array.isArray(raw) ? raw : []).map((row) => ({
      id: typeof row.Id === 'string' ? row.Id : '',
      created: typeof row.Created === 'number' ? row.Created : 0,
      createdBy: typeof row.CreatedBy === 'string' ? row.CreatedBy : '',
      size: typeof row.Size === 'number' ? row.Size : 0,
      tags: Array.isArray(row.Tags) ? row.Tags.filter((t): t is string => typeof t === 'string') : [],
      comment: typeof row.Comment === 'string' ? row.Comment : '',
    }));
  }

  /** Images (by reference or id) as one tar stream, as `docker save` writes it. */
  async saveImages(references: readonly string[], signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    return this.streamAnswer('GET', '/images/get', { names: [...references] }, signal);
  }

  /**
   * Loads images from a tar stream (`docker save` format); returns what the Engine reported
   * (`Loaded image: …` lines). No deadline: the upload lasts as long as the file; cancel with `signal`.
   */
  async loadImages(tar: NodeJS.ReadableStream, signal?: AbortSignal): Promise<string[]> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    if (signal?.aborted === true) {
      controller.abort(signal.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const output = await this.send<NodeJS.ReadableStream>('POST', '/images/load', {
        query: { quiet: true },
        signal: controller.signal,
        file: tar,
        stream: true,
      });
      const lines = await readJsonLines(output);
      const failure = lines.find(
        (line) => typeof line.error === 'string' || typeof line.errorDetail === 'object',
      );
      if (failure !== undefined) {
        const message = textOf(failure.error) || 'the daemon could not load the file';
        throw Object.assign(new Error(message), { json: { message } });
      }
      return lines
        .map((line) => (typeof line.stream === 'string' ? line.stream.trim() : ''))
        .filter((text) => text !== '');
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Creates a volume and returns its name (the Engine names it when `name` is omitted). */
  async createVolume(
    spec: {
      name?: string;
      driver?: string;
      labels?: Record<string, string>;
      driverOptions?: Record<string, string>;
    },
    signal?: AbortSignal,
  ): Promise<string> {
    const raw = await this.call(
      (abortSignal) =>
        this.send<Json>('POST', '/volumes/create', {
          body: {
            ...(spec.name !== undefined ? { Name: spec.name } : {}),
            ...(spec.driver !== undefined ? { Driver: spec.driver } : {}),
            Labels: spec.labels ?? {},
            DriverOpts: spec.driverOptions ?? {},
          },
          signal: abortSignal,
          ok: [201],
        }),
      signal,
    );
    return typeof raw.Name === 'string' ? raw.Name : '';
  }

  /** Removes a volume; the Engine refuses (409) one a container uses. */
  async removeVolume(name: string, options: { force?: boolean } = {}, signal?: AbortSignal): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.send('DELETE', `/volumes/${encodeURIComponent(name)}`, {
          query: { force: options.force ?? false },
          signal: abortSignal,
          ok: [204],
        }),
      signal,
    );
  }

  /**
   * Removes unused volumes matching `filters`. From API 1.42 the Engine prunes only anonymous
   * volumes unless `all` is set; older Engines prune every unused volume and know no `all`.
   */
  async pruneVolumes(
    options: { all?: boolean; filters?: PruneFilters } = {},
    signal?: AbortSignal,
  ): Promise<PruneResult> {
    const filters: PruneFilters = {
      ...(options.filters ?? {}),
      ...(options.all === true ? { all: ['true'] } : {}),
    };
    return this.prune('/volumes/prune', 'VolumesDeleted', filters, signal);
  }

  /** Creates a network and returns its id. */
  async createNetwork(
    spec: {
      name: string;
      driver?: string;
      internal?: boolean;
      attachable?: boolean;
      subnet?: string;
      gateway?: string;
      labels?: Record<string, string>;
    },
    signal?: AbortSignal,
  ): Promise<string> {
    const config =
      spec.subnet !== undefined
        ? [{ Subnet: spec.subnet, ...(spec.gateway ? { Gateway: spec.gateway } : {}) }]
        : [];
    const raw = await this.call(
      (abortSignal) =>
        this.send<Json>('POST', '/networks/create', {
          body: {
            Name: spec.name,
            CheckDuplicate: true,
            ...(spec.driver !== undefined ? { Driver: spec.driver } : {}),
            Internal: spec.internal ?? false,
            Attachable: spec.attachable ?? false,
            Labels: spec.labels ?? {},
            ...(config.length > 0 ? { IPAM: { Driver: 'default', Config: config } } : {}),
          },
          signal: abortSignal,
          ok: [201],
        }),
      signal,
    );
    return typeof raw.Id === 'string' ? raw.Id : '';
  }

  /** Removes a network; the Engine refuses built-in networks and ones with containers attached. */
  async removeNetwork(idOrName: string, signal?: AbortSignal): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.send('DELETE', `/networks/${encodeURIComponent(idOrName)}`, { signal: abortSignal, ok: [204] }),
      signal,
    );
  }

  /** Removes the networks no container uses (those matching `filters`, when given). */
  async pruneNetworks(filters: PruneFilters = {}, signal?: AbortSignal): Promise<PruneResult> {
    return this.prune('/networks/prune', 'NetworksDeleted', filters, signal);
  }

  /** Attaches a container to a network, with optional aliases there. */
  async connectNetwork(
    network: string,
    container: string,
    options: { aliases?: readonly string[] } = {},
    signal?: AbortSignal,
  ): Promise<void> {
    const aliases = options.aliases ?? [];
    await this.call(
      (abortSignal) =>
        this.send('POST', `/networks/${encodeURIComponent(network)}/connect`, {
          body: {
            Container: container,
            ...(aliases.length > 0 ? { EndpointConfig: { Aliases: [...aliases] } } : {}),
          },
          signal: abortSignal,
        }),
      signal,
    );
  }

  /** Detaches a container from a network. */
  async disconnectNetwork(
    network: string,
    container: string,
    options: { force?: boolean } = {},
    signal?: AbortSignal,
  ): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.send('POST', `/networks/${encodeURIComponent(network)}/disconnect`, {
          body: { Container: container, Force: options.force ?? false },
          signal: abortSignal,
        }),
      signal,
    );
  }

  /** Disk usage of images, containers, volumes and the build cache (`/system/df`; slow on big hosts). */
  async diskUsage(signal?: AbortSignal): Promise<DiskUsage> {
    const raw = await this.call(
      (abortSignal) => this.send<Json>('GET', '/system/df', { signal: abortSignal }),
      signal,
      longCallMs,
    );
    return toDiskUsage(raw);
  }

  /** Removes the build cache (all of it, or only what is unused when `all` is false). */
  async pruneBuildCache(
    options: { all?: boolean; filters?: PruneFilters } = {},
    signal?: AbortSignal,
  ): Promise<PruneResult> {
    const raw = await this.call(
      (abortSignal) =>
        this.send<Json>('POST', '/build/prune', {
          query: {
            ...(options.all === true ? { all: true } : {}),
            ...(options.filters !== undefined && Object.keys(options.filters).length > 0
              ? { filters: options.filters }
              : {}),
          },
          signal: abortSignal,
        }),
      signal,
      longCallMs,
    );
    return toPruneResult(raw, 'CachesDeleted');
  }

  private async prune(
    path: string,
    field: string,
    filters: PruneFilters,
    signal?: AbortSignal,
  ): Promise<PruneResult> {
    const raw = await this.call(
      (abortSignal) =>
        this.send<Json>('POST', path, {
          query: Object.keys(filters).length > 0 ? { filters } : {},
          signal: abortSignal,
        }),
      signal,
      longCallMs,
    );
    return toPruneResult(raw, field);
  }

  /** A streamed answer whose deadline covers the headers only; the body lasts until `signal` aborts. */
  private async streamAnswer(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream> {
    const controller = new AbortController();
    const stream = await this.call((abortSignal) => {
      const onDeadline = (): void => controller.abort(abortSignal.reason);
      abortSignal.addEventListener('abort', onDeadline, { once: true });
      return this.send<NodeJS.ReadableStream>(method, path, {
        query,
        signal: controller.signal,
        stream: true,
      }).finally(() => abortSignal.removeEventListener('abort', onDeadline));
    }, signal);
    const end = (): void => {
      controller.abort();
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    };
    if (signal?.aborted) {
      end();
    } else {
      signal?.addEventListener('abort', end, { once: true });
      stream.on('close', () => signal?.removeEventListener('abort', end));
    }
    return stream;
  }

  /**
   * Any request through docker-modem, with a query, a JSON body or a streamed upload, and the
   * status codes that count as success (200 and 204 unless told).
   */
  private send<T = unknown>(
    method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'HEAD',
    path: string,
    options: {
      query?: Record<string, unknown>;
      body?: Record<string, unknown>;
      file?: NodeJS.ReadableStream | Buffer;
      signal: AbortSignal;
      stream?: boolean;
      ok?: readonly number[];
    },
  ): Promise<T> {
    const modem = (this.docker as unknown as { modem: Modem }).modem;
    const statusCodes: Record<number, boolean | string> = {
      400: 'bad parameter',
      404: 'not found',
      409: 'conflict',
      500: 'server error',
    };
    for (const code of options.ok ?? [200, 204]) {
      statusCodes[code] = true;
    }
    const query = options.query ?? {};
    // docker-modem sends `_body` as JSON (for POST) and `_query` in the URL.
    const dialOptions: Record<string, unknown> = { _query: query, _body: options.body ?? {} };
    return new Promise<T>((resolve, reject) => {
      modem.dial(
        {
          path: `${path}?`,
          method,
          options: Object.keys(query).length === 0 && options.body === undefined ? {} : dialOptions,
          abortSignal: options.signal,
          isStream: options.stream ?? false,
          statusCodes,
          ...(options.file !== undefined ? { file: options.file } : {}),
        },
        (err, data) => (err ? reject(err) : resolve(data as T)),
      );
    });
  }

  /** What the terminals need to know of one container; undefined when it is gone. */
  async containerProcess(id: string, signal?: AbortSignal): Promise<ContainerProcess | undefined> {
    const raw = await this.callOrMissing(
      (abortSignal) => this.get<Json>(`/containers/${encodeURIComponent(id)}/json`, {}, abortSignal),
      signal,
    );
    return raw === undefined ? undefined : toContainerProcess(raw);
  }

  /** `POST /containers/{id}/exec`: prepares a process in a running container; returns the exec id. */
  async createExec(containerId: string, spec: ExecSpec, signal?: AbortSignal): Promise<string> {
    const body: Json = {
      Cmd: [...spec.cmd],
      Tty: spec.tty,
      AttachStdin: spec.stdin,
      AttachStdout: true,
      AttachStderr: true,
      ...(spec.env !== undefined ? { Env: [...spec.env] } : {}),
      ...(spec.workingDir !== undefined ? { WorkingDir: spec.workingDir } : {}),
      ...(spec.user !== undefined ? { User: spec.user } : {}),
      // Engine API 1.42+ opens the TTY at this size; older daemons ignore it and get a resize.
      ...(spec.consoleSize !== undefined
        ? { ConsoleSize: [spec.consoleSize.rows, spec.consoleSize.columns] }
        : {}),
    };
    const answer = await this.call(
      (abortSignal) =>
        this.dialModem<Json>(
          {
            path: `/containers/${encodeURIComponent(containerId)}/exec`,
            method: 'POST',
            options: body,
            statusCodes: { 200: true, 201: true, 404: 'no such container', 409: 'container not running' },
          },
          abortSignal,
        ),
      signal,
    );
    return String(answer.Id);
  }

  /**
   * `POST /exec/{id}/start`. With `stdin` the connection is hijacked and the socket comes back
   * for both directions; otherwise the output stream. A TTY's output is raw, anything else is
   * multiplexed in frames (see terminals/logStream.ts). The deadline covers the Engine's answer.
   */
  async startExec(
    execId: string,
    options: { tty: boolean; stdin: boolean },
    signal?: AbortSignal,
  ): Promise<Duplex> {
    return this.openStream(
      {
        path: `/exec/${encodeURIComponent(execId)}/start`,
        method: 'POST',
        options: { Detach: false, Tty: options.tty },
        allowEmpty: true,
        isStream: true,
        hijack: true,
        openStdin: options.stdin,
        statusCodes: { 200: true, 101: true, 204: true, 404: 'no such exec', 409: 'container not running' },
      },
      signal,
    );
  }

  /** `POST /exec/{id}/resize`: the exec's TTY size. */
  async resizeExec(execId: string, size: TerminalSize, signal?: AbortSignal): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.dialModem(
          {
            path: `/exec/${encodeURIComponent(execId)}/resize?`,
            method: 'POST',
            options: { h: size.rows, w: size.columns },
            statusCodes: { 200: true, 201: true, 404: 'no such exec', 409: 'exec not running' },
          },
          abortSignal,
        ),
      signal,
    );
  }

  /** `GET /exec/{id}/json`: whether the process still runs and, once ended, its exit code. */
  async inspectExec(execId: string, signal?: AbortSignal): Promise<ExecState> {
    const raw = await this.call(
      (abortSignal) => this.get<Json>(`/exec/${encodeURIComponent(execId)}/json`, {}, abortSignal),
      signal,
    );
    return {
      running: raw.Running === true,
      exitCode: typeof raw.ExitCode === 'number' ? raw.ExitCode : undefined,
    };
  }

  /**
   * `POST /containers/{id}/attach` (output from now on), hijacked: the socket carries the main
   * process's output and, with `stdin`, takes input. `detachKeys` ends the attachment without
   * closing the process's stdin.
   */
  async attachContainer(
    id: string,
    options: { stdin: boolean; detachKeys?: string },
    signal?: AbortSignal,
  ): Promise<Duplex> {
    return this.openStream(
      {
        path: `/containers/${encodeURIComponent(id)}/attach?`,
        method: 'POST',
        options: {
          stream: true,
          stdin: options.stdin,
          stdout: true,
          stderr: true,
          ...(options.detachKeys !== undefined ? { detachKeys: options.detachKeys } : {}),
        },
        isStream: true,
        hijack: true,
        openStdin: options.stdin,
        statusCodes: { 200: true, 101: true, 404: 'no such container', 409: 'container not running' },
      },
      signal,
    );
  }

  /** `POST /containers/{id}/resize`: the TTY size of a container started with one. */
  async resizeContainer(id: string, size: TerminalSize, signal?: AbortSignal): Promise<void> {
    await this.call(
      (abortSignal) =>
        this.dialModem(
          {
            path: `/containers/${encodeURIComponent(id)}/resize?`,
            method: 'POST',
            options: { h: size.rows, w: size.columns },
            statusCodes: { 200: true, 404: 'no such container', 409: 'container not running' },
          },
          abortSignal,
        ),
      signal,
    );
  }

  /**
   * `GET /containers/{id}/logs` as a stream: frames (see terminals/logStream.ts) unless the
   * container has a TTY. `since` is `seconds.nanoseconds`; `tail` a line count or `all`.
   */
  async containerLogs(
    id: string,
    options: LogsOptions,
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream> {
    const query: Record<string, unknown> = {
      stdout: true,
      stderr: true,
      follow: options.follow,
      timestamps: options.timestamps,
      tail: options.tail ?? 'all',
      ...(options.since !== undefined ? { since: engineSince(options.since, Date.now()) } : {}),
    };
    return this.openStream(
      {
        path: `/containers/${encodeURIComponent(id)}/logs?`,
        method: 'GET',
        options: query,
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
      },
      signal,
    );
  }

  /**
   * `POST /images/create`: pulls `repository:tag` (or `repository@digest`) and answers the
   * progress stream of JSON messages. The deadline covers the Engine's first answer (it resolves
   * the manifest first); the pull then lasts until the stream ends or `signal` aborts, and the
   * daemon stops a pull nobody waits for.
   */
  async pullImage(
    repository: string,
    tagOrDigest: string,
    auth: EngineAuth | undefined,
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream> {
    return this.openStream(
      {
        path: '/images/create?',
        method: 'POST',
        options: { fromImage: repository, tag: tagOrDigest },
        isStream: true,
        statusCodes: { 200: true, 401: 'unauthorized', 404: 'not found', 500: 'server error' },
        ...(auth !== undefined ? { authconfig: auth } : {}),
      },
      signal,
    );
  }

  /**
   * `POST /images/{name}/push`: pushes one tag of a local repository and answers the progress
   * stream. The Engine wants the registry's credentials even when there are none (then `{}`).
   */
  async pushImage(
    repository: string,
    tag: string,
    auth: EngineAuth | undefined,
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream> {
    return this.openStream(
      {
        path: `/images/${encodeURIComponent(repository)}/push?`,
        method: 'POST',
        options: { tag },
        isStream: true,
        statusCodes: { 200: true, 401: 'unauthorized', 404: 'no such image', 500: 'server error' },
        authconfig: auth ?? {},
      },
      signal,
    );
  }

  /** `/events` for one container only (its start, die, destroy, …), until `signal` aborts. */
  async containerEvents(id: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    return this.openStream(
      {
        path: '/events?',
        method: 'GET',
        options: { filters: JSON.stringify({ type: ['container'], container: [id] }) },
        isStream: true,
        statusCodes: { 200: true, 500: 'server error' },
      },
      signal,
    );
  }

  /**
   * Container `/events` matching Engine filters (`{ label: ['k=v'] }`, `{ container: [id] }`),
   * until `signal` aborts.
   */
  async containerEventsWhere(
    filters: Record<string, string[]>,
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream> {
    return this.openStream(
      {
        path: '/events?',
        method: 'GET',
        options: { filters: JSON.stringify({ ...filters, type: ['container'] }) },
        isStream: true,
        statusCodes: { 200: true, 500: 'server error' },
      },
      signal,
    );
  }

  /**
   * `GET /containers/{id}/stats?stream=true`: one JSON sample about every second until `signal`
   * aborts. A stopped container gets zeroed samples (see stats/statsMath.ts), not an end.
   */
  async containerStats(id: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
    return this.openStream(
      {
        path: `/containers/${encodeURIComponent(id)}/stats?`,
        method: 'GET',
        options: { stream: true },
        isStream: true,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
      },
      signal,
    );
  }

  /**
   * A request whose answer is a long-lived stream: the deadline covers the answer only; the
   * caller's signal destroys the stream at any time.
   */
  private async openStream<T extends NodeJS.ReadableStream>(
    request: ModemRequest,
    signal?: AbortSignal,
  ): Promise<T> {
    const controller = new AbortController();
    const stream = await this.call((abortSignal) => {
      const onDeadline = (): void => controller.abort(abortSignal.reason);
      abortSignal.addEventListener('abort', onDeadline, { once: true });
      return this.dialModem<T>(request, controller.signal).finally(() =>
        abortSignal.removeEventListener('abort', onDeadline),
      );
    }, signal);
    const end = (): void => {
      (stream as unknown as { destroy?: () => void }).destroy?.();
    };
    if (signal?.aborted) {
      end();
    } else if (signal !== undefined) {
      signal.addEventListener('abort', end, { once: true });
      stream.on('close', () => signal.removeEventListener('abort', end));
    }
    return stream;
  }

  /** Any request through docker-modem, for calls dockerode does not expose with a signal. */
  private dialModem<T = unknown>(request: ModemRequest, signal: AbortSignal): Promise<T> {
    const modem = (this.docker as unknown as { modem: { dial: ModemDial } }).modem;
    return new Promise<T>((resolve, reject) => {
      modem.dial({ ...request, abortSignal: signal }, (err, data) =>
        err ? reject(err) : resolve(data as T),
      );
    });
  }

  /** A GET through docker-modem, for endpoints where dockerode passes no AbortSignal. */
  private get<T>(
    path: string,
    query: Record<string, unknown>,
    signal: AbortSignal,
    isStream = false,
  ): Promise<T> {
    const modem = (this.docker as unknown as { modem: Modem }).modem;
    return new Promise<T>((resolve, reject) => {
      modem.dial(
        {
          path: `${path}?`,
          method: 'GET',
          options: { ...query },
          abortSignal: signal,
          isStream,
          statusCodes: { 200: true, 404: 'not found', 500: 'server error' },
        },
        (err, data) => (err ? reject(err) : resolve(data as T)),
      );
    });
  }

  /** Like `call`, with the Engine's 404 as undefined. */
  private async callOrMissing<T>(
    run: (signal: AbortSignal) => Promise<T>,
    outer?: AbortSignal,
  ): Promise<T | undefined> {
    try {
      return await this.call(run, outer);
    } catch (err) {
      if (statusCode(err) === 404) {
        return undefined;
      }
      throw err;
    }
  }

  /** Runs one Engine call with the client's deadline and the caller's cancellation. */
  private async call<T>(
    run: (signal: AbortSignal) => Promise<T>,
    outer?: AbortSignal,
    deadlineMs = this.timeoutMs,
  ): Promise<T> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(outer?.reason);
    // A signal that fired before the call never fires again: abort at once rather than run.
    if (outer?.aborted === true) {
      controller.abort(outer.reason);
    }
    outer?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, deadlineMs);
    try {
      return await run(controller.signal);
    } catch (err) {
      if (timedOut) {
        throw new DockerTimeoutError(`no answer within ${deadlineMs} ms`);
      }
      throw err;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }
}

/** The deadline of calls whose work grows with the host (prune, commit, disk usage). */
const longCallMs = 10 * 60_000;

/** Engine filters, as `{"label": ["a=b"], "until": ["24h"]}`. */
export type PruneFilters = Record<string, string[]>;

/** What a prune removed and how many bytes it gave back. */
export interface PruneResult {
  /** Ids (containers, images, networks, build cache) or names (volumes). */
  deleted: string[];
  spaceReclaimed: number;
}

/** The processes of a container, in `ps` columns. */
export interface ContainerTop {
  titles: string[];
  processes: string[][];
}

/** One layer of an image's history. */
export interface ImageLayer {
  /** The image id of the layer, or `<missing>` for layers built elsewhere. */
  id: string;
  /** Unix seconds. */
  created: number;
  createdBy: string;
  size: number;
  tags: string[];
  comment: string;
}

/** One object in a disk-usage category. */
export interface DiskUsageItem {
  name: string;
  size: number;
  /** In use by a container (or, for the build cache, by a build). */
  active: boolean;
}

/** One category of `/system/df`. */
export interface DiskUsageCategory {
  count: number;
  active: number;
  size: number;
  reclaimable: number;
  items: DiskUsageItem[];
}

/** What `/system/df` says, summed the way `docker system df` sums it. */
export interface DiskUsage {
  images: DiskUsageCategory;
  containers: DiskUsageCategory;
  volumes: DiskUsageCategory;
  buildCache: DiskUsageCategory;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function numberOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function rowsOf(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];
}

function category(items: DiskUsageItem[], size: number, reclaimable: number): DiskUsageCategory {
  return {
    count: items.length,
    active: items.filter((i) => i.active).length,
    size,
    reclaimable: Math.max(0, reclaimable),
    items,
  };
}

/** Sums `/system/df`: reclaimable images are the layers no container's image holds. */
export function toDiskUsage(raw: Json): DiskUsage {
  const images = rowsOf(raw.Images).map((i) => {
    const tags = Array.isArray(i.RepoTags)
      ? i.RepoTags.filter((t): t is string => typeof t === 'string')
      : [];
    const name = tags.find((t) => t !== '<none>:<none>') ?? textOf(i.Id);
    return {
      name,
      size: numberOf(i.Size),
      shared: Math.max(0, numberOf(i.SharedSize)),
      active: numberOf(i.Containers) > 0,
    };
  });
  const layers = numberOf(raw.LayersSize);
  const usedByContainers = images.filter((i) => i.active).reduce((sum, i) => sum + i.size - i.shared, 0);
  const containers = rowsOf(raw.Containers).map((c) => {
    const names = Array.isArray(c.Names) ? c.Names : [];
    const name = typeof names[0] === 'string' ? names[0].replace(/^\//, '') : textOf(c.Id);
    const state = typeof c.State === 'string' ? c.State : '';
    return {
      name,
      size: Math.max(0, numberOf(c.SizeRw)),
      active: ['running', 'paused', 'restarting'].includes(state),
    };
  });
  const volumes = rowsOf(raw.Volumes).map((v) => {
    const usage = typeof v.UsageData === 'object' && v.UsageData !== null ? (v.UsageData as Json) : {};
    return {
      name: textOf(v.Name),
      size: Math.max(0, numberOf(usage.Size)),
      active: numberOf(usage.RefCount) > 0,
    };
  });
  const cache = rowsOf(raw.BuildCache).map((b) => ({
    name: `${textOf(b.ID)}${typeof b.Description === 'string' && b.Description !== '' ? ` ${b.Description}` : ''}`,
    size: numberOf(b.Size),
    active: b.InUse === true,
    shared: b.Shared === true,
  }));
  const sum = (items: readonly { size: number }[]): number => items.reduce((s, i) => s + i.size, 0);
  return {
    images: category(
      images.map(({ name, size, active }) => ({ name, size, active })),
      layers,
      layers - usedByContainers,
    ),
    containers: category(containers, sum(containers), sum(containers.filter((c) => !c.active))),
    volumes: category(volumes, sum(volumes), sum(volumes.filter((v) => !v.active))),
    buildCache: category(
      cache.map(({ name, size, active }) => ({ name, size, active })),
      sum(cache.filter((c) => !c.shared)),
      sum(cache.filter((c) => !c.shared && !c.active)),
    ),
  };
}

/** A prune answer: the list under `field` (strings, or `{Deleted, Untagged}` rows for images). */
export function toPruneResult(raw: Json, field: string): PruneResult {
  const list = Array.isArray(raw[field]) ? (raw[field] as unknown[]) : [];
  const deleted = list
    .map((item) => {
      if (typeof item === 'string') {
        return item;
      }
      const row = typeof item === 'object' && item !== null ? (item as Json) : {};
      return typeof row.Deleted === 'string'
        ? row.Deleted
        : typeof row.Untagged === 'string'
          ? row.Untagged
          : '';
    })
    .filter((id) => id !== '');
  return { deleted, spaceReclaimed: numberOf(raw.SpaceReclaimed) };
}

/** Reads a stream of JSON objects (one per line, or back to back) to its end. */
async function readJsonLines(stream: NodeJS.ReadableStream): Promise<Json[]> {
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  }
  const out: Json[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') {
      continue;
    }
    try {
      const value: unknown = JSON.parse(trimmed);
      if (typeof value === 'object' && value !== null) {
        out.push(value as Json);
      }
    } catch {
      out.push({ stream: trimmed });
    }
  }
  return out;
}

/** Registry credentials as the Engine takes them in `X-Registry-Auth`. */
export interface EngineAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

/** A terminal's size in character cells. */
export interface TerminalSize {
  rows: number;
  columns: number;
}

/** A process to run in a container through the exec API. */
export interface ExecSpec {
  cmd: readonly string[];
  tty: boolean;
  stdin: boolean;
  env?: readonly string[];
  workingDir?: string;
  user?: string;
  /** The TTY's first size. */
  consoleSize?: TerminalSize;
}

/** An exec's state: `exitCode` is set once it has ended. */
export interface ExecState {
  running: boolean;
  exitCode: number | undefined;
}

/** Which logs to read. */
export interface LogsOptions {
  follow: boolean;
  timestamps: boolean;
  /** Lines from the end, or `all` (the default). */
  tail?: number | 'all';
  /** `seconds[.nanoseconds]` since the epoch, a duration back from now (`10m`) or a date. */
  since?: string;
}

/** One container's process as the terminals see it (from inspect). */
export interface ContainerProcess {
  id: string;
  name: string;
  /** `running`, `paused`, `exited`, `restarting`, `created`, `dead`, `removing`. */
  state: string;
  tty: boolean;
  openStdin: boolean;
  stdinOnce: boolean;
  exitCode: number | undefined;
  /** RFC 3339 time of the latest start, when it has started. */
  startedAt: string | undefined;
}

/** Maps the parts of `GET /containers/{id}/json` the terminals read. */
function toContainerProcess(raw: Json): ContainerProcess {
  const state = (raw.State ?? {}) as Json;
  const configuration = (raw.Config ?? {}) as Json;
  const name = typeof raw.Name === 'string' ? raw.Name.replace(/^\//, '') : '';
  return {
    id: typeof raw.Id === 'string' ? raw.Id : '',
    name,
    state: typeof state.Status === 'string' ? state.Status : 'unknown',
    tty: configuration.Tty === true,
    openStdin: configuration.OpenStdin === true,
    stdinOnce: configuration.StdinOnce === true,
    exitCode: typeof state.ExitCode === 'number' ? state.ExitCode : undefined,
    startedAt:
      typeof state.StartedAt === 'string' && !state.StartedAt.startsWith('0001-')
        ? state.StartedAt
        : undefined,
  };
}

/** A docker-modem request as the streaming calls send it. */
interface ModemRequest {
  path: string;
  method: 'GET' | 'POST';
  options?: Record<string, unknown>;
  isStream?: boolean;
  hijack?: boolean;
  openStdin?: boolean;
  allowEmpty?: boolean;
  statusCodes: Record<number, boolean | string>;
  /** Sent as the `X-Registry-Auth` header (base64url JSON). */
  authconfig?: EngineAuth | Record<string, never>;
}

type ModemDial = (
  request: ModemRequest & { abortSignal: AbortSignal },
  callback: (err: Error | null, data: unknown) => void,
) => void;
