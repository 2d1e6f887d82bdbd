// Glue for textDocument/documentLink: the cached parse and the image page links feature.
import { documentLinks } from '../features/documentLinks';
import type { FeatureHandler } from './host';

export const documentLinksHandler: FeatureHandler = {
  capabilities: { documentLinkProvider: { resolveProvider: false } },
  register(host) {
    host.connection.onDocumentLinks(async (params, token) => {
      const parsed = await host.parsed(params.textDocument.uri, token);
      return parsed === undefined ? null : documentLinks(parsed.doc);
    });
  },
};
