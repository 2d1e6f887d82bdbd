// FROM completion from registries: after `host/` the registry's repositories (its catalog), after
// `host/repo:` that repository's tags. Only registries the user knows (Docker's config.json, the
// setting, a Dockwright login) and loopback ones are asked, never a host merely typed. Answers are
// kept for a short while: the language server waits only briefly, so a slow first answer serves
// the next keystrokes; a failure is simply no entries.
import type { ImageEntry } from '../../shared/imageCompletion';
import { maxImagesPerAnswer } from '../../shared/imageCompletion';
import type { RegistryEntry } from './registryEntries';
import { providerOf, registryHostOf } from './registryEntries';
import { hostnameOf, isLoopbackHost } from './transport';
import type { ListPage } from './v2Client';

/** What a typed reference asks of a registry. */
export interface RegistryTarget {
  /** The host as typed, so answered names match what the editor filters on. */
  readonly typed: string;
  /** The host normalized (`docker.io` for Docker Hub's aliases). */
  readonly host: string;
  /** Set after `host/repo:`: the repository whose tags are wanted; else the catalog is. */
  readonly repository?: string;
}

/**
 * The registry a reference being typed names, as Docker reads it: a first component with a dot or
 * a port, or `localhost`, before a slash. Undefined when the reference names none.
 */
export function registryTargetOf(prefix: string): RegistryTarget | undefined {
  const slash = prefix.indexOf('/');
  if (slash <= 0) return undefined;
  const typed = prefix.slice(0, slash);
  if (!typed.includes('.') && !typed.includes(':') && typed !== 'localhost') return undefined;
  const host = registryHostOf(typed);
  if (host === undefined) return undefined;
  const rest = prefix.slice(slash + 1);
  const colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
  if (colon < 0) return { typed, host };
  return { typed, host, repository: rest.slice(0, colon) };
}

/** The listing calls completion makes on a registry's client. */
export interface RegistryLister {
  catalogPage(next?: string, signal?: AbortSignal): Promise<ListPage>;
  tagsPage(repository: string, next?: string, signal?: AbortSignal): Promise<ListPage>;
}

/** Where the registries, their logins and their clients come from (the Registries view's own). */
export interface RegistryImagesSource {
  /** The registries the user configured: Docker's config.json and the setting. */
  entries(): Promise<RegistryEntry[]>;
  /** Whether Dockwright holds a login of its own for a host. */
  hasOwnLogin(host: string): Promise<boolean>;
  client(entry: RegistryEntry): Promise<RegistryLister>;
}

export interface RegistryImagesOptions {
  /** How long a listing is reused. */
  readonly keepMs?: number;
  /** How long a failed listing counts as empty before the registry is asked again. */
  readonly failedMs?: number;
}

interface Cached {
  /** Infinity while the answer is on its way. */
  expires: number;
  readonly items: Promise<string[]>;
}

/** Reads pages until the list ends or holds `limit` items. */
async function collect(page: (next?: string) => Promise<ListPage>, limit: number): Promise<string[]> {
  const items: string[] = [];
  const seen = new Set<string>();
  let next: string | undefined;
  do {
    const answer = await page(next);
    items.push(...answer.items);
    next = answer.next;
    if (next !== undefined && seen.has(next)) break;
    if (next !== undefined) seen.add(next);
  } while (next !== undefined && items.length < limit);
  return items.slice(0, limit);
}

/** Registry repositories and tags for the language server's image request. */
export class RegistryImages {
  private readonly cache = new Map<string, Cached>();
  private readonly keepMs: number;
  private readonly failedMs: number;

  constructor(
    private readonly source: RegistryImagesSource,
    private readonly now: () => number = Date.now,
    options: RegistryImagesOptions = {},
  ) {
    this.keepMs = options.keepMs ?? 30_000;
    this.failedMs = options.failedMs ?? 10_000;
  }

  /** The entries for a reference being typed; none when it names no registry that may be asked. */
  async images(prefix: string): Promise<ImageEntry[]> {
    const target = registryTargetOf(prefix);
    if (target === undefined) return [];
    const entry = await this.entryFor(target.host);
    if (entry === undefined) return [];
    const registry = target.host;
    if (target.repository === undefined) {
      const repositories = await this.listed(`catalog ${registry}`, async () => {
        // Docker Hub has no catalog; its repositories are listed in the Registries view instead.
        if (entry.provider === 'dockerHub') return [];
        const client = await this.source.client(entry);
        return collect((next) => client.catalogPage(next), maxImagesPerAnswer);
      });
      return repositories.map((repository) => ({
        name: `${target.typed}/${repository}`,
        tags: [],
        registry,
      }));
    }
    const typedRepository = target.repository;
    // `docker.io/nginx` is `library/nginx` in the registry API.
    const repository =
      entry.provider === 'dockerHub' && !typedRepository.includes('/')
        ? `library/${typedRepository}`
        : typedRepository;
    const tags = await this.listed(`tags ${registry} ${repository}`, async () => {
      const client = await this.source.client(entry);
      return collect((next) => client.tagsPage(repository, next), maxImagesPerAnswer);
    });
    return tags.length === 0 ? [] : [{ name: `${target.typed}/${typedRepository}`, tags, registry }];
  }

  /** Forgets the listings of a host, or all of them (registries, logins or TLS options changed). */
  forget(host?: string): void {
    for (const key of [...this.cache.keys()]) {
      if (host === undefined || key.split(' ')[1] === host) this.cache.delete(key);
    }
  }

  /** The configured entry of a host, or a plain one for loopback hosts and Dockwright logins. */
  private async entryFor(host: string): Promise<RegistryEntry | undefined> {
    const configured = (await this.source.entries().catch(() => [])).find((e) => e.host === host);
    if (configured !== undefined) return configured;
    const known =
      isLoopbackHost(hostnameOf(host)) || (await this.source.hasOwnLogin(host).catch(() => false));
    return known ? { host, provider: providerOf(host), insecure: false, sources: [] } : undefined;
  }

  /** A listing from the cache, or read now (shared by the requests that wait for it). */
  private listed(key: string, read: () => Promise<string[]>): Promise<string[]> {
    const now = this.now();
    for (const [k, cached] of this.cache) if (cached.expires <= now) this.cache.delete(k);
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit.items;
    const entry: Cached = {
      expires: Number.POSITIVE_INFINITY,
      items: read().then(
        (items) => {
          entry.expires = this.now() + this.keepMs;
          return items;
        },
        () => {
          entry.expires = this.now() + this.failedMs;
          return [];
        },
      ),
    };
    this.cache.set(key, entry);
    return entry.items;
  }
}
