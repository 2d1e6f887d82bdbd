// Glue for textDocument/foldingRange: the cached parse of the document and the folding feature.
import { foldingRanges } from '../features/folding';
import type { FeatureHandler } from './host';

export const foldingHandler: FeatureHandler = {
  capabilities: { foldingRangeProvider: true },
  register(host) {
    host.connection.onFoldingRanges((params) => {
      const parsed = host.parsed(params.textDocument.uri);
      return parsed === undefined ? null : foldingRanges(parsed.doc);
    });
  },
};
