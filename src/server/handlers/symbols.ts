// Glue for textDocument/documentSymbol: the cached parse of the document and the outline feature.
import { documentSymbols } from '../features/symbols';
import type { FeatureHandler } from './host';

export const symbolsHandler: FeatureHandler = {
  capabilities: { documentSymbolProvider: { label: 'Dockerfile' } },
  register(host) {
    host.connection.onDocumentSymbol(async (params, token) => {
      const parsed = await host.parsed(params.textDocument.uri, token);
      return parsed === undefined ? null : documentSymbols(parsed.doc);
    });
  },
};
