// Glue for definition, references, document highlight and rename (with prepareRename): the
// cached parse of the document and the pure navigation features. A refused rename becomes a
// ResponseError whose message the editor shows.
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
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
function parsedWithOptions(host: HandlerHost, uri: string) {
  const parsed = host.parsed(uri);
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
    connection.onDefinition((params) => {
      const at = parsedWithOptions(host, params.textDocument.uri);
      return at === undefined
        ? null
        : definition(at.doc, params.textDocument.uri, params.position, at.options);
    });
    connection.onReferences((params) => {
      const at = parsedWithOptions(host, params.textDocument.uri);
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
    connection.onDocumentHighlight((params) => {
      const at = parsedWithOptions(host, params.textDocument.uri);
      return at === undefined ? null : documentHighlights(at.doc, params.position, at.options);
    });
    connection.onPrepareRename((params) => {
      const at = parsedWithOptions(host, params.textDocument.uri);
      if (at === undefined) return null;
      const result = prepareRename(at.doc, params.position, at.options);
      return isRefusal(result) ? refused(result.refused) : result;
    });
    connection.onRenameRequest((params) => {
      const at = parsedWithOptions(host, params.textDocument.uri);
      if (at === undefined) return null;
      const result = rename(at.doc, params.textDocument.uri, params.position, params.newName, at.options);
      return isRefusal(result) ? refused(result.refused) : result;
    });
  },
};
