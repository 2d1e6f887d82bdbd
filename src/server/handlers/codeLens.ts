// Glue for textDocument/codeLens: the cached parse and the build lenses feature.
import { codeLenses } from '../features/codeLens';
import type { FeatureHandler } from './host';

export const codeLensHandler: FeatureHandler = {
  capabilities: { codeLensProvider: { resolveProvider: false } },
  register(host) {
    host.connection.onCodeLens((params) => {
      const parsed = host.parsed(params.textDocument.uri);
      return parsed === undefined ? null : codeLenses(parsed.doc, params.textDocument.uri);
    });
  },
};
