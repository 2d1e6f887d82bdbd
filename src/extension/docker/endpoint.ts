// Where the Docker Engine is, resolved from explicit inputs (never by mutating process.env).
import type { StoreReader } from './contextStore';
import { defaultContextName, dockerConfigDir, readContext, readCurrentContext } from './contextStore';

/** How an endpoint was chosen, shown to the user when it cannot be reached. */
export type EndpointSource =
  'setting' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'window' | 'config' | 'context' | 'default';

/** What every endpoint carries besides its transport. */
interface EndpointCommon {
  source: EndpointSource;
  /** The host as written (`unix:///…`, `tcp://…`), shown to the user. */
  display: string;
  /** The context it was read from, when it came from the context store. */
  context?: string;
}

/** TLS for a TCP endpoint: whether to verify the server, and where ca/cert/key.pem live. */
export interface EndpointTls {
  verify: boolean;
  certPath?: string;
}

/** A Docker Engine endpoint in a form independent of any client library. */
export type DockerEndpoint =
  | (EndpointCommon & { kind: 'unix'; socketPath: string })
  | (EndpointCommon & { kind: 'npipe'; socketPath: string })
  | (EndpointCommon & { kind: 'tcp'; host: string; port: number; tls: EndpointTls | undefined })
  | (EndpointCommon & { kind: 'ssh'; host: string; port: number; username?: string });

/** What endpoint resolution reads: the setting, the environment and the platform. */
export interface EndpointInputs {
  setting: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
}

/** Thrown for a host string that cannot name a Docker endpoint. */
export class EndpointError extends Error {}

const defaultUnixSocket = '/var/run/docker.sock';
const defaultPipe = '//./pipe/docker_engine';

/** Resolves the endpoint: the setting, then `DOCKER_HOST`, then the platform's default socket. */
export function resolveEndpoint(inputs: EndpointInputs): DockerEndpoint {
  if (inputs.setting !== '') {
    return parseHost(inputs.setting, 'setting', inputs.env);
  }
  const envHost = inputs.env.DOCKER_HOST?.trim();
  if (envHost) {
    return parseHost(envHost, 'DOCKER_HOST', inputs.env);
  }
  if (inputs.platform === 'win32') {
    return { kind: 'npipe', socketPath: defaultPipe, source: 'default', display: `npipe://${defaultPipe}` };
  }
  return {
    kind: 'unix',
    socketPath: defaultUnixSocket,
    source: 'default',
    display: `unix://${defaultUnixSocket}`,
  };
}

/** What the CLI-like resolution reads: settings, environment, the window's choice, the store. */
export interface ResolutionInputs extends EndpointInputs {
  /** The home folder, for `~/.docker`. */
  home: string;
  /** A context chosen for this window only; beats everything but an explicit host setting. */
  windowContext?: string;
  reader: StoreReader;
}

/**
 * Resolves the endpoint the way the Docker CLI does: the setting, the window's context, then
 * `DOCKER_HOST`, `DOCKER_CONTEXT`, `currentContext` in config.json (read from the context store),
 * and finally the platform's default socket.
 */
export async function resolveDockerEndpoint(inputs: ResolutionInputs): Promise<DockerEndpoint> {
  if (inputs.setting !== '') {
    return parseHost(inputs.setting, 'setting', tlsEnv(inputs));
  }
  if (inputs.windowContext !== undefined && inputs.windowContext !== '') {
    return resolveContext(inputs.windowContext, 'window', inputs);
  }
  const envHost = inputs.env.DOCKER_HOST?.trim();
  if (envHost) {
    return parseHost(envHost, 'DOCKER_HOST', tlsEnv(inputs));
  }
  const envContext = inputs.env.DOCKER_CONTEXT?.trim();
  if (envContext) {
    return resolveContext(envContext, 'DOCKER_CONTEXT', inputs);
  }
  const configDir = dockerConfigDir(inputs.env, inputs.home);
  const current = await readCurrentContext(configDir, inputs.reader);
  if (current !== undefined) {
    return resolveContext(current, 'config', inputs);
  }
  return platformDefault(inputs.platform);
}

/**
 * The context this window uses, as `docker context ls` would mark it (the window's choice first),
 * or undefined when an explicit host setting bypasses contexts.
 */
export async function currentContextName(inputs: ResolutionInputs): Promise<string | undefined> {
  if (inputs.setting !== '') {
    return undefined;
  }
  if (inputs.windowContext !== undefined && inputs.windowContext !== '') {
    return inputs.windowContext;
  }
  if (inputs.env.DOCKER_HOST?.trim()) {
    return defaultContextName;
  }
  const envContext = inputs.env.DOCKER_CONTEXT?.trim();
  if (envContext) {
    return envContext;
  }
  const current = await readCurrentContext(dockerConfigDir(inputs.env, inputs.home), inputs.reader);
  return current ?? defaultContextName;
}

