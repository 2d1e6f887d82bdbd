// Browsing a volume: a container created (never started) from the smallest local image with the
// volume mounted, so the archive endpoints can read and write it; removed once no longer needed.
import type Docker from 'dockerode';
import type { ImageSummary } from './types';

/** The label every helper carries (value `volume-browser`); the Containers view hides them. */
export const helperLabel = 'dockwright.helper';
/** The label naming the volume a helper mounts. */
export const helperVolumeLabel = 'dockwright.helper.volume';
/** Where a helper mounts its volume. */
export const volumeMountPoint = '/volume';

/** True for the containers this extension creates for itself. */
export function isHelperContainer(container: { labels: Record<string, string> }): boolean {
  return container.labels[helperLabel] !== undefined;
}

/** The Engine calls the helpers need (DockerClient has them). */
export interface HelperEngine {
  listImages(signal?: AbortSignal): Promise<ImageSummary[]>;
  createContainer(spec: Docker.ContainerCreateOptions, signal?: AbortSignal): Promise<string>;
  removeContainer(
    id: string,
    options?: { force?: boolean; volumes?: boolean },
    signal?: AbortSignal,
  ): Promise<void>;
}

/** Raised when the daemon has no image to create a helper from. */
export class NoLocalImageError extends Error {
  override readonly name = 'NoLocalImageError';
}

/** The smallest local image (by size, then id for a stable choice), or undefined when there is none. */
export function smallestImage(images: readonly ImageSummary[]): ImageSummary | undefined {
  return [...images].sort((a, b) => a.size - b.size || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}

/** A valid container name for a volume's helper (volume names are already valid name characters). */
export function helperName(volume: string, suffix: string): string {
  return `dockwright-volume-${volume}-${suffix}`.slice(0, 200);
}

interface Helper {
  /** The helper's id once created. */
  readonly id: Promise<string>;
  /** Tree rows (or other users) keeping the helper alive. */
  holds: number;
  idleTimer?: ReturnType<typeof setTimeout>;
}

/**
 * The helper containers of one daemon, one per volume, created on first use. A helper lives while
 * something holds it (an expanded tree row), and otherwise until it has been idle for `idleMs`
 * (an editor opened from it may still save); `dispose` removes them all.
 */
export class VolumeHelpers {
  private readonly helpers = new Map<string, Helper>();
  private disposed = false;

  constructor(
    private readonly engine: () => HelperEngine,
    private readonly idleMs = 120_000,
    private readonly session = Math.random().toString(36).slice(2, 8),
  ) {}

  /** The volumes that have a helper right now (for tests and diagnostics). */
  get volumes(): string[] {
    return [...this.helpers.keys()];
  }

  /** The helper's container id for a volume, creating the helper on first use. */
  container(volume: string, signal?: AbortSignal): Promise<string> {
    if (this.disposed) {
      return Promise.reject(new Error('Volume browsing has ended.'));
    }
    let helper = this.helpers.get(volume);
    if (helper === undefined) {
      const id = this.create(volume, signal);
      helper = { id, holds: 0 };
      this.helpers.set(volume, helper);
      const created = helper;
      // A failed creation leaves nothing behind and is tried afresh next time.
      id.catch(() => {
        if (this.helpers.get(volume) === created) {
          this.helpers.delete(volume);
        }
      });
    }
    this.touch(volume, helper);
    return helper.id;
  }

  private async create(volume: string, signal?: AbortSignal): Promise<string> {
    const engine = this.engine();
    const image = smallestImage(await engine.listImages(signal));
    if (image === undefined) {
      throw new NoLocalImageError(
        `Cannot browse the volume "${volume}": there is no local image to create a helper container from. Pull or build any image (a small one such as busybox is enough), then try again.`,
      );
    }
    return engine.createContainer(
      {
        name: helperName(volume, `${this.session}-${Date.now().toString(36)}`),
        Image: image.id,
        // Never started: the command only has to be something the Engine accepts.
        Entrypoint: ['/dockwright-volume-browser'],
        Cmd: [],
        Labels: { [helperLabel]: 'volume-browser', [helperVolumeLabel]: volume },
        NetworkDisabled: true,
        HostConfig: {
          NetworkMode: 'none',
          Mounts: [{ Type: 'volume', Source: volume, Target: volumeMountPoint }],
        },
      },
      signal,
    );
  }

  /** Keeps the volume's helper until `release`; an expanded tree row holds it. */
  hold(volume: string): void {
    const helper = this.helpers.get(volume);
    if (helper === undefined) {
      // Created on first use; the hold is counted then.
      this.pendingHolds.set(volume, (this.pendingHolds.get(volume) ?? 0) + 1);
      return;
    }
    helper.holds++;
    this.touch(volume, helper);
  }

  private readonly pendingHolds = new Map<string, number>();

  /** Gives up a hold; the helper is removed when nothing else holds it. */
  release(volume: string): Promise<void> {
    const pending = this.pendingHolds.get(volume);
    if (pending !== undefined) {
      if (pending <= 1) {
        this.pendingHolds.delete(volume);
      } else {
        this.pendingHolds.set(volume, pending - 1);
      }
    }
    const helper = this.helpers.get(volume);
    if (helper === undefined) {
      return Promise.resolve();
    }
    helper.holds = Math.max(0, helper.holds - 1);
    if (helper.holds === 0) {
      return this.remove(volume);
    }
    return Promise.resolve();
  }

  /** Forgets a helper that has gone (removed by a prune, say) so the next use creates another. */
  forget(volume: string): void {
    const helper = this.helpers.get(volume);
    if (helper?.idleTimer !== undefined) {
      clearTimeout(helper.idleTimer);
    }
    this.helpers.delete(volume);
  }

  private touch(volume: string, helper: Helper): void {
    const pending = this.pendingHolds.get(volume);
    if (pending !== undefined) {
      helper.holds += pending;
      this.pendingHolds.delete(volume);
    }
    if (helper.idleTimer !== undefined) {
      clearTimeout(helper.idleTimer);
      helper.idleTimer = undefined;
    }
    if (helper.holds === 0) {
      helper.idleTimer = setTimeout(() => void this.remove(volume), this.idleMs);
      helper.idleTimer.unref?.();
    }
  }

  /** Removes a volume's helper now (never the volume, nor anything else). */
  async remove(volume: string): Promise<void> {
    const helper = this.helpers.get(volume);
    if (helper === undefined) {
      return;
    }
    this.forget(volume);
    let id: string;
    try {
      id = await helper.id;
    } catch {
      return;
    }
    try {
      // `volumes` removes only anonymous volumes an image declared, never the browsed one.
      await this.engine().removeContainer(id, { force: true, volumes: true });
    } catch {
      // Gone already, or the daemon is away: nothing more can be done from here.
    }
  }

  /** Removes every helper; later uses fail. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.helpers.keys()].map((volume) => this.remove(volume)));
  }
}
