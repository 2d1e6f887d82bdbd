// Answers the language server's image details request (hover over FROM, "pin to digest") from the
// Docker connection of this window with one image inspect. Answers are kept for a few seconds, as
// the editor asks for code actions on every cursor move along a FROM line.
import Docker from 'dockerode';
import type { Disposable } from 'vscode-languageclient/node';
import {
  imageDetailsFromInspect,
  imageDetailsRequestMethod,
  type ImageDetailsParams,
  type ImageDetailsResult,
} from '../../shared/imageDetails';
import { dockerodeOptions } from '../docker/client';
import type { DockerEndpoint } from '../docker/endpoint';
import { statusCode } from '../docker/errors';

/** What the inspect needs from a Docker client: where its daemon is. A DockerClient fits. */
export interface ImageInspectTarget {
  readonly endpoint: DockerEndpoint;
}

/** What the answer needs from the language client: a place to register the request. */
export interface ImageDetailsRequestClient {
  onRequest(method: string, handler: (params: unknown) => Promise<ImageDetailsResult>): Disposable;
}

/** What it needs from the extension: the connected Docker client, if any. */
export interface ImageDetailsApi {
  readonly connection: { readonly client: ImageInspectTarget | undefined };
}

/** The longest one inspect may take; the server stops waiting much sooner, the cache does not. */
const inspectTimeoutMs = 5_000;
/** How long one answer is reused. */
const cacheMs = 5_000;

/** dockerode's modem, which takes an abort signal on any request (its image calls drop it). */
interface Modem {
  dial(
    options: {
      path: string;
      method: string;
      statusCodes: Record<number, true | string>;
      abortSignal?: AbortSignal;
    },
    callback: (err: Error | null, data: unknown) => void,
  ): void;
}

const dockerodes = new WeakMap<ImageInspectTarget, Promise<Docker>>();

function dockerodeFor(target: ImageInspectTarget): Promise<Docker> {
  let docker = dockerodes.get(target);
  if (docker === undefined) {
    docker = dockerodeOptions(target.endpoint).then((options) => new Docker(options));
    dockerodes.set(target, docker);
  }
  return docker;
}

/**
 * `GET /images/{reference}/json` on the target's daemon: the image's details, or null when the
 * daemon has no such image. Other failures (unreachable daemon, timeout) reject.
 */
export async function inspectImageDetails(
  target: ImageInspectTarget,
  reference: string,
  signal?: AbortSignal,
): Promise<ImageDetailsResult> {
  if (reference === '' || /[\s?#]/.test(reference)) return null;
  const docker = await dockerodeFor(target);
  const modem = (docker as unknown as { modem: Modem }).modem;
  const timeout = AbortSignal.timeout(inspectTimeoutMs);
  const abortSignal = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  try {
    const raw = await new Promise<unknown>((resolve, reject) =>
      modem.dial(
        {
          path: `/images/${reference}/json`,
          method: 'GET',
          statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
          abortSignal,
        },
        (err, data) => (err ? reject(err) : resolve(data)),
      ),
    );
    return imageDetailsFromInspect(raw) ?? null;
  } catch (err) {
    if (statusCode(err) === 404) return null;
    throw err;
  }
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
