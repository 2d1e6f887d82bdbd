// Which registries the Registries view shows: every host Docker's config.json knows, the extra
// ones from the settings, minus the ones the user removed; each with its provider and TLS options.
import { normalizeRegistryHost } from './credentials';

export type RegistryProvider = 'dockerHub' | 'ghcr' | 'generic';

/** Where a registry entry comes from (a host may come from several places). */
export type RegistrySource = 'docker' | 'setting';

/** One registry row of the view. */
export interface RegistryEntry {
  /** `host[:port]`, lower case; Docker Hub is `docker.io`. */
  host: string;
  provider: RegistryProvider;
  insecure: boolean;
  /** An extra CA certificate file for this registry's TLS. */
  caFile?: string;
  sources: RegistrySource[];
}

/** One entry of the `dockwright.registries.extra` setting. */
export interface ExtraRegistrySetting {
  url: string;
  insecure?: boolean;
  caFile?: string;
}

const hostPattern =
  /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/;

/**
 * The registry host a URL or address names (`https://Host:5000/v2/` → `host:5000`), or undefined
 * when it names none.
 */
export function registryHostOf(text: string): string | undefined {
  const host = normalizeRegistryHost(text);
  if (host === '' || !hostPattern.test(host)) return undefined;
  const port = /:(\d+)$/.exec(host)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  return host;
}

/** Docker Hub, GHCR or any other V2 registry. */
export function providerOf(host: string): RegistryProvider {
  if (host === 'docker.io') return 'dockerHub';
  if (host === 'ghcr.io') return 'ghcr';
  return 'generic';
}

/** The host the V2 API of a registry answers on (Docker Hub's is not `docker.io`). */
export function apiHostOf(host: string): string {
  return host === 'docker.io' ? 'registry-1.docker.io' : host;
}

/** What the user types before an image name to reach this registry (none for Docker Hub). */
export function referencePrefix(host: string): string {
  return host === 'docker.io' ? '' : `${host}/`;
}

/**
 * The view's registries: Docker's own hosts and the setting's, merged by host (the setting's TLS
 * options win), hidden ones left out, Docker Hub first and the rest by host.
 */
export function registryEntries(
  dockerHosts: readonly string[],
  extras: readonly ExtraRegistrySetting[],
  hidden: readonly string[],
): RegistryEntry[] {
  const byHost = new Map<string, RegistryEntry>();
  const hiddenSet = new Set(hidden.map((h) => registryHostOf(h) ?? h));
  const add = (host: string, source: RegistrySource, extra?: ExtraRegistrySetting) => {
    let entry = byHost.get(host);
    if (entry === undefined) {
      entry = { host, provider: providerOf(host), insecure: false, sources: [] };
      byHost.set(host, entry);
    }
    if (!entry.sources.includes(source)) entry.sources.push(source);
    if (extra !== undefined) {
      entry.insecure = extra.insecure === true;
      if (extra.caFile !== undefined && extra.caFile.trim() !== '') entry.caFile = extra.caFile.trim();
    }
  };
  for (const key of dockerHosts) {
    const host = registryHostOf(key);
    if (host !== undefined && !hiddenSet.has(host)) add(host, 'docker');
  }
  for (const extra of extras) {
    const host = registryHostOf(extra.url);
    if (host !== undefined) add(host, 'setting', extra);
  }
  return [...byHost.values()].sort((a, b) =>
    a.provider === 'dockerHub' ? -1 : b.provider === 'dockerHub' ? 1 : a.host.localeCompare(b.host),
  );
}

/** Reads the setting's value, keeping only well-formed entries. */
export function parseExtraRegistries(value: unknown): ExtraRegistrySetting[] {
  if (!Array.isArray(value)) return [];
  const out: ExtraRegistrySetting[] = [];
  for (const item of value) {
    const entry = typeof item === 'string' ? { url: item } : (item as Record<string, unknown> | null);
    if (entry === null || typeof entry !== 'object' || typeof entry.url !== 'string') continue;
    const parsed: ExtraRegistrySetting = { url: entry.url.trim() };
    if (entry.insecure === true) parsed.insecure = true;
    if (typeof entry.caFile === 'string' && entry.caFile.trim() !== '') parsed.caFile = entry.caFile.trim();
    if (parsed.url !== '') out.push(parsed);
  }
  return out;
}
