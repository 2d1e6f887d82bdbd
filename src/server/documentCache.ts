// Parse once per document version: every request of the same version reuses the tree, and a new
// version is parsed from the previous one (only the edited instructions are read again). A large
// document's first parse is read in slices, so that the server answers other requests meanwhile.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Dockerfile } from './syntax/ast';
import {
  parseDockerfile,
  parseDockerfileSliced,
  reparseDockerfile,
  type ParseSlicing,
} from './syntax/parser';

interface Entry {
  readonly version: number;
  /** The tree, once parsed. */
  doc?: Dockerfile;
  /** The parse under way; undefined once it settled. Resolves undefined when it was dropped. */
  pending?: Promise<Dockerfile | undefined>;
  /** Stops the sliced parse this entry waits on (shared with the versions chained to it). */
  stop?: AbortController;
}

export interface DocumentCacheOptions {
  /** Texts longer than this many characters get their first parse in slices (default 256 K). */
  readonly slicedAbove?: number;
  /** How the slices share the thread (tests make them tiny). */
  readonly slicing?: Omit<ParseSlicing, 'signal'>;
}

export class DocumentCache {
  private readonly entries = new Map<string, Entry>();
  private readonly slicedAbove: number;
  /** How many parses ran (tests check that requests reuse them). */
  parses = 0;

  constructor(private readonly options: DocumentCacheOptions = {}) {
    this.slicedAbove = options.slicedAbove ?? 256 * 1024;
  }

  /** The tree of this document version, parsed now, in one go, if it is new. */
  get(document: TextDocument): Dockerfile {
    const entry = this.entries.get(document.uri);
    if (entry?.doc !== undefined && entry.version === document.version) return entry.doc;
    const text = document.getText();
    const doc = entry?.doc !== undefined ? reparseDockerfile(entry.doc, text) : parseDockerfile(text);
    this.parses++;
    this.replace(document.uri, { version: document.version, doc });
    return doc;
  }

  /**
   * The tree of the version the document has now. Small documents and edits of a parsed one are
   * parsed at once; a large document's first parse is read in slices, and the requests of its
   * version share it. Resolves undefined when that parse was dropped (the document closed, or a
   * later version was parsed another way); never with the tree of another version.
   */
  parse(document: TextDocument): Promise<Dockerfile | undefined> {
    const { uri, version } = document;
    const entry = this.entries.get(uri);
    if (entry?.version === version) {
      if (entry.doc !== undefined) return Promise.resolve(entry.doc);
      if (entry.pending !== undefined) return entry.pending;
    }
    if (entry?.doc !== undefined || document.getText().length <= this.slicedAbove) {
      return Promise.resolve(this.get(document));
    }
    const text = document.getText();
    // A version edited while the first parse is read waits for it and is then parsed from it.
    const earlier = entry?.pending;
    const stop = (earlier !== undefined ? entry?.stop : undefined) ?? new AbortController();
    const pending =
      earlier !== undefined
        ? earlier.then((tree) => (tree === undefined ? undefined : reparseDockerfile(tree, text)))
        : parseDockerfileSliced(text, { ...this.options.slicing, signal: stop.signal });
    const next: Entry = { version, pending, stop };
    this.replace(uri, next);
    const settle = (doc: Dockerfile | undefined): void => {
      if (doc !== undefined) this.parses++;
      if (this.entries.get(uri) !== next) return;
      if (doc === undefined) this.entries.delete(uri);
      else next.doc = doc;
      next.pending = undefined;
      next.stop = undefined;
    };
    void pending.then(settle, () => settle(undefined));
    return pending;
  }

  delete(uri: string): void {
    this.replace(uri, undefined);
  }

  /** Puts a new entry in place, stopping a sliced parse that nothing waits on any more. */
  private replace(uri: string, entry: Entry | undefined): void {
    const old = this.entries.get(uri);
    if (old?.stop !== undefined && old.stop !== entry?.stop) old.stop.abort();
    if (entry === undefined) this.entries.delete(uri);
    else this.entries.set(uri, entry);
  }
}
