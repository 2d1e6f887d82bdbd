// Glue for textDocument/signatureHelp: the cached parse of the document and the pure feature.
import { signatureHelp } from '../features/signatureHelp';
import type { FeatureHandler } from './host';

export const signatureHelpHandler: FeatureHandler = {
  capabilities: {
    signatureHelpProvider: { triggerCharacters: [' ', '=', ','], retriggerCharacters: [' ', ','] },
  },
  register(host) {
    host.connection.onSignatureHelp(async (params, token) => {
      const parsed = await host.parsed(params.textDocument.uri, token);
      return parsed === undefined ? null : signatureHelp(parsed.doc, params.position);
    });
  },
};
