// Glue for textDocument/signatureHelp: the cached parse of the document and the pure feature.
import { signatureHelp } from '../features/signatureHelp';
import type { FeatureHandler } from './host';

export const signatureHelpHandler: FeatureHandler = {
  capabilities: {
    signatureHelpProvider: { triggerCharacters: [' ', '=', ','], retriggerCharacters: [' ', ','] },
  },
  register(host) {
    host.connection.onSignatureHelp((params) => {
      const parsed = host.parsed(params.textDocument.uri);
      return parsed === undefined ? null : signatureHelp(parsed.doc, params.position);
    });
  },
};