/**
 * Resolves a context by name: `default` is DOCKER_HOST or the default socket; any other name is
 * read from the store, with its TLS material and SkipTLSVerify.
 */
export async function resolveContext(
  name: string,
  source: EndpointSource,
  inputs: ResolutionInputs,
): Promise<DockerEndpoint> {
  if (name === defaultContextName) {
    const envHost = inputs.env.DOCKER_HOST?.trim();
    const endpoint = envHost ? parseHost(envHost, source, tlsEnv(inputs)) : platformDefault(inputs.platform);
    return { ...endpoint, source, context: name };
  }
  const configDir = dockerConfigDir(inputs.env, inputs.home);
  const stored = await readContext(configDir, name, inputs.reader);
  if (stored === undefined) {
    throw new EndpointError(`The Docker context "${name}" does not exist in ${configDir}.`);
  }
  if (stored.host === undefined) {
    throw new EndpointError(`The Docker context "${name}" has no Docker endpoint.`);
  }
  const endpoint = parseHost(stored.host, source, {});
  if (endpoint.kind === 'tcp' && (stored.tlsPath !== undefined || stored.skipTlsVerify)) {
    const tls: EndpointTls = { verify: !stored.skipTlsVerify };
    if (stored.tlsPath !== undefined) {
      tls.certPath = stored.tlsPath;
    }
    return { ...endpoint, tls, context: name };
  }
  return { ...endpoint, context: name };
}

/** The environment TLS settings as the CLI applies them: DOCKER_CERT_PATH defaults to the config dir. */
function tlsEnv(inputs: ResolutionInputs): Readonly<Record<string, string | undefined>> {
  const env = inputs.env;
  if (isTruthyFlag(env.DOCKER_TLS_VERIFY) && !env.DOCKER_CERT_PATH) {
    return { ...env, DOCKER_CERT_PATH: dockerConfigDir(env, inputs.home) };
  }
  return env;
}

function platformDefault(platform: NodeJS.Platform): DockerEndpoint {
  if (platform === 'win32') {
    return { kind: 'npipe', socketPath: defaultPipe, source: 'default', display: `npipe://${defaultPipe}` };
  }
  return {
    kind: 'unix',
    socketPath: defaultUnixSocket,
    source: 'default',
    display: `unix://${defaultUnixSocket}`,
  };
}

/** Parses a Docker host string such as `unix:///run/docker.sock`, `tcp://h:2376` or `ssh://u@h`. */
export function parseHost(
  host: string,
  source: EndpointSource,
  env: Readonly<Record<string, string | undefined>> = {},
): DockerEndpoint {
  const text = host.trim();
  const scheme = /^([a-z]+):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new EndpointError(`"${text}" is not a Docker host: expected unix://, npipe://, tcp:// or ssh://`);
  }
  const rest = text.slice(scheme.length + 3);
  switch (scheme) {
    case 'unix': {
      if (rest === '') {
        throw new EndpointError(`"${text}" names no socket path`);
      }
      return { kind: 'unix', socketPath: rest, source, display: text };
    }
    case 'npipe': {
      const pipe = rest === '' ? defaultPipe : rest.replace(/\\/g, '/');
      return { kind: 'npipe', socketPath: pipe, source, display: text };
    }
    case 'tcp':
    case 'http':
    case 'https': {
      const url = parseUrl(text.replace(/^tcp:/i, 'http:'));
      const verify = isTruthyFlag(env.DOCKER_TLS_VERIFY);
      const tls =
        scheme === 'https' || verify
          ? { verify, ...(env.DOCKER_CERT_PATH ? { certPath: env.DOCKER_CERT_PATH } : {}) }
          : undefined;
      const port = url.port !== '' ? Number(url.port) : tls ? 2376 : 2375;
      return { kind: 'tcp', host: stripBrackets(url.hostname), port, tls, source, display: text };
    }
    case 'ssh': {
      const url = parseUrl(text);
      const port = url.port !== '' ? Number(url.port) : 22;
      const username = url.username !== '' ? decodeURIComponent(url.username) : undefined;
      return {
        kind: 'ssh',
        host: stripBrackets(url.hostname),
        port,
        ...(username !== undefined ? { username } : {}),
        source,
        display: text,
      };
    }
    default:
      throw new EndpointError(`"${text}" uses the unsupported scheme ${scheme}://`);
  }
}

function parseUrl(text: string): URL {
  try {
    const url = new URL(text);
    if (url.hostname === '') {
      throw new EndpointError(`"${text}" names no host`);
    }
    return url;
  } catch (err) {
    if (err instanceof EndpointError) {
      throw err;
    }
    throw new EndpointError(`"${text}" is not a valid Docker host address`);
  }
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Docker treats any non-empty DOCKER_TLS_VERIFY as "on". */
function isTruthyFlag(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
