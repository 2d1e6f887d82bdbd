// What a request handler gets from the server: the connection, the open documents and their
// cached parse. Handlers are the glue between LSP requests and the pure functions in features/.
import type { Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Dockerfile } from '../syntax/ast';

export interface HandlerHost {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  /** The parse of the document's current version (parsed once per version), or undefined if not open. */
  parsed(uri: string): { document: TextDocument; doc: Dockerfile } | undefined;
}

/** One feature's glue: the capabilities it announces and the handlers it registers. */
export interface FeatureHandler {
  readonly capabilities: ServerCapabilities;
  register(host: HandlerHost): void;
}
