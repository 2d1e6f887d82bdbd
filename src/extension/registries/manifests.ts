// Docker and OCI manifest media types, and what a manifest or an image config says.

export const mediaTypes = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifestV1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  dockerManifestV1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
} as const;

/** The `Accept` header for a manifest request: every kind we can read, lists first. */
export const manifestAccept = [
  mediaTypes.ociIndex,
  mediaTypes.dockerManifestList,
  mediaTypes.ociManifest,
  mediaTypes.dockerManifest,
].join(', ');

export type ManifestKind = 'image' | 'index' | 'unknown';

/** Whether a media type names an image manifest, a list/index of them, or something else. */
export function manifestKind(mediaType: string | undefined): ManifestKind {
  const base = (mediaType ?? '').split(';')[0].trim().toLowerCase();
  switch (base) {
    case mediaTypes.dockerManifest:
    case mediaTypes.ociManifest:
    case mediaTypes.dockerManifestV1:
    case mediaTypes.dockerManifestV1Signed:
      return 'image';
    case mediaTypes.dockerManifestList:
    case mediaTypes.ociIndex:
      return 'index';
    default:
      return 'unknown';
  }
}

/** A content descriptor: what a manifest points at. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  osVersion?: string;
}

/** One entry of a manifest list or index. */
export interface PlatformManifest extends Descriptor {
  platform?: Platform;
}

export type Manifest =
  | { kind: 'image'; mediaType: string; config?: Descriptor; layers: Descriptor[] }
  | { kind: 'index'; mediaType: string; manifests: PlatformManifest[] };

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function descriptor(value: unknown): Descriptor | undefined {
  const d = record(value);
  if (d === undefined) return undefined;
  const digest = str(d.digest);
  if (digest === undefined) return undefined;
  return {
    mediaType: str(d.mediaType) ?? '',
    digest,
    size: typeof d.size === 'number' ? d.size : 0,
  };
}

function platform(value: unknown): Platform | undefined {
  const p = record(value);
  if (p === undefined) return undefined;
  const out: Platform = { os: str(p.os) ?? '', architecture: str(p.architecture) ?? '' };
  const variant = str(p.variant);
  if (variant !== undefined && variant !== '') out.variant = variant;
  const osVersion = str(p['os.version']);
  if (osVersion !== undefined && osVersion !== '') out.osVersion = osVersion;
  return out;
}

/**
 * Reads a manifest body. The media type comes from the body when it says one, else from the
 * response's Content-Type; a body with `manifests` is an index whatever it claims.
 * Returns undefined for anything that is not a manifest.
 */
export function parseManifest(body: string, contentType?: string): Manifest | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const m = record(json);
  if (m === undefined) return undefined;
  const mediaType = str(m.mediaType) ?? (contentType ?? '').split(';')[0].trim();
  if (Array.isArray(m.manifests) || manifestKind(mediaType) === 'index') {
    const manifests: PlatformManifest[] = [];
    for (const entry of Array.isArray(m.manifests) ? m.manifests : []) {
      const d = descriptor(entry);
      if (d === undefined) continue;
      const p = platform(record(entry)?.platform);
      manifests.push(p === undefined ? d : { ...d, platform: p });
    }
    return { kind: 'index', mediaType, manifests };
  }
  const layers: Descriptor[] = [];
  for (const entry of Array.isArray(m.layers) ? m.layers : []) {
    const d = descriptor(entry);
    if (d !== undefined) layers.push(d);
  }
  const config = descriptor(m.config);
  return config === undefined
    ? { kind: 'image', mediaType, layers }
    : { kind: 'image', mediaType, config, layers };
}

/** `linux/arm64/v8`, `windows/amd64 (10.0.17763)`, or `unknown` for an attestation entry. */
export function formatPlatform(p: Platform | undefined): string {
  if (p === undefined || (p.os === '' && p.architecture === '')) return 'unknown';
  let text = [p.os, p.architecture, p.variant].filter((part) => part !== undefined).join('/');
  if (p.osVersion !== undefined) text += ` (${p.osVersion})`;
  return text;
}

/** Total compressed size of an image manifest: its config and layers. */
export function imageSize(manifest: Manifest): number {
  if (manifest.kind !== 'image') return 0;
  return manifest.layers.reduce((sum, l) => sum + l.size, manifest.config?.size ?? 0);
}

/** What the tree shows from an image's config blob. */
export interface ImageConfigSummary {
  created?: string;
  os?: string;
  architecture?: string;
  labels: Record<string, string>;
}

/** Reads the fields we show from an image config blob; never throws. */
export function parseImageConfig(body: string): ImageConfigSummary {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { labels: {} };
  }
  const c = record(json) ?? {};
  const labels: Record<string, string> = {};
  const rawLabels = record(record(c.config)?.Labels);
  for (const [key, value] of Object.entries(rawLabels ?? {})) {
    if (typeof value === 'string') labels[key] = value;
  }
  const out: ImageConfigSummary = { labels };
  const created = str(c.created);
  if (created !== undefined) out.created = created;
  const os = str(c.os);
  if (os !== undefined) out.os = os;
  const architecture = str(c.architecture);
  if (architecture !== undefined) out.architecture = architecture;
  return out;
}
