// Glue for textDocument/codeLens: the cached parse and the build lenses feature.
import { codeLenses } from '../features/codeLens';
import type { FeatureHandler } from './host';

export const codeLensHandler: FeatureHandler = {
  capabilities: { codeLensProvider: { resolveProvider: false } },
  register(host) {
    host.connection.onCodeLens(async (params, token) => {
      const parsed = await host.parsed(params.textDocument.uri, token);
      return parsed === undefined ? null : codeLenses(parsed.doc, params.textDocument.uri);
    });
  },
};
