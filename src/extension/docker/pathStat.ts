// The Engine's answer to `HEAD /containers/{id}/archive`: the `X-Docker-Container-Path-Stat`
// header, base64 JSON with the path's Go FileMode bits.

/** Go's os.FileMode type bits (the top of a uint32), as the Engine reports them. */
const goModeBits = {
  dir: 2 ** 31,
  symlink: 2 ** 27,
  device: 2 ** 26,
  namedPipe: 2 ** 25,
  socket: 2 ** 24,
  setuid: 2 ** 23,
  setgid: 2 ** 22,
  charDevice: 2 ** 21,
  sticky: 2 ** 20,
  irregular: 2 ** 19,
} as const;

/** What a container path is. */
export type PathKind = 'file' | 'directory' | 'symlink' | 'other';

/** One path's stat, in our terms. */
export interface PathStat {
  readonly name: string;
  readonly kind: PathKind;
  readonly size: number;
  /** Unix permission bits with setuid (0o4000), setgid (0o2000) and sticky (0o1000). */
  readonly mode: number;
  /** Milliseconds since the epoch; 0 when the Engine gave no usable time. */
  readonly mtimeMs: number;
  /** For a symbolic link: the target, resolved inside the container to an absolute path. */
  readonly linkTarget: string;
}

function hasBit(mode: number, bit: number): boolean {
  return Math.floor(mode / bit) % 2 === 1;
}

/** Splits Go FileMode bits into a kind and Unix permission bits. */
export function fromGoMode(mode: number): { kind: PathKind; mode: number } {
  const kind: PathKind = hasBit(mode, goModeBits.dir)
    ? 'directory'
    : hasBit(mode, goModeBits.symlink)
      ? 'symlink'
      : [
            goModeBits.device,
            goModeBits.namedPipe,
            goModeBits.socket,
            goModeBits.charDevice,
            goModeBits.irregular,
          ].some((bit) => hasBit(mode, bit))
        ? 'other'
        : 'file';
  const permissions =
    (mode % 0o1000) +
    (hasBit(mode, goModeBits.setuid) ? 0o4000 : 0) +
    (hasBit(mode, goModeBits.setgid) ? 0o2000 : 0) +
    (hasBit(mode, goModeBits.sticky) ? 0o1000 : 0);
  return { kind, mode: permissions };
}

/** Decodes the header's value; undefined when it is missing or not the JSON the Engine sends. */
export function decodePathStat(header: string | undefined): PathStat | undefined {
  if (header === undefined || header === '') {
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) {
    return undefined;
  }
  const json = raw as Record<string, unknown>;
  if (typeof json.mode !== 'number' || !Number.isFinite(json.mode)) {
    return undefined;
  }
  const { kind, mode } = fromGoMode(json.mode);
  const time = typeof json.mtime === 'string' ? Date.parse(json.mtime) : NaN;
  return {
    name: typeof json.name === 'string' ? json.name : '',
    kind,
    size: typeof json.size === 'number' && json.size >= 0 ? json.size : 0,
    mode,
    mtimeMs: Number.isFinite(time) ? time : 0,
    linkTarget: typeof json.linkTarget === 'string' ? json.linkTarget : '',
  };
}
