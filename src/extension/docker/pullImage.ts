// Pulling an image by reference with the registry's credentials, following the Engine's
// progress stream layer by layer; cancellable at any moment.
import type { RegistryCredential } from '../registries/credentials';
import type { EngineAuth } from './client';
import { engineAuth, fullReference, splitImageName } from './imageName';
import type { TransferProgress } from './layerProgress';
import { followTransfer, LayerProgress } from './layerProgress';

/** The Engine call a pull makes (DockerClient has it). */
export interface PullEngine {
  pullImage(
    repository: string,
    tagOrDigest: string,
    auth: EngineAuth | undefined,
    signal?: AbortSignal,
  ): Promise<NodeJS.ReadableStream>;
}

/** What a finished pull says. */
export interface PullResult {
  /** The reference pulled, with `:latest` added when no tag was given. */
  readonly reference: string;
  readonly host: string;
  /** The manifest digest the registry served, when the Engine said it. */
  readonly digest: string | undefined;
  /** True when the local image was already the registry's. */
  readonly upToDate: boolean;
  /** The Engine's summary lines (`Digest: …`, `Status: …`). */
  readonly statusLines: readonly string[];
  readonly layers: number;
}

/**
 * Pulls `reference` (`[host/]repository[:tag|@digest]`) with `auth` for its registry (see
 * resolveDockerCredential), handing the per-layer progress to `onProgress`. Rejects with
 * TransferCancelled when `signal` aborts, TransferError when the Engine stops the pull midway,
 * or the Engine's error (the registry refused, the image does not exist) before it starts.
 */
export async function pullImage(
  engine: PullEngine,
  reference: string,
  auth: RegistryCredential | undefined,
  onProgress?: (progress: TransferProgress) => void,
  signal?: AbortSignal,
): Promise<PullResult> {
  const name = splitImageName(reference);
  const tracker = new LayerProgress('pull');
  const stream = await engine.pullImage(
    name.repository,
    name.digest ?? name.tag ?? 'latest',
    engineAuth(name.host, auth),
    signal,
  );
  const final = await followTransfer(stream, tracker, onProgress, signal);
  return {
    reference: fullReference(name),
    host: name.host,
    digest: tracker.digest,
    upToDate: tracker.statusLines.some((line) => line.startsWith('Status: Image is up to date')),
    statusLines: tracker.statusLines,
    layers: final.layers.length,
  };
}
