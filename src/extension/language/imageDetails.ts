// Answers the language server's image details request (hover over FROM, "pin to digest") from the
// Docker connection of this window with one image inspect through its client (so every transport,
// deadline and cancellation of the client applies). Answers are kept for a few seconds, as the
// editor asks for code actions on every cursor move along a FROM line.
import type { Disposable } from 'vscode-languageclient/node';
import {
  imageDetailsRequestMethod,
  type ImageDetails,
  type ImageDetailsParams,
  type ImageDetailsResult,
} from '../../shared/imageDetails';
import type { ImageSummary } from '../docker/types';

/** What the answer needs from a Docker client: one image inspect. A DockerClient fits. */
export interface ImageInspectTarget {
  inspectImage(idOrReference: string, signal?: AbortSignal): Promise<ImageSummary | undefined>;
}

/** What the answer needs from the language client: a place to register the request. */
export interface ImageDetailsRequestClient {
  onRequest(method: string, handler: (params: unknown) => Promise<ImageDetailsResult>): Disposable;
}

/** What it needs from the extension: the connected Docker client, if any. */
export interface ImageDetailsApi {
  readonly connection: { readonly client: ImageInspectTarget | undefined };
}

/** How long one answer is reused. */
const cacheMs = 5_000;

function detailsOf(image: ImageSummary): ImageDetails {
  return {
    id: image.id,
    size: image.size,
    created: image.created,
    repoTags: image.repoTags,
    repoDigests: image.repoDigests,
  };
}

/**
 * Inspects one image on the target's daemon: its details, or null when the daemon has no such
 * image. Other failures (unreachable daemon, timeout) reject.
 */
export async function inspectImageDetails(
  target: ImageInspectTarget,
  reference: string,
  signal?: AbortSignal,
): Promise<ImageDetailsResult> {
  if (reference === '' || /\s/.test(reference)) return null;
  const image = await target.inspectImage(reference, signal);
  return image === undefined || image.id === '' ? null : detailsOf(image);
}

function referenceOf(params: unknown): string {
  const reference = (params as Partial<ImageDetailsParams> | null | undefined)?.reference;
  return typeof reference === 'string' ? reference.trim() : '';
}

/**
 * Registers the `dockwright/imageDetails` answer on a started language client. Returns the
 * registration; dispose it with the client.
 */
export function registerImageDetails(
  client: ImageDetailsRequestClient,
  api: ImageDetailsApi,
  now: () => number = Date.now,
  inspect: typeof inspectImageDetails = inspectImageDetails,
): Disposable {
  const cache = new Map<string, { owner: object; at: number; details: Promise<ImageDetailsResult> }>();
  return client.onRequest(imageDetailsRequestMethod, async (params) => {
    const docker = api.connection.client;
    const reference = referenceOf(params);
    if (docker === undefined || reference === '') return null;
    const time = now();
    for (const [key, entry] of cache) if (time - entry.at >= cacheMs) cache.delete(key);
    let entry = cache.get(reference);
    if (entry === undefined || entry.owner !== docker) {
      const details = inspect(docker, reference);
      const created = { owner: docker, at: time, details };
      entry = created;
      cache.set(reference, created);
      // A failed inspect is not kept: the next request asks again.
      details.catch(() => {
        if (cache.get(reference) === created) cache.delete(reference);
      });
    }
    try {
      return await entry.details;
    } catch {
      // An unreachable daemon shows in the views; the hover just goes without details.
      return null;
    }
  });
}
