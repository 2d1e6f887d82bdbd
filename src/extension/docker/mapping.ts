// Maps the Engine's JSON (PascalCase, fields often missing) to the domain types, once.
import type {
  ContainerHealth,
  ContainerMount,
  ContainerNetwork,
  ContainerSummary,
  DaemonVersion,
  ImageSummary,
  NetworkSummary,
  VolumeSummary,
  VolumeUsage,
} from './types';

type Json = Record<string, unknown>;

/** A string field, or the fallback when it is missing or not a string. */
export function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** An object field, or `{}` when it is missing or not an object. */
export function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** A label map, keeping only string values. */
export function labels(value: unknown): Record<string, string> {
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

/**
 * A container's health. Newer Engines list `Health.Status`; older ones only say it in the status
 * text: "Up 3 minutes (healthy)", "(unhealthy)", "(health: starting)".
 */
export function containerHealth(raw: Json): ContainerHealth {
  const listed = str(record(raw.Health).Status);
  const text =
    listed !== '' ? listed : (/\((healthy|unhealthy|health: starting)\)/.exec(str(raw.Status))?.[1] ?? '');
  switch (text) {
    case 'healthy':
    case 'unhealthy':
    case 'starting':
      return text;
    case 'health: starting':
      return 'starting';
    default:
      return 'none';
  }
}

function containerNetworks(raw: Json): ContainerNetwork[] {
  const networks = record(record(raw.NetworkSettings).Networks);
  return Object.entries(networks).map(([name, value]) => {
    const n = record(value);
    const ipv4 = str(n.IPAddress);
    const ipv6 = str(n.GlobalIPv6Address);
    const mac = str(n.MacAddress);
    return {
      name,
      networkId: str(n.NetworkID),
      ...(ipv4 !== '' ? { ipv4, ipv4PrefixLength: num(n.IPPrefixLen) } : {}),
      ...(ipv6 !== '' ? { ipv6 } : {}),
      ...(mac !== '' ? { macAddress: mac } : {}),
    };
  });
}

function containerMounts(raw: Json): ContainerMount[] {
  const mounts = Array.isArray(raw.Mounts) ? raw.Mounts : [];
  return mounts.map((value) => {
    const m = record(value);
    const name = str(m.Name);
    return {
      type: str(m.Type),
      ...(name !== '' ? { name } : {}),
      source: str(m.Source),
      destination: str(m.Destination),
      readOnly: m.RW === false,
    };
  });
}

/** `/containers/json` entry → ContainerSummary. The Engine prefixes names with `/`. */
export function toContainer(raw: Json): ContainerSummary {
  const names = strings(raw.Names);
  const ports = Array.isArray(raw.Ports) ? (raw.Ports as Json[]) : [];
  return {
    id: str(raw.Id),
    name: (names[0] ?? '').replace(/^\//, ''),
    image: str(raw.Image),
    imageId: str(raw.ImageID),
    command: str(raw.Command),
    state: str(raw.State),
    status: str(raw.Status),
    health: containerHealth(raw),
    created: num(raw.Created),
    labels: labels(raw.Labels),
    ports: ports.map((p) => ({
      privatePort: num(p.PrivatePort),
      ...(typeof p.PublicPort === 'number' ? { publicPort: p.PublicPort } : {}),
      type: str(p.Type, 'tcp'),
      ...(typeof p.IP === 'string' ? { ip: p.IP } : {}),
    })),
    networks: containerNetworks(raw),
    mounts: containerMounts(raw),
  };
}

/** `/images/json` entry → ImageSummary. Untagged images carry `<none>:<none>`, which we drop. */
export function toImage(raw: Json): ImageSummary {
  const repoTags = strings(raw.RepoTags).filter((t) => t !== '<none>:<none>');
  const containers = num(raw.Containers, -1);
  return {
    id: str(raw.Id),
    repoTags,
    repoDigests: strings(raw.RepoDigests).filter((d) => d !== '<none>@<none>'),
    dangling: repoTags.length === 0,
    ...(containers >= 0 ? { containers } : {}),
    size: num(raw.Size),
    created: num(raw.Created),
    labels: labels(raw.Labels),
  };
}

/**
 * `/images/{id}/json` → ImageSummary, in the same shape as a listing entry (so re-fetching one
 * image after an event compares equal to the listing when nothing changed).
 */
export function toImageFromInspect(raw: Json): ImageSummary {
  const created = Date.parse(str(raw.Created));
  return toImage({
    Id: raw.Id,
    RepoTags: raw.RepoTags,
    RepoDigests: raw.RepoDigests,
    Size: raw.Size,
    Created: Number.isNaN(created) ? 0 : Math.floor(created / 1000),
    Labels: record(raw.Config).Labels,
  });
}

/** `/volumes` entry → VolumeSummary. */
export function toVolume(raw: Json): VolumeSummary {
  return {
    name: str(raw.Name),
    driver: str(raw.Driver),
    mountpoint: str(raw.Mountpoint),
    scope: str(raw.Scope, 'local'),
    ...(typeof raw.CreatedAt === 'string' ? { createdAt: raw.CreatedAt } : {}),
    labels: labels(raw.Labels),
  };
}

/** `/system/df` → usage per volume name. The Engine says -1 where it could not measure. */
export function toVolumeUsage(raw: Json): Map<string, VolumeUsage> {
  const out = new Map<string, VolumeUsage>();
  const volumes = Array.isArray(raw.Volumes) ? raw.Volumes : [];
  for (const value of volumes) {
    const v = record(value);
    const usage = record(v.UsageData);
    out.set(str(v.Name), { size: num(usage.Size, -1), refCount: num(usage.RefCount, -1) });
  }
  return out;
}

/** `/networks` entry → NetworkSummary. */
export function toNetwork(raw: Json): NetworkSummary {
  return {
    id: str(raw.Id),
    name: str(raw.Name),
    driver: str(raw.Driver),
    scope: str(raw.Scope),
    internal: raw.Internal === true,
    attachable: raw.Attachable === true,
    enableIPv6: raw.EnableIPv6 === true,
    subnets: (Array.isArray(record(raw.IPAM).Config) ? (record(raw.IPAM).Config as unknown[]) : [])
      .map((c) => str(record(c).Subnet))
      .filter((subnet) => subnet !== ''),
    created: str(raw.Created),
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
