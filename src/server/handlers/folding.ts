// Glue for textDocument/foldingRange: the cached parse of the document and the folding feature.
import { foldingRanges } from '../features/folding';
import type { FeatureHandler } from './host';

export const foldingHandler: FeatureHandler = {
  capabilities: { foldingRangeProvider: true },
  register(host) {
    host.connection.onFoldingRanges(async (params, token) => {
      const parsed = await host.parsed(params.textDocument.uri, token);
      return parsed === undefined ? null : foldingRanges(parsed.doc);
    });
  },
};
