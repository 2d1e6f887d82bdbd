// Glue for textDocument/codeAction: quick fixes and "ignore" actions come straight from the
// cached parse; only when the range touches a FROM image does it also ask the client what the
// daemon knows (for "pin to digest"), waiting at most a few hundred milliseconds.
import { CodeActionKind } from 'vscode-languageserver/node';
import type { ImageDetails } from '../../shared/imageDetails';
import { codeActions, imagesToAsk } from '../features/codeActions';
import type { FeatureHandler } from './host';
import { imageDetailsRequesterFor } from './hover';

export const codeActionsHandler: FeatureHandler = {
  capabilities: {
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
  },
  register(host) {
    const requester = imageDetailsRequesterFor(host.connection);
    host.connection.onCodeAction(async (params, token) => {
      const parsed = await host.parsed(params.textDocument.uri, token);
      if (parsed === undefined) return null;
      const input = {
        uri: params.textDocument.uri,
        range: params.range,
        diagnostics: params.context.diagnostics,
        ...(params.context.only !== undefined ? { only: params.context.only } : {}),
      };
      const references = imagesToAsk(parsed.doc, params.range, params.context.only);
      if (references.length === 0) return codeActions(parsed.doc, input);
      const images = new Map<string, ImageDetails>();
      const answers = await Promise.all(references.map((reference) => requester.details(reference, token)));
      references.forEach((reference, i) => {
        const details = answers[i];
        if (details !== undefined) images.set(reference, details);
      });
      // The ranges of the request belong to the version it was made on: act on that parse.
      return codeActions(parsed.doc, { ...input, images });
    });
  },
};
