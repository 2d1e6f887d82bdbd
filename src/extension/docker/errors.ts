import type { DockerEndpoint } from './endpoint';

/** Node's codes for a server certificate that no trusted CA signed. */
const untrustedServer = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

/** OpenSSL alerts a server sends when it rejects (or misses) our client certificate. */
const refusedClient = new Set([
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
]);

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
  const tls = describeTlsError(code, err, endpoint);
  if (tls !== undefined) {
    return tls;
  }
  const ssh = describeSshError(err, where);
  if (ssh !== undefined) {
    return ssh;
  }
  const status = statusCode(err);
  const detail = engineMessage(err).trim();
  const version = describeApiVersion(detail, where);
  if (version !== undefined) {
    return version;
  }
  if (status === 400 && /HTTP request to an HTTPS server/i.test(detail)) {
    return `Docker at ${where} expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or use a context with its TLS certificates.`;
  }
  if (status === 404) {
    return `Not found: ${detail}`;
  }
  if (status === 409) {
    const nameInUse = /container name "\/?([^"]+)" is already in use by container "([0-9a-f]+)"/i.exec(
      detail,
    );
    if (nameInUse !== null) {
      return `The name "${nameInUse[1]}" is already used by container ${(nameInUse[2] ?? '').slice(0, 12)}: choose another name, or rename or remove that container.`;
    }
    return `Conflict: ${detail}`;
  }
  if (status !== undefined) {
    return `Docker at ${where} answered ${status}: ${detail}`;
  }
  return `Docker at ${where}: ${detail}`;
}

/** Which certificate failed, and where its file is expected. */
function describeTlsError(
  code: string | undefined,
  err: unknown,
  endpoint: DockerEndpoint,
): string | undefined {
  if (code === undefined) {
    return undefined;
  }
  const where = endpoint.display;
  const certPath = endpoint.kind === 'tcp' ? endpoint.tls?.certPath : undefined;
  const file = (name: string): string => (certPath !== undefined ? `${certPath}/${name}` : name);
  if (untrustedServer.has(code)) {
    return `The server's certificate at ${where} is not signed by a CA we trust (${file('ca.pem')}): use the CA that issued the daemon's certificate.`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const reason = typeof err === 'object' && err !== null && 'reason' in err ? String(err.reason) : '';
    return `The server's certificate at ${where} does not name this host${reason !== '' ? ` (${reason})` : ''}: connect by a name or address the certificate lists.`;
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return `The server's certificate at ${where} has expired.`;
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return `The server's certificate at ${where} is not valid yet (check the clocks).`;
  }
  if (refusedClient.has(code)) {
    return `Docker at ${where} refused our client certificate (${file('cert.pem')} and ${file('key.pem')}): it is missing, expired or not signed by the CA the daemon trusts.`;
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return `Docker at ${where} does not speak TLS: use tcp:// without DOCKER_TLS_VERIFY, or the daemon's TLS port.`;
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return `The TLS handshake with Docker at ${where} failed: ${engineMessage(err).trim()}`;
  }
  return undefined;
}

/** The system ssh tunnel's own words, or the built-in SSH client's failure levels. */
function describeSshError(err: unknown, where: string): string | undefined {
  if (!(err instanceof Error)) {
    return undefined;
  }
  if (err.name === 'SshTunnelError') {
    return `Could not reach Docker at ${where} over SSH: ${err.message}`;
  }
  const level = 'level' in err && typeof err.level === 'string' ? err.level : undefined;
  if (level === 'client-authentication') {
    return `SSH refused the login to ${where}: no key was accepted. Load a key into ssh-agent (SSH_AUTH_SOCK) or set "dockwright.docker.ssh.identityFile".`;
  }
  if (level === 'agent') {
    return `The SSH agent could not be used for ${where} (${err.message}). Check SSH_AUTH_SOCK.`;
  }
  if (/Host denied \(verification failed\)/.test(err.message)) {
    return `SSH could not verify the host key of ${where}: it is not in known_hosts (or has changed). Connect once with \`ssh\` in a terminal to accept it.`;
  }
  if (level === 'client-timeout') {
    return `SSH to ${where} timed out during the handshake.`;
  }
  return undefined;
}

/** The Engine's answer when client and daemon API versions do not overlap. */
function describeApiVersion(detail: string, where: string): string | undefined {
  const tooNew = /client version ([\d.]+) is too new\. Maximum supported API version is (\d+\.\d+)/i.exec(
    detail,
  );
  if (tooNew !== null) {
    return `Docker at ${where} supports Engine API up to ${tooNew[2]}, but ${tooNew[1]} was requested: update Docker on that host.`;
  }
  const tooOld = /client version ([\d.]+) is too old\. Minimum supported API version is (\d+\.\d+)/i.exec(
    detail,
  );
  if (tooOld !== null) {
    return `Docker at ${where} needs Engine API ${tooOld[2]} or newer, but ${tooOld[1]} was requested.`;
  }
  return undefined;
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
    if (typeof json === 'string' && json !== '') {
      return json;
    }
  }
  return err instanceof Error ? err.message : String(err);
}
