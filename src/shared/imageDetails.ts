// The request the language server sends to the extension to learn what the local daemon knows
// about one image (hover over FROM, "pin to digest"). The server never talks to Docker itself; a
// client that does not answer in time, answers null or fails simply means "nothing known".
// Never imports vscode.

/** The method name of the image details request (server → client). */
export const imageDetailsRequestMethod = 'dockwright/imageDetails';

/** How long the server waits for the answer before going on without it. */
export const imageDetailsRequestTimeoutMs = 300;

export interface ImageDetailsParams {
  /** The image reference as FROM names it, variables expanded: `alpine:3.20`, `ghcr.io/org/app`. */
  readonly reference: string;
}

/** What the daemon knows about a local image; null (or undefined) when it has no such image. */
export interface ImageDetails {
  /** The image id, `sha256:…`. */
  readonly id: string;
  /** Bytes. */
  readonly size: number;
  /** ISO 8601 text, or seconds since the epoch. */
  readonly created: string | number;
  readonly repoTags: readonly string[];
  /** `repository@sha256:…`, one per registry the image was pushed to or pulled from. */
  readonly repoDigests: readonly string[];
}

export type ImageDetailsResult = ImageDetails | null;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? (value as unknown[]).filter((v): v is string => typeof v === 'string') : [];
}

/** Keeps a well-formed answer, whatever the client sent; undefined otherwise. */
export function readImageDetails(answer: unknown): ImageDetails | undefined {
  if (answer === null || typeof answer !== 'object') return undefined;
  const { id, size, created, repoTags, repoDigests } = answer as Record<string, unknown>;
  if (typeof id !== 'string' || id === '') return undefined;
  return {
    id,
    size: typeof size === 'number' && Number.isFinite(size) && size >= 0 ? size : 0,
    created: typeof created === 'string' || typeof created === 'number' ? created : '',
    repoTags: strings(repoTags).filter((tag) => tag !== '<none>:<none>'),
    repoDigests: strings(repoDigests).filter((digest) => digest !== '<none>@<none>'),
  };
}

/** `sha256:0123456789ab…` → `0123456789ab`, as `docker images` shows ids. */
export function shortImageId(id: string): string {
  const colon = id.indexOf(':');
  return id.slice(colon + 1, colon + 13);
}

/** Bytes in the units `docker images` uses (powers of 1000): `7.8 MB`. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${Number(value.toFixed(digits))} ${units[unit] ?? 'B'}`;
}

/** The creation time in milliseconds since the epoch; undefined when it cannot be read. */
export function createdMs(created: string | number): number | undefined {
  if (typeof created === 'number') return created > 0 ? created * 1000 : undefined;
  const ms = Date.parse(created);
  return Number.isNaN(ms) ? undefined : ms;
}

/** How long ago, in the largest whole unit: `3 days ago`, `just now`. */
export function relativeTime(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  const steps: Array<[number, string]> = [
    [60 * 60 * 24 * 365, 'year'],
    [60 * 60 * 24 * 30, 'month'],
    [60 * 60 * 24 * 7, 'week'],
    [60 * 60 * 24, 'day'],
    [60 * 60, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of steps) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}
