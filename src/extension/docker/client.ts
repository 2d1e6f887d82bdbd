import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import Docker from 'dockerode';
import type { DockerEndpoint } from './endpoint';
import { statusCode } from './errors';
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
  private async call<T>(run: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
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
    }, this.timeoutMs);
    try {
      return await run(controller.signal);
    } catch (err) {
      if (timedOut) {
        throw new DockerTimeoutError(`no answer within ${this.timeoutMs} ms`);
      }
      throw err;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }
}
