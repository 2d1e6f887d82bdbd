// Pushing one tag of a local image with the registry's credentials, following the Engine's
// progress stream layer by layer; cancellable at any moment.
import type { RegistryCredential } from '../registries/credentials';
import type { EngineAuth } from './client';
import { engineAuth, fullReference, splitImageName } from './imageName';
import type { TransferProgress } from './layerProgress';
import { followTransfer, LayerProgress } from './layerProgress';

/** The Engine call a push makes (DockerClient has it). */
export interface PushEngine {
  pushImage(
    repository: string,
    tag: string,
    auth: EngineAuth | undefined,
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream>;
}

/** What a finished push says. */
export interface PushResult {
  /** `repository:tag` pushed. */
  readonly reference: string;
  readonly host: string;
  /** The manifest digest the registry now serves for the tag. */
  readonly digest: string | undefined;
  readonly layers: number;
}

/**
 * Pushes `reference` (`host/repository[:tag]`; `latest` when no tag) with `auth` for its
 * registry, handing per-layer progress to `onProgress`. Rejects like pullImage: TransferCancelled,
 * TransferError (the registry refused midway: credentials, space), or the Engine's error.
 */
export async function pushImage(
  engine: PushEngine,
  reference: string,
  auth: RegistryCredential | undefined,
  onProgress?: (progress: TransferProgress) => void,
  signal?: AbortSignal,
): Promise<PushResult> {
  const name = splitImageName(reference);
  if (name.digest !== undefined) {
    throw new Error(`cannot push ${reference}: a digest names what a registry has; push a tag`);
  }
  const tracker = new LayerProgress('push');
  const stream = await engine.pushImage(
    name.repository,
    name.tag ?? 'latest',
    engineAuth(name.host, auth),
    signal,
  );
  const final = await followTransfer(stream, tracker, onProgress, signal);
  return {
    reference: fullReference(name),
    host: name.host,
    digest: tracker.digest,
    layers: final.layers.length,
  };
}
