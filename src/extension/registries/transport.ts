// HTTP(S) to a registry: plain HTTP only for loopback and hosts the user marks insecure, verified
// TLS otherwise (with an optional extra CA), and redirects that never carry credentials elsewhere.
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';

export interface TransportOptions {
  /** Registry hosts (`host` or `host:port`) the user allows over plain HTTP. */
  insecureHosts?: readonly string[];
  /** PEM of an extra CA to trust besides Node's bundled ones. */
  extraCa?: string | Buffer;
  /** Per-request deadline in milliseconds. */
  timeoutMs?: number;
}

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'DELETE' | 'PUT' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  /** Sent only to `url`'s own host; dropped when a redirect leads to another host. */
  authorization?: string;
  body?: Buffer;
  signal?: AbortSignal;
}

export interface RegistryResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Where the answer finally came from, after redirects. */
  url: URL;
}

const maxRedirects = 5;
const maxBodyBytes = 64 * 1024 * 1024;

/** Loopback hosts are always spoken to over plain HTTP, as Docker does. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** Splits `host[:port]` (brackets allowed for IPv6) into its hostname. */
export function hostnameOf(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(1, end);
  }
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** Whether a registry host is spoken to over plain HTTP. */
export function usesPlainHttp(host: string, options: TransportOptions = {}): boolean {
  const lower = host.toLowerCase();
  if (isLoopbackHost(hostnameOf(lower))) return true;
  return (options.insecureHosts ?? []).some((h) => {
    const marked = h.trim().toLowerCase();
    return marked === lower || marked === hostnameOf(lower);
  });
}

/** The base URL (`http://host/` or `https://host/`) of a registry given as `host[:port]`. */
export function registryBaseUrl(host: string, options: TransportOptions = {}): URL {
  const scheme = usesPlainHttp(host, options) ? 'http' : 'https';
  return new URL(`${scheme}://${host}/`);
}

/** Whether a URL may be fetched: plain HTTP only to loopback and insecure hosts. */
function allowedScheme(url: URL, options: TransportOptions): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && usesPlainHttp(url.host, options);
}

/** An error of the transport itself, before any HTTP status. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Node's codes for a server certificate no trusted CA signed. */
const untrustedCertificate = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** Turns a socket or TLS failure into a sentence that names the host and a way forward. */
export function describeTransportFailure(err: NodeJS.ErrnoException, url: URL): Error {
  if (err instanceof TransportError) return err;
  const code = err.code ?? '';
  const host = url.host;
  if (untrustedCertificate.has(code)) {
    return new TransportError(
      `the TLS certificate of ${host} is not signed by a trusted CA (${code}): add its CA certificate as the extra CA file, or mark the host insecure`,
      code,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new TransportError(`the TLS certificate of ${host} is for another host name`, code);
  }
  if (code === 'CERT_HAS_EXPIRED')
    return new TransportError(`the TLS certificate of ${host} has expired`, code);
  if (code === 'ECONNREFUSED') return new TransportError(`${host} refused the connection`, code);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new TransportError(`${url.hostname} could not be resolved`, code);
  if (code === 'ABORT_ERR') return new TransportError(`the request to ${host} was cancelled`, code);
  return new TransportError(`${host}: ${err.message}`, code === '' ? undefined : code);
}

function once(request: RegistryRequest, authorization: string | undefined, options: TransportOptions) {
  return new Promise<RegistryResponse>((resolve, reject) => {
    const url = request.url;
    const headers: Record<string, string> = { 'user-agent': 'dockwright', ...request.headers };
    if (authorization !== undefined) headers.authorization = authorization;
    if (request.body !== undefined) headers['content-length'] = String(request.body.length);
    const common: http.RequestOptions = {
      method: request.method,
      headers,
      signal: request.signal,
      timeout: options.timeoutMs ?? 30_000,
    };
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          res.destroy(new TransportError(`${url.host} sent more than ${maxBodyBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url }),
      );
    };
    const req =
      url.protocol === 'https:'
        ? https.request(
            url,
            {
              ...common,
              // Node's CAs plus the user's extra one; verification stays on.
              ca:
                options.extraCa === undefined
                  ? undefined
                  : [...tls.rootCertificates, options.extraCa.toString()],
              rejectUnauthorized: true,
            },
            onResponse,
          )
        : http.request(url, common, onResponse);
    req.on('timeout', () =>
      req.destroy(new TransportError(`${url.host} did not answer in time`, 'ETIMEDOUT')),
    );
    req.on('error', (err: NodeJS.ErrnoException) => reject(describeTransportFailure(err, url)));
    req.end(request.body);
  });
}

/**
 * Sends one request, following redirects. The Authorization header goes only to the host of the
 * original URL: a redirect to another host (a blob store, a CDN) is followed without it.
 */
export async function send(
  request: RegistryRequest,
  options: TransportOptions = {},
): Promise<RegistryResponse> {
  const origin = request.url.host.toLowerCase();
  let current = request;
  for (let hop = 0; ; hop++) {
    if (!allowedScheme(current.url, options)) {
      throw new TransportError(
        `refusing plain HTTP to ${current.url.host}: only loopback hosts and hosts marked insecure are reached without TLS`,
      );
    }
    const sameHost = current.url.host.toLowerCase() === origin;
    const response = await once(current, sameHost ? request.authorization : undefined, options);
    const location = response.headers.location;
    if (![301, 302, 303, 307, 308].includes(response.status) || location === undefined) return response;
    if (hop >= maxRedirects) throw new TransportError(`too many redirects from ${request.url.host}`);
    const next = new URL(location, current.url);
    const method = response.status === 303 && current.method !== 'HEAD' ? 'GET' : current.method;
    current = { ...current, url: next, method, body: method === 'GET' ? undefined : current.body };
  }
}
