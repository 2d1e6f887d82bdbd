// Image references as the distribution reference grammar reads them:
//   [registry[:port]/]path[:tag][@algorithm:hex]
// A name without a registry belongs to Docker Hub (docker.io), and a single path component there
// lives under `library/`. Text holding `$` variables is split as written and flagged, since its
// meaning is only known at build time. Parsing never throws and is linear in the input.

export interface ImageReference {
  /** The text as given. */
  readonly text: string;
  /** The registry host (with port); `docker.io` when none is written. Empty when a variable hides it. */
  readonly registry: string;
  /** True when the registry was written in the reference. */
  readonly registryExplicit: boolean;
  /** The repository path as written after the registry, e.g. `debian` or `zemanlx/ubuntu`. */
  readonly path: string;
  /** The canonical repository: `library/debian` for a Docker Hub name of one component. */
  readonly repository: string;
  readonly tag: string | undefined;
  /** The whole digest, `algorithm:encoded`. */
  readonly digest: string | undefined;
  /** `scratch`, the empty image. */
  readonly scratch: boolean;
  /** True when the text holds `$` variables; the parts are then taken as written, unvalidated. */
  readonly variables: boolean;
  /** Where the text breaks the grammar (empty when it is a valid reference or has variables). */
  readonly problems: readonly string[];
}

const DEFAULT_REGISTRY = 'docker.io';
/** A repository path: components of the grammar's path-component form, joined by `/`. */
const PATH = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST_ALGORITHM = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*$/;
const DIGEST_ENCODED = /^[a-zA-Z0-9=_-]+$/;

/** Parses an image reference; undefined for empty text. */
export function parseImageReference(text: string): ImageReference | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const variables = trimmed.includes('$');
  const problems: string[] = [];

  let rest = trimmed;
  let digest: string | undefined;
  const at = variables ? -1 : rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else if (variables) {
    // Only an `@` outside `${…}` separates a digest.
    const outside = lastOutsideBraces(rest, '@');
    if (outside >= 0) {
      digest = rest.slice(outside + 1);
      rest = rest.slice(0, outside);
    }
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = variables ? lastOutsideBraces(rest, ':') : rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }

  let registry = DEFAULT_REGISTRY;
  let registryExplicit = false;
  let path = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash);
    if (variables && first.includes('$')) {
      registry = '';
    } else if (
      first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first !== first.toLowerCase()
    ) {
      registry = first;
      registryExplicit = true;
      path = rest.slice(firstSlash + 1);
    }
  } else if (variables && rest.startsWith('$')) {
    registry = '';
  }

  const repository =
    registry === DEFAULT_REGISTRY && !path.includes('/') && !variables ? `library/${path}` : path;

  if (!variables) {
    if (registryExplicit && !isHost(registry)) problems.push(`invalid registry host "${registry}"`);
    if (path === '') problems.push('missing repository name');
    else if (!PATH.test(path)) {
      problems.push(
        path !== path.toLowerCase()
          ? 'repository name must be lowercase'
          : `invalid repository name "${path}"`,
      );
    }
    if (tag !== undefined && !TAG.test(tag)) problems.push(`invalid tag "${tag}"`);
    if (digest !== undefined) problems.push(...digestProblems(digest));
  }

  return {
    text,
    registry,
    registryExplicit,
    path,
    repository,
    tag,
    digest,
    scratch: !registryExplicit && path === 'scratch' && tag === undefined && digest === undefined,
    variables,
    problems,
  };
}

/** The familiar form of a reference's name: `debian` for `docker.io/library/debian`. */
export function familiarName(ref: ImageReference): string {
  if (ref.registry !== DEFAULT_REGISTRY)
    return ref.registry === '' ? ref.path : `${ref.registry}/${ref.path}`;
  return ref.path.startsWith('library/') ? ref.path.slice('library/'.length) : ref.path;
}

/** A host name or bracketed IPv6 address, with an optional port. */
function isHost(text: string): boolean {
  let host = text;
  const port = /:([0-9]+)$/.exec(text);
  if (port) host = text.slice(0, port.index);
  if (host.startsWith('[') && host.endsWith(']')) return /^[0-9a-fA-F:.]+$/.test(host.slice(1, -1));
  return (
    host !== '' &&
    host
      .split('.')
      .every((label) => /^[a-zA-Z0-9-]+$/.test(label) && !label.startsWith('-') && !label.endsWith('-'))
  );
}

function digestProblems(digest: string): string[] {
  const colon = digest.indexOf(':');
  if (colon <= 0) return [`invalid digest "${digest}"`];
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  if (!DIGEST_ALGORITHM.test(algorithm) || !DIGEST_ENCODED.test(encoded))
    return [`invalid digest "${digest}"`];
  const lengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
  const expected = lengths[algorithm];
  if (expected !== undefined && (encoded.length !== expected || !/^[a-f0-9]+$/.test(encoded))) {
    return [`invalid ${algorithm} digest: want ${expected} lowercase hex characters`];
  }
  return [];
}

/** The last index of `ch` that is not inside a `${…}` expansion; -1 when none. */
function lastOutsideBraces(text: string, ch: string): number {
  let depth = 0;
  let found = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) {
      depth--;
    } else if (c === ch && depth === 0) {
      found = i;
    }
  }
  return found;
}
