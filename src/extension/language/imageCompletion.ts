// Answers the language server's image request (FROM completion) from the Docker connection of this
// window. The list is kept for a few seconds, so typing a reference asks the daemon once; the
// server waits only briefly, and a slow first answer still fills the cache for the next request.
import type { Disposable } from 'vscode-languageclient/node';
import {
  imagesFromRepoTags,
  imagesRequestMethod,
  type ImagesParams,
  type ImagesResult,
} from '../../shared/imageCompletion';
import type { ImageSummary } from '../docker/types';

/** What the answer needs from the language client: a place to register the request. */
export interface ImageRequestClient {
  onRequest(method: string, handler: (params: unknown) => Promise<ImagesResult>): Disposable;
}

/** What it needs from the extension: the connected Docker client, if any. */
export interface ImageCompletionApi {
  readonly connection: {
    readonly client: { listImages(signal?: AbortSignal): Promise<ImageSummary[]> } | undefined;
  };
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
  return client.onRequest(imagesRequestMethod, async (params) => {
    const docker = api.connection.client;
    if (docker === undefined) return { images: [] };
    try {
      return { images: imagesFromRepoTags(await repoTags(docker), prefixOf(params)) };
    } catch {
      // An unreachable daemon shows in the views; completion just goes without images.
      return { images: [] };
    }
  });
}
