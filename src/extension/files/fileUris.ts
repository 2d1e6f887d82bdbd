// The URIs of container and volume files:
//   dockwright-container://<daemon>/<container id>/<path in the container>
//   dockwright-volume://<daemon>/<volume name>/<path in the volume>
// The daemon key (see docker/daemons.ts) is written with only [a-z0-9-] so any key fits an
// authority and survives case-insensitive handling; everything else is `_` and two hex digits.

/** The scheme of a container's files. */
export const containerScheme = 'dockwright-container';
/** The scheme of a volume's files (read and written through a helper container). */
export const volumeScheme = 'dockwright-volume';

/** Where a file lives: a container or a volume of one daemon, and the path inside it. */
export interface FileLocation {
  readonly kind: 'container' | 'volume';
  readonly daemonId: string;
  /** Container id or volume name. */
  readonly target: string;
  /** Absolute, `/`-separated. */
  readonly path: string;
}

/** The parts of a URI that the location needs (vscode.Uri has them). */
export interface UriParts {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
}

/** Writes a daemon key as a URI authority. */
export function encodeDaemon(daemonId: string): string {
  let out = '';
  for (const byte of Buffer.from(daemonId, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[a-z0-9-]/.test(c) ? c : `_${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Reads a daemon key back; undefined when the authority was not written by encodeDaemon. */
export function decodeDaemon(authority: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < authority.length; i++) {
    const c = authority[i] ?? '';
    if (c === '_') {
      const hex = authority.slice(i + 1, i + 3);
      if (!/^[0-9a-f]{2}$/i.test(hex)) {
        return undefined;
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (/[a-z0-9-]/i.test(c)) {
      bytes.push(c.toLowerCase().charCodeAt(0));
    } else {
      return undefined;
    }
  }
  return bytes.length === 0 ? undefined : Buffer.from(bytes).toString('utf8');
}

/** The URI parts of a location. */
export function locationUri(location: FileLocation): UriParts {
  const path = location.path === '/' || location.path === '' ? '' : location.path;
  return {
    scheme: location.kind === 'container' ? containerScheme : volumeScheme,
    authority: encodeDaemon(location.daemonId),
    path: `/${location.target}${path.startsWith('/') || path === '' ? path : `/${path}`}`,
  };
}

/** The location of a URI of one of our schemes, or undefined for anything else. */
export function parseLocation(uri: UriParts): FileLocation | undefined {
  const kind =
    uri.scheme === containerScheme ? 'container' : uri.scheme === volumeScheme ? 'volume' : undefined;
  const daemonId = decodeDaemon(uri.authority);
  if (kind === undefined || daemonId === undefined) {
    return undefined;
  }
  const match = /^\/([^/]+)(\/.*)?$/.exec(uri.path);
  if (match === null || match[1] === undefined) {
    return undefined;
  }
  const rest = (match[2] ?? '/').replace(/\/+$/, '');
  return { kind, daemonId, target: match[1], path: rest === '' ? '/' : rest };
}

/** A location's child. */
export function childLocation(location: FileLocation, name: string): FileLocation {
  return { ...location, path: location.path === '/' ? `/${name}` : `${location.path}/${name}` };
}
