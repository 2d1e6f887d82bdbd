// The Distribution (V2) API of one registry: ping, catalog, tags, manifests, config blobs, delete,
// answering auth challenges with Basic credentials or Bearer tokens.
import { createHash } from 'node:crypto';
import type { Challenge } from './authChallenge';
import {
  basicAuthorization,
  catalogScope,
  fetchBearerToken,
  parseChallenges,
  repositoryScope,
  TokenCache,
  TokenError,
} from './authChallenge';
import type { RegistryCredential } from './credentials';
import type { ImageConfigSummary, Manifest } from './manifests';
import { manifestAccept, parseImageConfig, parseManifest } from './manifests';
import { nextPageUrl } from './pagination';
import type { RegistryResponse, TransportOptions } from './transport';
import { registryBaseUrl, send } from './transport';

/** A registry's answer turned into words; names the registry, never carries a secret. */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly registry: string,
    readonly status?: number,
    readonly kind: 'auth' | 'notFound' | 'unsupported' | 'other' = 'other',
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface PingResult {
  /** The registry answered `/v2/` as a V2 registry. */
  ok: boolean;
  /** 200 without credentials: no auth needed for the API root. */
  anonymous: boolean;
  challenges: Challenge[];
}

export interface ManifestResult {
  digest: string;
  mediaType: string;
  manifest: Manifest;
  raw: string;
}

/** One page of a catalog or tag list. */
export interface ListPage {
  items: string[];
  /** The next page's URL (on the same registry), or undefined on the last page. */
  next?: string;
}

export interface RegistryClientOptions extends TransportOptions {
  /** Looked up lazily, on the first challenge. */
  credential?: () => Promise<RegistryCredential | undefined>;
  tokenCache?: TokenCache;
  /** Entries per catalog/tag page requested with `n`. */
  pageSize?: number;
}

type Method = 'GET' | 'HEAD' | 'DELETE';

// Checked before a name goes into a URL path, so `..` or `?` can never reach another endpoint.
const repositoryPattern = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const digestPattern = /^[a-z0-9][a-z0-9+._-]*:[A-Za-z0-9=_-]+$/;

/** Whether a string is a repository name the Distribution API accepts (lower case, `/`-separated). */
export function isRepositoryName(name: string): boolean {
  return (
    name.length <= 255 && repositoryPattern.test(name) && !name.split('/').some((part) => /^\.+$/.test(part))
  );
}

/** Whether a string is a tag or a digest. */
export function isReference(reference: string): boolean {
  return tagPattern.test(reference) || digestPattern.test(reference);
}

/** A client for one registry host (`host[:port]`). */
export class RegistryClient {
  readonly base: URL;
  private readonly tokens: TokenCache;
  private credentialPromise: Promise<RegistryCredential | undefined> | undefined;
  /** The scheme this registry challenged with last, so later requests answer it up front. */
  private challenge: Challenge | undefined;

  constructor(
    readonly host: string,
    private readonly options: RegistryClientOptions = {},
  ) {
    this.base = registryBaseUrl(host, options);
    this.tokens = options.tokenCache ?? new TokenCache();
  }

  private credential(): Promise<RegistryCredential | undefined> {
    this.credentialPromise ??= (this.options.credential ?? (() => Promise.resolve(undefined)))();
    return this.credentialPromise;
  }

  private async authorizationFor(challenge: Challenge, scope: string, signal?: AbortSignal): Promise<string> {
    const credential = await this.credential();
    if (challenge.scheme === 'basic') {
      if (credential === undefined || credential.secret === '') {
        throw new RegistryError(
          `${this.host} requires a login (Basic authentication)`,
          this.host,
          401,
          'auth',
        );
      }
      return basicAuthorization(credential);
    }
    if (challenge.scheme === 'bearer') {
      try {
        const token = await fetchBearerToken(
          challenge,
          scope,
          credential,
          this.tokens,
          this.host,
          this.options,
          signal,
        );
        return `Bearer ${token}`;
      } catch (err) {
        if (err instanceof TokenError) {
          const auth = err.status === 401 || err.status === 403;
          throw new RegistryError(err.message, this.host, err.status, auth ? 'auth' : 'other');
        }
        throw err;
      }
    }
    throw new RegistryError(
      `${this.host} asks for "${challenge.scheme}" authentication, which is not supported`,
      this.host,
      401,
      'unsupported',
    );
  }

  /** Picks the challenge we can answer: Bearer before Basic. */
  private static pick(challenges: Challenge[]): Challenge | undefined {
    return (
      challenges.find((c) => c.scheme === 'bearer') ??
      challenges.find((c) => c.scheme === 'basic') ??
      challenges[0]
    );
  }

