// Pure formatting of sizes, ages and ids for tree rows.

const units = ['B', 'kB', 'MB', 'GB', 'TB'];
const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A byte count in the largest unit that keeps it at or above 1, with three significant digits. */
function scaledBytes(bytes: number, base: number, names: readonly string[]): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= base && unit < names.length - 1) {
    value /= base;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${names[unit]}`;
}

/** Formats a byte count with decimal units, as `docker` does (1 kB = 1000 B). */
export function formatBytes(bytes: number): string {
  return scaledBytes(bytes, 1000, units);
}

/** Formats a byte count with binary units, as `docker stats` writes memory (1 KiB = 1024 B). */
export function formatBinaryBytes(bytes: number): string {
  return scaledBytes(bytes, 1024, binaryUnits);
}

/** "3 minutes ago" for a Unix time in seconds, relative to `nowMs`. */
export function formatAge(createdSeconds: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round(nowMs / 1000 - createdSeconds));
  const steps: [number, string][] = [
    [60 * 60 * 24 * 365, 'year'],
    [60 * 60 * 24 * 30, 'month'],
    [60 * 60 * 24 * 7, 'week'],
    [60 * 60 * 24, 'day'],
    [60 * 60, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of steps) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** The first 12 hex digits of an id, without any `sha256:` prefix. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
