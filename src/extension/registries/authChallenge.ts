// The registry auth challenge (`WWW-Authenticate`), Basic credentials and the Bearer token flow
// with a cache that keeps each token until shortly before it expires.
import type { RegistryCredential } from './credentials';
import type { TransportOptions } from './transport';
import { send } from './transport';

/** One challenge: its scheme (lower-cased) and parameters (names lower-cased). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

function isTokenChar(c: string): boolean {
  return !' \t,;="'.includes(c);
}

/**
 * Parses a `WWW-Authenticate` header into its challenges (RFC 7235). Malformed parts are skipped;
 * never throws and reads each character a bounded number of times.
 */
export function parseChallenges(header: string | undefined): Challenge[] {
  const out: Challenge[] = [];
  if (header === undefined) return out;
  const s = header;
  const n = s.length;
  let i = 0;
  const skipSpace = () => {
    while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const readToken = () => {
    const start = i;
    while (i < n && isTokenChar(s[i])) i++;
    return s.slice(start, i);
  };
  let current: Challenge | undefined;
  while (i < n) {
    skipSpace();
    if (s[i] === ',') {
      i++;
      continue;
    }
    const start = i;
    const token = readToken();
    if (token === '') {
      i++; // a stray character
      continue;
    }
    skipSpace();
    if (s[i] === '=' && current !== undefined) {
      // name=value parameter of the current challenge (token68 values end with '=' too, but
      // registries never send those).
      i++;
      skipSpace();
      let value = '';
      if (s[i] === '"') {
        i++;
        const parts: string[] = [];
        while (i < n && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < n) i++;
          parts.push(s[i]);
          i++;
        }
        i++;
        value = parts.join('');
      } else {
        value = readToken();
      }
      const name = token.toLowerCase();
      if (!(name in current.params)) current.params[name] = value;
      continue;
    }
    if (i === start) i++;
    current = { scheme: token.toLowerCase(), params: {} };
    out.push(current);
  }
  return out;
}

/** A Basic `Authorization` value. */
export function basicAuthorization(credential: RegistryCredential): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.secret}`).toString('base64')}`;
}

/** The scope a request needs: `repository:<name>:pull` (with `,push`/`,delete` when asked). */
export function repositoryScope(repository: string, actions: readonly string[] = ['pull']): string {
  return `repository:${repository}:${actions.join(',')}`;
}

export const catalogScope = 'registry:catalog:*';

/** A token server's refusal or failure, worded without any secret. */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Tokens are renewed this long before they expire, so a request never carries a stale one. */
const renewMarginMs = 10_000;
/** The Distribution spec's default lifetime when a token server does not say. */
const defaultLifetimeSeconds = 60;

/**
 * Bearer tokens by realm, service, scope and identity. Anonymous tokens are cached too (public
 * repositories on Docker Hub hand them out).
 */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly now: () => number = Date.now) {}

  private key(challenge: Challenge, scope: string, identity: string): string {
    return JSON.stringify([challenge.params.realm ?? '', challenge.params.service ?? '', scope, identity]);
  }

  /** A cached token that is still valid, or undefined. */
  get(challenge: Challenge, scope: string, identity: string): string | undefined {
    const key = this.key(challenge, scope, identity);
    const hit = this.tokens.get(key);
    if (hit === undefined) return undefined;
    if (hit.expiresAt - renewMarginMs <= this.now()) {
      this.tokens.delete(key);
      return undefined;
    }
    return hit.token;
  }

  set(challenge: Challenge, scope: string, identity: string, token: string, lifetimeSeconds: number): void {
    this.tokens.set(this.key(challenge, scope, identity), {
      token,
      expiresAt: this.now() + lifetimeSeconds * 1000,
    });
  }

  /** Forgets every token of an identity (after a logout or a rejected token). */
  forget(identity?: string): void {
    if (identity === undefined) {
      this.tokens.clear();
      return;
    }
    for (const key of [...this.tokens.keys()]) {
      const parsed = JSON.parse(key) as string[];
      if (parsed[3] === identity) this.tokens.delete(key);
    }
  }

  get size(): number {
    return this.tokens.size;
  }
}

/** What a token server's answer says: the token and how long it lives. */
export function readTokenResponse(body: string): { token: string; lifetimeSeconds: number } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const r = json as Record<string, unknown>;
  const token =
    typeof r.token === 'string' && r.token !== ''
      ? r.token
      : typeof r.access_token === 'string' && r.access_token !== ''
        ? r.access_token
        : undefined;
  if (token === undefined) return undefined;
  const expiresIn =
    typeof r.expires_in === 'number' && r.expires_in > 0 ? r.expires_in : defaultLifetimeSeconds;
  // Never trust a lifetime shorter than the spec's minimum.
  return { token, lifetimeSeconds: Math.max(expiresIn, defaultLifetimeSeconds) };
}

/**
 * Asks the challenge's realm for a token for `scope` (GET with service and scope, Basic
 * credentials when there are some, anonymous otherwise) and caches it.
 */
export async function fetchBearerToken(
  challenge: Challenge,
  scope: string,
  credential: RegistryCredential | undefined,
  cache: TokenCache,
  registry: string,
  options: TransportOptions = {},
  signal?: AbortSignal,
): Promise<string> {
  const identity = credential?.username ?? '';
  const cached = cache.get(challenge, scope, identity);
  if (cached !== undefined) return cached;
  const realm = challenge.params.realm;
  let url: URL;
  try {
    url = new URL(realm ?? '');
  } catch {
    throw new TokenError(`${registry} asked for a token but named no usable realm`);
  }
  if (challenge.params.service !== undefined) url.searchParams.set('service', challenge.params.service);
  for (const part of scope === '' ? [] : scope.split(' ')) url.searchParams.append('scope', part);
  if (credential?.identityToken === undefined && credential !== undefined) {
    url.searchParams.set('account', credential.username);
  }
  // An identity token (what `docker login` keeps for OAuth registries) is exchanged by POST.
  const response =
    credential?.identityToken !== undefined
      ? await send(
          {
            method: 'POST',
            url: new URL(url.origin + url.pathname),
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: Buffer.from(
              new URLSearchParams({
                grant_type: 'refresh_token',
                client_id: 'dockwright',
                refresh_token: credential.identityToken,
                service: challenge.params.service ?? '',
                scope,
              }).toString(),
            ),
            signal,
          },
          options,
        )
      : await send(
          {
            method: 'GET',
            url,
            headers: { accept: 'application/json' },
            authorization: credential === undefined ? undefined : basicAuthorization(credential),
            signal,
          },
          options,
        );
  if (response.status === 401 || response.status === 403) {
    throw new TokenError(
      credential === undefined
        ? `${registry} refused an anonymous token (HTTP ${response.status}): log in to this registry`
        : `${registry} refused the credentials of ${credential.username} (HTTP ${response.status})`,
      response.status,
    );
  }
  if (response.status !== 200) {
    throw new TokenError(`the token server of ${registry} answered HTTP ${response.status}`, response.status);
  }
  const parsed = readTokenResponse(response.body.toString('utf8'));
  if (parsed === undefined) throw new TokenError(`the token server of ${registry} sent no token`);
  cache.set(challenge, scope, identity, parsed.token, parsed.lifetimeSeconds);
  return parsed.token;
}
