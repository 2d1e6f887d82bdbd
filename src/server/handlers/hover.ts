// Glue for textDocument/hover: the cached parse of the document and the pure hover feature. Over
// the image of a FROM it also asks the client what the local daemon knows about that image,
// waiting at most a few hundred milliseconds; no answer means the hover is shown without it.
import {
  CancellationTokenSource,
  ErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from 'vscode-languageserver/node';
import {
  imageDetailsRequestMethod,
  imageDetailsRequestTimeoutMs,
  readImageDetails,
  type ImageDetails,
  type ImageDetailsParams,
} from '../../shared/imageDetails';
import { fromImageAt, hover, withImageDetails } from '../features/hover';
import type { FeatureHandler } from './host';

/** How long one answer is reused, so moving along a FROM line does not ask again and again. */
const answerCacheMs = 5_000;

interface Asked {
  readonly at: number;
  readonly answer: Promise<ImageDetails | undefined>;
  readonly source: CancellationTokenSource;
}

/**
 * Asks the client for an image's details, giving up after `timeoutMs`. An answer that comes late
 * is still kept for the next request; a client without the request is not asked again.
 */
export class ImageDetailsRequester {
  private unsupported = false;
  private readonly asked = new Map<string, Asked>();

  constructor(
    private readonly connection: Pick<Connection, 'sendRequest'>,
    private readonly timeoutMs = imageDetailsRequestTimeoutMs,
    private readonly now: () => number = Date.now,
  ) {}

  async details(reference: string, token?: CancellationToken): Promise<ImageDetails | undefined> {
    if (this.unsupported || reference === '' || token?.isCancellationRequested === true) return undefined;
    const entry = this.entry(reference);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopWaiting: (() => void) | undefined;
    const gaveUp = new Promise<undefined>((resolve) => {
      stopWaiting = () => resolve(undefined);
      timer = setTimeout(stopWaiting, this.timeoutMs);
    });
    const outer = token?.onCancellationRequested(() => stopWaiting?.());
    try {
      return await Promise.race([entry.answer, gaveUp]);
    } finally {
      clearTimeout(timer);
      outer?.dispose();
    }
  }

  private entry(reference: string): Asked {
    const time = this.now();
    for (const [key, old] of this.asked) {
      if (time - old.at < answerCacheMs) continue;
      old.source.cancel();
      old.source.dispose();
      this.asked.delete(key);
    }
    const known = this.asked.get(reference);
    if (known !== undefined) return known;
    const source = new CancellationTokenSource();
    const params: ImageDetailsParams = { reference };
    const answer = this.connection
      .sendRequest(imageDetailsRequestMethod, params, source.token)
      .then(readImageDetails, (err: unknown) => {
        if (err instanceof ResponseError && err.code === ErrorCodes.MethodNotFound) this.unsupported = true;
        return undefined;
      });
    const entry: Asked = { at: time, answer, source };
    this.asked.set(reference, entry);
    return entry;
  }
}

const requesters = new WeakMap<object, ImageDetailsRequester>();

/** The one requester of a connection, shared by hover and code actions. */
export function imageDetailsRequesterFor(connection: Pick<Connection, 'sendRequest'>): ImageDetailsRequester {
  let requester = requesters.get(connection);
  if (requester === undefined) {
    requester = new ImageDetailsRequester(connection);
    requesters.set(connection, requester);
  }
  return requester;
}

export const hoverHandler: FeatureHandler = {
  capabilities: { hoverProvider: true },
  register(host) {
    const requester = imageDetailsRequesterFor(host.connection);
    host.connection.onHover(async (params, token) => {
      const parsed = await host.parsed(params.textDocument.uri, token);
      if (parsed === undefined) return null;
      const base = hover(parsed.doc, params.position);
      const image = fromImageAt(parsed.doc, params.position);
      if (image === undefined) return base;
      const details = await requester.details(image.reference, token);
      return details === undefined ? base : withImageDetails(base, details, image.range);
    });
  },
};
