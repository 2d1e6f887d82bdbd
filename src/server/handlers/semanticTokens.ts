// Glue for textDocument/semanticTokens/full and /range: the cached parse and the tokens feature.
import { semanticTokens, semanticTokensInRange, semanticTokensLegend } from '../features/semanticTokens';
import type { FeatureHandler } from './host';

export const semanticTokensHandler: FeatureHandler = {
  capabilities: { semanticTokensProvider: { legend: semanticTokensLegend, full: true, range: true } },
  register(host) {
    host.connection.languages.semanticTokens.on(async (params, token) => {
      const parsed = await host.parsed(params.textDocument.uri, token);
      return parsed === undefined ? { data: [] } : semanticTokens(parsed.doc);
    });
    host.connection.languages.semanticTokens.onRange(async (params, token) => {
      const parsed = await host.parsed(params.textDocument.uri, token);
      return parsed === undefined ? { data: [] } : semanticTokensInRange(parsed.doc, params.range);
    });
  },
};
