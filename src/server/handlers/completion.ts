// Glue for textDocument/completion: completes on the cached parse and, where an image reference is
// being typed, asks the client for images (the daemon's, and a named registry's repositories and
// tags), waiting at most a few hundred milliseconds. No answer, an error or a client without the
// request all mean "no images".
import {
  CancellationTokenSource,
  ErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from 'vscode-languageserver/node';
import {
  imagesRequestMethod,
  imagesRequestTimeoutMs,
  type ImageEntry,
  type ImagesParams,
} from '../../shared/imageCompletion';
import { completionAt, imageCompletionItems } from '../features/completion';
import { resolveCompletionItem } from '../features/completionDocs';
import type { FeatureHandler } from './host';

/** Keeps only well-formed entries of an answer the client sent. */
export function readImagesAnswer(answer: unknown): ImageEntry[] {
  const images = (answer as { images?: unknown } | null | undefined)?.images;
  if (!Array.isArray(images)) return [];
  const entries: ImageEntry[] = [];
  for (const image of images as unknown[]) {
    const { name, tags, registry } = (image ?? {}) as { name?: unknown; tags?: unknown; registry?: unknown };
    if (typeof name !== 'string' || name === '') continue;
    const tagList = Array.isArray(tags)
      ? (tags as unknown[]).filter((t): t is string => typeof t === 'string')
      : [];
    entries.push(typeof registry === 'string' ? { name, tags: tagList, registry } : { name, tags: tagList });
  }
  return entries;
}

/** Asks the client for images, giving up after `timeoutMs`; remembers a client that cannot answer. */
export class ImageRequester {
  private unsupported = false;

  constructor(
    private readonly connection: Pick<Connection, 'sendRequest'>,
    private readonly timeoutMs = imagesRequestTimeoutMs,
  ) {}

  async images(prefix: string, token: CancellationToken): Promise<readonly ImageEntry[]> {
    if (this.unsupported || token.isCancellationRequested) return [];
    const source = new CancellationTokenSource();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopWaiting: (() => void) | undefined;
    const gaveUp = new Promise<undefined>((resolve) => {
      stopWaiting = () => resolve(undefined);
      timer = setTimeout(stopWaiting, this.timeoutMs);
    });
    const outer = token.onCancellationRequested(() => stopWaiting?.());
    const params: ImagesParams = { prefix };
    const asked = this.connection
      .sendRequest(imagesRequestMethod, params, source.token)
      .then(readImagesAnswer, (err: unknown) => {
        if (err instanceof ResponseError && err.code === ErrorCodes.MethodNotFound) this.unsupported = true;
        return [];
      });
    try {
      const answer = await Promise.race([asked, gaveUp]);
      if (answer === undefined) source.cancel();
      return answer ?? [];
    } finally {
      clearTimeout(timer);
      outer.dispose();
      source.dispose();
    }
  }
}

export const completionHandler: FeatureHandler = {
  capabilities: {
    completionProvider: {
      // `/` only for image references (`FROM host:port/` lists that registry's repositories).
      triggerCharacters: ['-', '=', '$', '{', ',', ':', ' ', '/'],
      resolveProvider: true,
    },
  },
  register(host) {
    const requester = new ImageRequester(host.connection);
    host.connection.onCompletion(async (params, token) => {
      const parsed = await host.parsed(params.textDocument.uri, token);
      if (parsed === undefined) return null;
      const trigger = params.context?.triggerCharacter;
      const result = completionAt(
        parsed.doc,
        params.position,
        trigger !== undefined ? { triggerCharacter: trigger } : {},
      );
      if (result.image === undefined) return trigger === '/' ? null : result.items;
      const images = await requester.images(result.image.prefix, token);
      return images.length === 0
        ? result.items
        : [...result.items, ...imageCompletionItems(result.image, images)];
    });
    host.connection.onCompletionResolve((item) => resolveCompletionItem(item));
  },
};
