// Glue for definition, references, document highlight and rename (with prepareRename): the
// cached parse of the document and the pure navigation features. A refused rename becomes a
// ResponseError whose message the editor shows.
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import {
  definition,
  documentHighlights,
  isRefusal,
  prepareRename,
  references,
  rename,
  type NavigationOptions,
} from '../features/navigation';
import type { FeatureHandler, HandlerHost } from './host';

/** The parse and whether the client's text starts with a byte-order mark. */
async function parsedWithOptions(host: HandlerHost, uri: string, token: CancellationToken) {
  const parsed = await host.parsed(uri, token);
  if (parsed === undefined) return undefined;
  const first = parsed.document.getText({
    start: { line: 0, character: 0 },
    end: { line: 0, character: 1 },
  });
  const options: NavigationOptions = { bom: first === '\uFEFF' };
  return { doc: parsed.doc, options };
}

function refused(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

export const navigationHandler: FeatureHandler = {
  capabilities: {
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
  },
  register(host) {
    const { connection } = host;
    connection.onDefinition(async (params, token) => {
      const at = await parsedWithOptions(host, params.textDocument.uri, token);
      return at === undefined
        ? null
        : definition(at.doc, params.textDocument.uri, params.position, at.options);
    });
    connection.onReferences(async (params, token) => {
      const at = await parsedWithOptions(host, params.textDocument.uri, token);
      return at === undefined
        ? null
        : references(
            at.doc,
            params.textDocument.uri,
            params.position,
            params.context.includeDeclaration,
            at.options,
          );
    });
    connection.onDocumentHighlight(async (params, token) => {
      const at = await parsedWithOptions(host, params.textDocument.uri, token);
      return at === undefined ? null : documentHighlights(at.doc, params.position, at.options);
    });
    connection.onPrepareRename(async (params, token) => {
      const at = await parsedWithOptions(host, params.textDocument.uri, token);
      if (at === undefined) return null;
      const result = prepareRename(at.doc, params.position, at.options);
      return isRefusal(result) ? refused(result.refused) : result;
    });
    connection.onRenameRequest(async (params, token) => {
      const at = await parsedWithOptions(host, params.textDocument.uri, token);
      if (at === undefined) return null;
      const result = rename(at.doc, params.textDocument.uri, params.position, params.newName, at.options);
      return isRefusal(result) ? refused(result.refused) : result;
    });
  },
};
