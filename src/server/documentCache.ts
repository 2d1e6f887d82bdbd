// Parse once per document version: every request of the same version reuses the tree, and a new
// version is parsed from the previous one (only the edited instructions are read again).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Dockerfile } from './syntax/ast';
import { parseDockerfile, reparseDockerfile } from './syntax/parser';

export class DocumentCache {
  private readonly entries = new Map<string, { version: number; doc: Dockerfile }>();
  /** How many parses ran (tests check that requests reuse them). */
  parses = 0;

  /** The tree of this document version, parsed now if it is new. */
  get(document: TextDocument): Dockerfile {
    const entry = this.entries.get(document.uri);
    if (entry !== undefined && entry.version === document.version) return entry.doc;
    const text = document.getText();
    const doc = entry !== undefined ? reparseDockerfile(entry.doc, text) : parseDockerfile(text);
    this.parses++;
    this.entries.set(document.uri, { version: document.version, doc });
    return doc;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
