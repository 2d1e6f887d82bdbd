// Where the Docker Engine is, resolved from explicit inputs (never by mutating process.env).

/** How an endpoint was chosen, shown to the user when it cannot be reached. */
export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'default';

/** A Docker Engine endpoint in a form independent of any client library. */
export type DockerEndpoint =
  | { kind: 'unix'; socketPath: string; source: EndpointSource; display: string }
  | { kind: 'npipe'; socketPath: string; source: EndpointSource; display: string }
  | {
      kind: 'tcp';
      host: string;
      port: number;
      tls: { verify: boolean; certPath?: string } | undefined;
      source: EndpointSource;
      display: string;
    }
  | { kind: 'ssh'; host: string; port: number; username?: string; source: EndpointSource; display: string };

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
