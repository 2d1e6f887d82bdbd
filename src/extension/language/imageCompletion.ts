// Answers the language server's image request (FROM completion) from the Docker connection of this
// window and, for a reference that names a registry, from that registry's catalog or tags. The
// lists are kept for a while, so typing a reference asks once; the server waits only briefly, and a
// slow first answer still fills the cache for the next request.
import type { Disposable } from 'vscode-languageclient/node';
import {
  imagesFromRepoTags,
  imagesRequestMethod,
  mergeImageEntries,
  type ImageEntry,
  type ImagesParams,
  type ImagesResult,
} from '../../shared/imageCompletion';
import type { ImageSummary } from '../docker/types';

/** What the answer needs from the language client: a place to register the request. */
export interface ImageRequestClient {
  onRequest(method: string, handler: (params: unknown) => Promise<ImagesResult>): Disposable;
}

/** What it needs from the extension: the connected Docker client, if any, and the registries. */
export interface ImageCompletionApi {
  readonly connection: {
    readonly client: { listImages(signal?: AbortSignal): Promise<ImageSummary[]> } | undefined;
  };
  /** Repositories and tags of the registry a reference names (see registries/registryCompletion). */
  readonly registryImages?: { images(prefix: string): Promise<readonly ImageEntry[]> };
}

/** How long one image list is reused. */
const cacheMs = 5_000;

function prefixOf(params: unknown): string {
  const prefix = (params as Partial<ImagesParams> | null | undefined)?.prefix;
  return typeof prefix === 'string' ? prefix : '';
}

/**
 * Registers the `dockwright/images` answer on a started language client. Returns the
 * registration; dispose it with the client.
 */
export function registerImageCompletion(
  client: ImageRequestClient,
  api: ImageCompletionApi,
  now: () => number = Date.now,
): Disposable {
  let cached: { owner: object; at: number; tags: Promise<string[]> } | undefined;
  const repoTags = (docker: NonNullable<ImageCompletionApi['connection']['client']>): Promise<string[]> => {
    if (cached !== undefined && cached.owner === docker && now() - cached.at < cacheMs) return cached.tags;
    const tags = docker.listImages().then((images) => images.flatMap((image) => image.repoTags));
    const entry = { owner: docker, at: now(), tags };
    cached = entry;
    // A failed listing is not kept: the next request asks again.
    tags.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return tags;
  };
  const local = async (prefix: string): Promise<ImageEntry[]> => {
    const docker = api.connection.client;
    if (docker === undefined) return [];
    try {
      return imagesFromRepoTags(await repoTags(docker), prefix);
    } catch {
      // An unreachable daemon shows in the views; completion just goes without images.
      return [];
    }
  };
  const remote = async (prefix: string): Promise<readonly ImageEntry[]> => {
    try {
      return (await api.registryImages?.images(prefix)) ?? [];
    } catch {
      // A registry that cannot answer shows in the Registries view, not in completion.
      return [];
    }
  };
  return client.onRequest(imagesRequestMethod, async (params) => {
    const prefix = prefixOf(params);
    const [daemon, registry] = await Promise.all([local(prefix), remote(prefix)]);
    return { images: mergeImageEntries(daemon, registry) };
  });
}
