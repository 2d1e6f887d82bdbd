// `docker run` through the Engine API: the answers of the Run flow turned into a create request,
// then start; a container whose start fails is removed again, so a failed run leaves nothing.
import type Docker from 'dockerode';
import { statusCode } from './errors';

/** A published port: `hostIp:hostPort` → `containerPort/protocol` (hostPort '' lets Docker choose). */
export interface PortMapping {
  readonly hostIp: string;
  readonly hostPort: string;
  readonly containerPort: string;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
}

/** What the Run flow asks; remembered per image. */
export interface RunAnswers {
  /** Container name; '' lets Docker choose one. */
  readonly name: string;
  readonly ports: readonly PortMapping[];
  /** `KEY=value` entries. */
  readonly env: readonly string[];
  /** Docker's bind syntax: `volume:/path[:ro]` or `/host/path:/path[:ro]`. */
  readonly binds: readonly string[];
  /** The command as arguments; empty keeps the image's. */
  readonly command: readonly string[];
  /** A network name; '' is the daemon's default (bridge). */
  readonly network: string;
  /** `--rm`: the daemon removes the container when it exits. */
  readonly autoRemove: boolean;
  /** A TTY and open stdin, for a terminal attached to the main process. */
  readonly interactive: boolean;
}

/** The create request for `image` with these answers. */
export function createSpec(image: string, answers: RunAnswers): Docker.ContainerCreateOptions {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of answers.ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.hostIp, HostPort: port.hostPort });
  }
  const hostConfig: Docker.HostConfig = {
    AutoRemove: answers.autoRemove,
    ...(answers.ports.length > 0 ? { PortBindings: bindings } : {}),
    ...(answers.binds.length > 0 ? { Binds: [...answers.binds] } : {}),
    ...(answers.network !== '' ? { NetworkMode: answers.network } : {}),
  };
  return {
    Image: image,
    ...(answers.name !== '' ? { name: answers.name } : {}),
    ...(answers.command.length > 0 ? { Cmd: [...answers.command] } : {}),
    ...(answers.env.length > 0 ? { Env: [...answers.env] } : {}),
    ...(answers.ports.length > 0 ? { ExposedPorts: exposed } : {}),
    ...(answers.interactive
      ? { Tty: true, OpenStdin: true, AttachStdin: true, AttachStdout: true, AttachStderr: true }
      : {}),
    HostConfig: hostConfig,
  };
}

/** The Engine calls a run makes (DockerClient has them). */
export interface RunEngine {
  createContainer(spec: Docker.ContainerCreateOptions, signal?: AbortSignal): Promise<string>;
  startContainer(id: string, signal?: AbortSignal): Promise<void>;
  removeContainer(
    id: string,
    options: { force?: boolean; volumes?: boolean },
    signal?: AbortSignal,
  ): Promise<void>;
}

/**
 * Creates and starts a container from `image`; returns its id. When the start fails (a port
 * taken, a bad bind), the created container is removed before the error is rethrown.
 */
export async function runContainer(
  engine: RunEngine,
  image: string,
  answers: RunAnswers,
  signal?: AbortSignal,
): Promise<string> {
  const id = await engine.createContainer(createSpec(image, answers), signal);
  try {
    await engine.startContainer(id, signal);
  } catch (err) {
    try {
      await engine.removeContainer(id, { force: true });
    } catch (cleanup) {
      // --rm may have removed it already.
      if (statusCode(cleanup) !== 404 && statusCode(cleanup) !== 409) {
        throw err;
      }
    }
    throw err;
  }
  return id;
}
