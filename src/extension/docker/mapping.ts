// Maps the Engine's JSON (PascalCase, fields often missing) to the domain types, once.
import type { ContainerSummary, DaemonVersion, ImageSummary, NetworkSummary, VolumeSummary } from './types';

type Json = Record<string, unknown>;

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function labels(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') {
        out[k] = v;
      }
    }
  }
  return out;
}

/** `/containers/json` entry → ContainerSummary. The Engine prefixes names with `/`. */
export function toContainer(raw: Json): ContainerSummary {
  const names = strings(raw.Names);
  const ports = Array.isArray(raw.Ports) ? (raw.Ports as Json[]) : [];
  return {
    id: str(raw.Id),
    name: (names[0] ?? '').replace(/^\//, ''),
    image: str(raw.Image),
    state: str(raw.State),
    status: str(raw.Status),
    created: num(raw.Created),
    labels: labels(raw.Labels),
    ports: ports.map((p) => ({
      privatePort: num(p.PrivatePort),
      ...(typeof p.PublicPort === 'number' ? { publicPort: p.PublicPort } : {}),
      type: str(p.Type, 'tcp'),
      ...(typeof p.IP === 'string' ? { ip: p.IP } : {}),
    })),
  };
}

/** `/images/json` entry → ImageSummary. Untagged images carry `<none>:<none>`, which we drop. */
export function toImage(raw: Json): ImageSummary {
  return {
    id: str(raw.Id),
    repoTags: strings(raw.RepoTags).filter((t) => t !== '<none>:<none>'),
    repoDigests: strings(raw.RepoDigests).filter((d) => d !== '<none>@<none>'),
    size: num(raw.Size),
    created: num(raw.Created),
    labels: labels(raw.Labels),
  };
}

/** `/volumes` entry → VolumeSummary. */
export function toVolume(raw: Json): VolumeSummary {
  return {
    name: str(raw.Name),
    driver: str(raw.Driver),
    mountpoint: str(raw.Mountpoint),
    labels: labels(raw.Labels),
  };
}

/** `/networks` entry → NetworkSummary. */
export function toNetwork(raw: Json): NetworkSummary {
  return {
    id: str(raw.Id),
    name: str(raw.Name),
    driver: str(raw.Driver),
    scope: str(raw.Scope),
    internal: raw.Internal === true,
    labels: labels(raw.Labels),
  };
}

/** `/version` → DaemonVersion. */
export function toVersion(raw: Json): DaemonVersion {
  return {
    version: str(raw.Version),
    apiVersion: str(raw.ApiVersion),
    os: str(raw.Os),
    arch: str(raw.Arch),
  };
}
