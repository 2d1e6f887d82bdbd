// One container's live stats: the Engine's stream of JSON samples turned into computed samples,
// ended when the container stops (the Engine then sends zeroed samples) or when disposed.
import type { Disposable } from '../docker/emitter';
import { JsonObjectSplitter } from '../docker/events';
import type { PreviousSample, StatsSample } from './statsMath';
import { computeSample } from './statsMath';

/** The Engine call a stats stream makes (DockerClient has it). */
export interface StatsSource {
  containerStats(id: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
}

/** Why a stream ended: the container stopped, the Engine closed it, it broke, or we let it go. */
export type StatsEnd =
  { reason: 'stopped' } | { reason: 'closed' } | { reason: 'failed'; error: Error } | { reason: 'disposed' };

/** A live stats stream; `ended` settles once, however it ends. */
export interface StatsStream extends Disposable {
  readonly ended: Promise<StatsEnd>;
}

/**
 * Opens a container's stats stream and calls `onSample` for each computed sample. Resolves once
 * the Engine has answered (a missing container rejects here).
 */
export async function openStatsStream(
  source: StatsSource,
  containerId: string,
  onSample: (sample: StatsSample) => void,
): Promise<StatsStream> {
  const controller = new AbortController();
  const stream = await source.containerStats(containerId, controller.signal);
  const splitter = new JsonObjectSplitter();
  let previous: PreviousSample | undefined;
  let settled = false;
  let settle: (end: StatsEnd) => void = () => undefined;
  const ended = new Promise<StatsEnd>((resolve) => {
    settle = (end) => {
      if (!settled) {
        settled = true;
        controller.abort();
        resolve(end);
      }
    };
  });
  stream.on('data', (chunk: Buffer | string) => {
    for (const text of splitter.push(chunk)) {
      if (settled) {
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        continue;
      }
      const next = computeSample(raw, previous);
      if (next === undefined) {
        settle({ reason: 'stopped' });
        return;
      }
      previous = next;
      onSample(next.sample);
    }
  });
  stream.on('error', (error: Error) => settle({ reason: 'failed', error }));
  stream.on('end', () => settle({ reason: 'closed' }));
  stream.on('close', () => settle({ reason: 'closed' }));
  return { ended, dispose: () => settle({ reason: 'disposed' }) };
}
