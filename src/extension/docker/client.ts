import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import Docker from 'dockerode';
import type { DockerEndpoint } from './endpoint';
import { statusCode } from './errors';
import { toContainer, toImage, toNetwork, toVersion, toVolume } from './mapping';
import type { ContainerSummary, DaemonVersion, ImageSummary, NetworkSummary, VolumeSummary } from './types';

type Json = Record<string, unknown>;

/** dockerode honours an AbortSignal on these calls, though its type definitions omit the option. */
interface SignalledCalls {
  ping(options: { abortSignal: AbortSignal }): Promise<unknown>;
  version(options: { abortSignal: AbortSignal }): Promise<Json>;
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

/** Builds dockerode options from an endpoint, reading TLS material when the endpoint asks for it. */
export async function dockerodeOptions(endpoint: DockerEndpoint): Promise<Docker.DockerOptions> {
  switch (endpoint.kind) {
    case 'unix':
    case 'npipe':
      return { socketPath: endpoint.socketPath };
    case 'ssh':
      return {
        protocol: 'ssh',
        host: endpoint.host,
        port: endpoint.port,
        ...(endpoint.username !== undefined ? { username: endpoint.username } : {}),
      };
    case 'tcp': {
      if (endpoint.tls === undefined) {
        return { protocol: 'http', host: endpoint.host, port: endpoint.port };
      }
      const certPath = endpoint.tls.certPath;
      const readPem = async (name: string): Promise<Buffer | undefined> =>
        certPath === undefined ? undefined : fs.readFile(path.join(certPath, name)).catch(() => undefined);
      const [ca, cert, key] = await Promise.all([readPem('ca.pem'), readPem('cert.pem'), readPem('key.pem')]);
      return {
        protocol: 'https',
        host: endpoint.host,
        port: endpoint.port,
        ...(ca ? { ca } : {}),
        ...(cert ? { cert } : {}),
        ...(key ? { key } : {}),
      };
    }
  }
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

  /** Creates a client for an endpoint; nothing is sent until the first call. */
  static async create(endpoint: DockerEndpoint, timeoutMs: number): Promise<DockerClient> {
    const options = await dockerodeOptions(endpoint);
    return new DockerClient(endpoint, new Docker(options), timeoutMs);
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

  /** Runs one Engine call with the client's deadline and the caller's cancellation. */
  private async call<T>(run: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(outer?.reason);
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
