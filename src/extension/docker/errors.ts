import type { DockerEndpoint } from './endpoint';

/** Turns an Engine or transport error into a sentence a person can act on. */
export function describeDockerError(err: unknown, endpoint: DockerEndpoint): string {
  const where = endpoint.display;
  const code = errorCode(err);
  switch (code) {
    case 'ENOENT':
      return `Docker is not running at ${where}: the socket does not exist.`;
    case 'ECONNREFUSED':
      return `Docker is not running at ${where}: the connection was refused.`;
    case 'EACCES':
    case 'EPERM':
      return `Permission denied on ${where}. Add your user to the "docker" group (then log in again), or use a rootless Docker endpoint.`;
    case 'ETIMEDOUT':
    case 'ETIMEOUT':
      return `Docker at ${where} did not answer in time.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The Docker host in ${where} could not be found (DNS lookup failed).`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `The connection to Docker at ${where} was closed unexpectedly.`;
    default:
      break;
  }
  const status = statusCode(err);
  const detail = engineMessage(err);
  if (status === 404) {
    return `Not found: ${detail}`;
  }
  if (status === 409) {
    return `Conflict: ${detail}`;
  }
  if (status !== undefined) {
    return `Docker at ${where} answered ${status}: ${detail}`;
  }
  return `Docker at ${where}: ${detail}`;
}

function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    return typeof err.code === 'string' ? err.code : undefined;
  }
  return undefined;
}

/** The HTTP status of an Engine error, when the error carries one. */
export function statusCode(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    return typeof err.statusCode === 'number' ? err.statusCode : undefined;
  }
  return undefined;
}

/** The Engine's own message (JSON body `{"message": …}`) when there is one, else the error text. */
function engineMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'json' in err) {
    const json = err.json;
    if (typeof json === 'object' && json !== null && 'message' in json && typeof json.message === 'string') {
      return json.message;
    }
  }
  return err instanceof Error ? err.message : String(err);
}
