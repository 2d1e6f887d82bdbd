// What a COPY/ADD source is to BuildKit: a Git repository, a file over HTTP(S), or a path in the
// build context (or stage). ADD fetches the first two; COPY refuses them. A `--checksum` for an
// HTTP(S) source must be a digest BuildKit can verify.

export type SourceKind = 'git' | 'http' | 'local';

/**
 * How BuildKit reads a source: `git@host:path`, `git://` and `ssh://` are Git, as is an
 * http(s) URL whose path ends in `.git`; other http(s) URLs are files. A bare `github.com/…`
 * is a context path for COPY and ADD.
 */
export function sourceKind(source: string): SourceKind {
  const hash = source.indexOf('#');
  const base = hash < 0 ? source : source.slice(0, hash);
  if (/^git@[^:/]+:/.test(base) || base.startsWith('git://') || base.startsWith('ssh://')) return 'git';
  if (!base.startsWith('http://') && !base.startsWith('https://')) return 'local';
  const query = base.indexOf('?');
  const path = query < 0 ? base : base.slice(0, query);
  return path.endsWith('.git') ? 'git' : 'http';
}

/** The hex length of each digest algorithm BuildKit can verify. */
const DIGEST_LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** The error of Go's digest.Parse for a checksum, undefined when it is a valid digest. */
export function digestProblem(text: string): string | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) return 'invalid checksum digest format';
  const algorithm = text.slice(0, colon);
  const encoded = text.slice(colon + 1);
  const length = DIGEST_LENGTHS[algorithm];
  if (length === undefined) {
    const wellFormed = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(text);
    return wellFormed ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  }
  if (encoded.length !== length) return 'invalid checksum digest length';
  return /^[a-f0-9]+$/.test(encoded) ? undefined : 'invalid checksum digest format';
}