  /**
   * Sends a request; on a 401 answers the challenge once (Basic or a Bearer token for `scope`)
   * and retries. A second 401 is a clear refusal naming the registry.
   */
  async request(
    method: Method,
    url: URL,
    scope: string,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<RegistryResponse> {
    let authorization =
      this.challenge === undefined ? undefined : await this.authorizationFor(this.challenge, scope, signal);
    for (let attempt = 0; ; attempt++) {
      const response = await send({ method, url, headers, authorization, signal }, this.options);
      if (response.status !== 401) return response;
      const challenge = RegistryClient.pick(
        parseChallenges(headerText(response.headers['www-authenticate'])),
      );
      if (attempt > 0 || challenge === undefined) {
        const credential = await this.credential();
        this.tokens.forget(credential?.username ?? '');
        throw new RegistryError(
          credential === undefined
            ? `${this.host} requires a login`
            : `${this.host} rejected the credentials of ${credential.username || 'the stored identity'} (from ${credential.source})`,
          this.host,
          401,
          'auth',
        );
      }
      this.challenge = challenge;
      authorization = await this.authorizationFor(challenge, scope, signal);
    }
  }

  private path(repository: string, rest: string, reference?: string): URL {
    if (!isRepositoryName(repository)) {
      throw new RegistryError(`"${repository}" is not a repository name`, this.host, undefined, 'other');
    }
    if (reference !== undefined && !isReference(reference)) {
      throw new RegistryError(`"${reference}" is not a tag or digest`, this.host, undefined, 'other');
    }
    return new URL(`/v2/${repository}/${rest}${reference ?? ''}`, this.base);
  }

  /** `GET /v2/` without credentials: whether this is a V2 registry and how it challenges. */
  async ping(signal?: AbortSignal): Promise<PingResult> {
    const response = await send({ method: 'GET', url: new URL('/v2/', this.base), signal }, this.options);
    const challenges = parseChallenges(headerText(response.headers['www-authenticate']));
    if (response.status === 401 && challenges.length > 0) this.challenge = RegistryClient.pick(challenges);
    return {
      ok: response.status === 200 || response.status === 401,
      anonymous: response.status === 200,
      challenges,
    };
  }

  /** `GET /v2/` with credentials: resolves when the registry accepts them, else a RegistryError. */
  async checkLogin(signal?: AbortSignal): Promise<void> {
    const response = await this.request('GET', new URL('/v2/', this.base), '', {}, signal);
    this.expectOk(response, 'the API root');
  }

  private expectOk(response: RegistryResponse, what: string): void {
    if (response.status >= 200 && response.status < 300) return;
    if (response.status === 404) {
      throw new RegistryError(`${this.host} has no ${what}`, this.host, 404, 'notFound');
    }
    if (response.status === 403) {
      throw new RegistryError(`${this.host} denied access to ${what}`, this.host, 403, 'auth');
    }
    const detail = registryErrorDetail(response.body);
    throw new RegistryError(
      `${this.host} answered HTTP ${response.status} for ${what}${detail === '' ? '' : `: ${detail}`}`,
      this.host,
      response.status,
    );
  }

  /** One catalog or tags page: its entries and the URL of the next page, if any. */
  private async page(
    url: URL,
    scope: string,
    field: 'repositories' | 'tags',
    what: string,
    signal?: AbortSignal,
  ): Promise<ListPage> {
    const response = await this.request('GET', url, scope, { accept: 'application/json' }, signal);
    this.expectOk(response, what);
    const items: string[] = [];
    const json = safeJson(response.body.toString('utf8'));
    const list = json?.[field];
    if (Array.isArray(list)) for (const item of list) if (typeof item === 'string') items.push(item);
    const next = nextPageUrl(headerText(response.headers.link), url);
    // A next page on another host would take our credentials elsewhere.
    return { items, next: next !== undefined && next.host === this.base.host ? next.href : undefined };
  }

  private async pages(
    first: URL,
    scope: string,
    field: 'repositories' | 'tags',
    what: string,
    signal?: AbortSignal,
  ): Promise<{ items: string[]; pages: number }> {
    const items: string[] = [];
    let url: URL | undefined = first;
    let pages = 0;
    const seen = new Set<string>();
    while (url !== undefined && !seen.has(url.href)) {
      seen.add(url.href);
      const page = await this.page(url, scope, field, what, signal);
      pages++;
      items.push(...page.items);
      url = page.next === undefined ? undefined : new URL(page.next);
    }
    return { items, pages };
  }

  private firstPage(url: URL): URL {
    if (this.options.pageSize !== undefined) url.searchParams.set('n', String(this.options.pageSize));
    return url;
  }

  /** Checks that a next-page URL a caller kept is one of this registry's own, for the same list. */
  private continuation(next: string, first: URL): URL {
    const url = new URL(next);
    if (url.host !== this.base.host || url.pathname !== first.pathname) {
      throw new RegistryError(`the next page is not on ${this.host}`, this.host);
    }
    return url;
  }

  /** One page of `/v2/_catalog`; pass the previous page's `next` for the one after it. */
  async catalogPage(next?: string, signal?: AbortSignal): Promise<ListPage> {
    const first = this.firstPage(new URL('/v2/_catalog', this.base));
    const url = next === undefined ? first : this.continuation(next, first);
    return this.page(url, catalogScope, 'repositories', 'catalog', signal);
  }

  /** One page of a repository's tags; pass the previous page's `next` for the one after it. */
  async tagsPage(repository: string, next?: string, signal?: AbortSignal): Promise<ListPage> {
    const first = this.firstPage(this.path(repository, 'tags/list'));
    const url = next === undefined ? first : this.continuation(next, first);
    return this.page(url, repositoryScope(repository), 'tags', `repository ${repository}`, signal);
  }

  /** Every repository of `/v2/_catalog`, following `Link` pages. */
  async catalog(signal?: AbortSignal): Promise<{ repositories: string[]; pages: number }> {
    const url = this.firstPage(new URL('/v2/_catalog', this.base));
    const { items, pages } = await this.pages(url, catalogScope, 'repositories', 'catalog', signal);
    return { repositories: items, pages };
  }

  /** Every tag of a repository, following `Link` pages. */
  async tags(repository: string, signal?: AbortSignal): Promise<{ tags: string[]; pages: number }> {
    const url = this.firstPage(this.path(repository, 'tags/list'));
    const { items, pages } = await this.pages(
      url,
      repositoryScope(repository),
      'tags',
      `repository ${repository}`,
      signal,
    );
    return { tags: items, pages };
  }

  /** A manifest by tag or digest, with the digest the registry computed. */
  async manifest(repository: string, reference: string, signal?: AbortSignal): Promise<ManifestResult> {
    const url = this.path(repository, 'manifests/', reference);
    const response = await this.request(
      'GET',
      url,
      repositoryScope(repository),
      { accept: manifestAccept },
      signal,
    );
    this.expectOk(response, `manifest ${repository}:${reference}`);
    const raw = response.body.toString('utf8');
    const contentType = headerText(response.headers['content-type']);
    const manifest = parseManifest(raw, contentType);
    if (manifest === undefined) {
      throw new RegistryError(
        `${this.host} sent something other than a manifest for ${repository}:${reference}`,
        this.host,
      );
    }
    const digest = headerText(response.headers['docker-content-digest']) || sha256Digest(response.body);
    return { digest, mediaType: manifest.mediaType, manifest, raw };
  }

  /** `HEAD` of a manifest: its digest without the body. */
  async digest(repository: string, reference: string, signal?: AbortSignal): Promise<string> {
    const url = this.path(repository, 'manifests/', reference);
    const response = await this.request(
      'HEAD',
      url,
      repositoryScope(repository),
      { accept: manifestAccept },
      signal,
    );
    this.expectOk(response, `manifest ${repository}:${reference}`);
    const digest = headerText(response.headers['docker-content-digest']);
    if (digest !== '') return digest;
    return (await this.manifest(repository, reference, signal)).digest;
  }

  /** The image config blob of a manifest, summarized (created, os/arch, labels). */
  async config(repository: string, digest: string, signal?: AbortSignal): Promise<ImageConfigSummary> {
    const url = this.path(repository, 'blobs/', digest);
    const response = await this.request('GET', url, repositoryScope(repository), {}, signal);
    this.expectOk(response, `blob ${digest}`);
    return parseImageConfig(response.body.toString('utf8'));
  }

  /**
   * Deletes a manifest by digest. Registries without deletion enabled answer 405 (or
   * UNSUPPORTED), which becomes an error saying so.
   */
  async deleteManifest(repository: string, digest: string, signal?: AbortSignal): Promise<void> {
    const url = this.path(repository, 'manifests/', digest);
    const response = await this.request('DELETE', url, repositoryScope(repository, ['delete']), {}, signal);
    if (response.status === 405 || /UNSUPPORTED/.test(response.body.toString('utf8'))) {
      throw new RegistryError(
        `${this.host} does not allow deleting images (deletion is disabled in its configuration)`,
        this.host,
        response.status,
        'unsupported',
      );
    }
    this.expectOk(response, `manifest ${repository}@${digest}`);
  }
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const json = JSON.parse(text) as unknown;
    return typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The first `errors[].message` of a Distribution error body, cut short. */
export function registryErrorDetail(body: Buffer): string {
  const json = safeJson(body.subarray(0, 64 * 1024).toString('utf8'));
  const errors = json?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return '';
  const first = errors[0] as Record<string, unknown>;
  const message =
    typeof first.message === 'string' ? first.message : typeof first.code === 'string' ? first.code : '';
  return message.slice(0, 200);
}

function sha256Digest(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}
