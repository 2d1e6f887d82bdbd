// The one request the language server sends to the extension: which images the local daemon has
// and, for a reference that names a registry, that registry's repositories or a repository's tags,
// so FROM can complete image names and tags. The server never talks to Docker or a registry itself;
// a client that does not answer (or answers with an error) simply means "no images". Never imports
// vscode.

/** The method name of the image request (server → client). */
export const imagesRequestMethod = 'dockwright/images';

/** How long the server waits for the answer before completing without images. */
export const imagesRequestTimeoutMs = 300;

export interface ImagesParams {
  /** The image reference typed so far (may be empty). The answer may hold more; the editor filters. */
  readonly prefix: string;
}

/**
 * One repository the daemon or a registry knows, with its tags. A name may come twice: once as a
 * local image and once from its registry.
 */
export interface ImageEntry {
  /** The repository as it is written in FROM: `nginx`, `ghcr.io/org/app`, `127.0.0.1:5000/app`. */
  readonly name: string;
  readonly tags: readonly string[];
  /** The registry host the entry was read from; absent for the daemon's own images. */
  readonly registry?: string;
}

export interface ImagesResult {
  readonly images: readonly ImageEntry[];
}

/** The most images one answer carries, so a large daemon does not flood the completion list. */
export const maxImagesPerAnswer = 500;

/**
 * Groups `repo:tag` strings (as the Engine lists them) into repositories with their tags, keeping
 * the ones that fit `prefix`: when it names a tag (`repo:…`) only that repository, otherwise every
 * repository (the editor filters by what was typed). Untagged `<none>` entries are left out.
 */
export function imagesFromRepoTags(repoTags: Iterable<string>, prefix: string): ImageEntry[] {
  const slash = prefix.lastIndexOf('/');
  const colon = prefix.indexOf(':', slash + 1);
  const only = colon >= 0 ? prefix.slice(0, colon) : undefined;
  const byName = new Map<string, string[]>();
  for (const repoTag of repoTags) {
    if (repoTag.startsWith('<none>')) continue;
    const at = repoTag.lastIndexOf(':');
    const hasTag = at > repoTag.lastIndexOf('/');
    const name = hasTag ? repoTag.slice(0, at) : repoTag;
    if (only !== undefined && name !== only) continue;
    let tags = byName.get(name);
    if (tags === undefined) {
      if (byName.size >= maxImagesPerAnswer) continue;
      tags = [];
      byName.set(name, tags);
    }
    const tag = hasTag ? repoTag.slice(at + 1) : '';
    if (tag !== '' && tag !== '<none>' && !tags.includes(tag)) tags.push(tag);
  }
  return [...byName].map(([name, tags]) => ({ name, tags }));
}

/**
 * One answer from the daemon's images and a registry's: the local ones first, a registry's
 * repository left out when the daemon already has it (its tags are kept: they may be new), at most
 * `maxImagesPerAnswer` entries.
 */
export function mergeImageEntries(local: readonly ImageEntry[], remote: readonly ImageEntry[]): ImageEntry[] {
  const names = new Set(local.map((entry) => entry.name));
  const added = remote.filter((entry) => entry.tags.length > 0 || !names.has(entry.name));
  return [...local, ...added].slice(0, maxImagesPerAnswer);
}
