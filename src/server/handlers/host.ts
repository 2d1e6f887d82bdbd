// What a request handler gets from the server: the connection, the open documents and their
// cached parse. Handlers are the glue between LSP requests and the pure functions in features/.
import type {
  CancellationToken,
  Connection,
  ServerCapabilities,
  TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Dockerfile } from '../syntax/ast';

export interface HandlerHost {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  /**
   * The parse of the document's current version (parsed once per version); undefined when it is
   * not open or the request was cancelled meanwhile. A large document's first parse takes a while,
   * with other requests answered meanwhile; when the document changes before it is done, the
   * promise rejects with ContentModified (the request's positions belong to the older version).
   */
  parsed(
    uri: string,
    token?: CancellationToken,
  ): Promise<{ document: TextDocument; doc: Dockerfile } | undefined>;
}

/** One feature's glue: the capabilities it announces and the handlers it registers. */
export interface FeatureHandler {
  readonly capabilities: ServerCapabilities;
  register(host: HandlerHost): void;
}
