// Docker Hub's own REST API for what the V2 API does not offer there: the repositories of a
// namespace (`GET /v2/namespaces/<ns>/repositories`, pages with `next` links) and the login that
// lists private ones (`POST /v2/users/login` → a JWT sent as Bearer).
import type { RegistryCredential } from './credentials';
import type { TransportOptions } from './transport';
import { send } from './transport';

export const hubApiBase = 'https://hub.docker.com';

/** One repository of a namespace, as the listing describes it. */
export interface HubRepository {
  namespace: string;
  name: string;
  description: string;
  isPrivate: boolean;
  lastUpdated?: string;
  pullCount?: number;
  starCount?: number;
}

export interface HubPage {
  repositories: HubRepository[];
  /** The next page's URL, or undefined on the last. */
  next?: string;
  /** How many repositories the namespace has in all. */
  count: number;
}

/** A Hub API failure, worded without any secret. */
export class HubError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

const namespacePattern = /^[a-z0-9][a-z0-9_-]{0,254}$/;

/** Whether a string is a Docker Hub namespace (user or organization name). */
export function isHubNamespace(namespace: string): boolean {
  return namespacePattern.test(namespace);
}

/** The first page's URL of a namespace's repositories. */
export function hubRepositoriesUrl(namespace: string, pageSize: number, base = hubApiBase): URL {
  if (!isHubNamespace(namespace)) throw new HubError(`"${namespace}" is not a Docker Hub namespace`);
  const url = new URL(`/v2/namespaces/${namespace}/repositories`, base);
  url.searchParams.set('page_size', String(pageSize));
  url.searchParams.set('ordering', 'name');
  return url;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Reads one page of the listing; undefined when the body is not one. */
export function parseHubRepositoriesPage(body: string, namespace: string): HubPage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const page = record(json);
  if (page === undefined || !Array.isArray(page.results)) return undefined;
  const repositories: HubRepository[] = [];
  for (const item of page.results) {
    const r = record(item);
    if (r === undefined || typeof r.name !== 'string' || r.name === '') continue;
    const repository: HubRepository = {
      namespace: typeof r.namespace === 'string' && r.namespace !== '' ? r.namespace : namespace,
      name: r.name,
      description: typeof r.description === 'string' ? r.description : '',
      isPrivate: r.is_private === true,
    };
    if (typeof r.last_updated === 'string') repository.lastUpdated = r.last_updated;
    if (typeof r.pull_count === 'number') repository.pullCount = r.pull_count;
    if (typeof r.star_count === 'number') repository.starCount = r.star_count;
    repositories.push(repository);
  }
  const out: HubPage = {
    repositories,
    count: typeof page.count === 'number' ? page.count : repositories.length,
  };
  if (typeof page.next === 'string' && page.next !== '') out.next = page.next;
  return out;
}

export interface HubOptions extends TransportOptions {
  /** The API's origin; tests point it at a loopback server. */
  base?: string;
  pageSize?: number;
}

function hubDetail(body: Buffer): string {
  const json = record(safeParse(body.subarray(0, 16 * 1024).toString('utf8')));
  const detail = json?.detail ?? json?.message;
  return typeof detail === 'string' ? `: ${detail.slice(0, 200)}` : '';
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * One page of a namespace's repositories: the first, or the one `next` names (which must stay on
 * the API's origin). A token from hubLogin lists private repositories too.
 */
export async function hubRepositoriesPage(
  namespace: string,
  next: string | undefined,
  token: string | undefined,
  options: HubOptions = {},
  signal?: AbortSignal,
): Promise<HubPage> {
  const base = options.base ?? hubApiBase;
  const first = hubRepositoriesUrl(namespace, options.pageSize ?? 100, base);
  const url = next === undefined ? first : new URL(next);
  if (url.origin !== first.origin || url.pathname !== first.pathname) {
    throw new HubError(`the next page of ${namespace} points away from Docker Hub`);
  }
  const response = await send(
    {
      method: 'GET',
      url,
      headers: { accept: 'application/json' },
      authorization: token === undefined ? undefined : `Bearer ${token}`,
      signal,
    },
    options,
  );
  if (response.status === 404) throw new HubError(`Docker Hub has no namespace ${namespace}`, 404);
  if (response.status === 401 || response.status === 403) {
    throw new HubError(
      `Docker Hub refused the listing of ${namespace} (HTTP ${response.status})`,
      response.status,
    );
  }
  if (response.status !== 200) {
    throw new HubError(
      `Docker Hub answered HTTP ${response.status} for ${namespace}${hubDetail(response.body)}`,
      response.status,
    );
  }
  const page = parseHubRepositoriesPage(response.body.toString('utf8'), namespace);
  if (page === undefined) throw new HubError(`Docker Hub sent something other than a repository list`);
  return page;
}

/** Exchanges a user name and password (or access token) for the Hub API's JWT. */
export async function hubLogin(
  credential: RegistryCredential,
  options: HubOptions = {},
  signal?: AbortSignal,
): Promise<string> {
  const url = new URL('/v2/users/login', options.base ?? hubApiBase);
  const response = await send(
    {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: Buffer.from(JSON.stringify({ username: credential.username, password: credential.secret })),
      signal,
    },
    options,
  );
  if (response.status === 401 || response.status === 403) {
    throw new HubError(
      `Docker Hub rejected the credentials of ${credential.username} (from ${credential.source})`,
      response.status,
    );
  }
  const token = record(safeParse(response.body.toString('utf8')))?.token;
  if (response.status !== 200 || typeof token !== 'string' || token === '') {
    throw new HubError(`Docker Hub's login answered HTTP ${response.status}${hubDetail(response.body)}`);
  }
  return token;
}
