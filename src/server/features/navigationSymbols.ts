// The pieces the navigation index is made of: occurrences of a name, the symbols they group
// into, and a union-find that joins declarations as uses and re-declarations link them.
import type { Dockerfile, Heredoc, Range } from '../syntax/ast';
import { comparePositions } from './locate';

export type NavSymbolKind = 'stage' | 'variable' | 'heredoc';

/** One place a symbol's name stands in the document. */
export interface Occurrence {
  /** The name only (no `$`, braces, quotes or `<<`). */
  readonly range: Range;
  /** The name as written there. */
  readonly text: string;
  readonly declaration: boolean;
  /** The symbol (an index into NavigationIndex.symbols), set when the index is complete. */
  symbol: number;
  /**
   * For a use: the declaration it binds to. For a declaration that takes its value from an
   * earlier one (a bare `ARG NAME` re-declaring a global ARG): that earlier declaration.
   */
  target: Occurrence | undefined;
  /** Where a variable occurrence is evaluated: a stage number, or -1 for the global scope. */
  readonly region: number;
}

export interface NavSymbol {
  readonly kind: NavSymbolKind;
  /** The name as first written. */
  readonly name: string;
  /** Every occurrence, in document order. */
  readonly occurrences: readonly Occurrence[];
  /** Why the symbol cannot be renamed, when it cannot. */
  readonly refusal: string | undefined;
  /** For a heredoc: the delimiter's heredoc (its body must not hold the new name as a line). */
  readonly heredoc: Heredoc | undefined;
}

/** A variable name as BuildKit and the shell read one. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Symbols under construction: ids joined with a union-find as uses link declarations. */
export class SymbolTable {
  private readonly parent: number[] = [];
  private readonly kinds: NavSymbolKind[] = [];
  private readonly names: string[] = [];
  private readonly refusals: (string | undefined)[] = [];
  private readonly heredocs: (Heredoc | undefined)[] = [];
  readonly occurrences: Occurrence[] = [];

  create(kind: NavSymbolKind, name: string, refusal?: string, heredoc?: Heredoc): number {
    const id = this.parent.length;
    this.parent.push(id);
    this.kinds.push(kind);
    this.names.push(name);
    this.refusals.push(refusal);
    this.heredocs.push(heredoc);
    return id;
  }

  find(id: number): number {
    let root = id;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;
    // Path compression keeps later finds short.
    let at = id;
    while (at !== root) {
      const next = this.parent[at] ?? root;
      this.parent[at] = root;
      at = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The older symbol stays the root; a refusal on either side holds for both.
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[child] = root;
    this.refusals[root] ??= this.refusals[child];
  }

  add(
    symbol: number,
    range: Range,
    text: string,
    declaration: boolean,
    region: number,
    target?: Occurrence,
  ): Occurrence {
    // The symbol id is provisional until finish() resolves the unions.
    const occurrence: Occurrence = { range, text, declaration, symbol, target, region };
    this.occurrences.push(occurrence);
    return occurrence;
  }

  /** Resolves every occurrence to its final symbol and groups them. */
  finish(): { occurrences: Occurrence[]; symbols: NavSymbol[] } {
    // Occurrences arrive almost in document order: sort only when they are not.
    const all = this.occurrences;
    let ordered = true;
    for (let i = 1; i < all.length && ordered; i++) {
      ordered = comparePositions(all[i - 1].range.start, all[i].range.start) <= 0;
    }
    const sorted = ordered ? all : all.slice().sort((a, b) => comparePositions(a.range.start, b.range.start));
    // Each root symbol gets a slot in order of its first occurrence; groups are cut to size from
    // one array ordered by slot (the index lives as long as its parse: no spare capacity).
    const slots = new Int32Array(this.parent.length).fill(-1);
    const counts: number[] = [];
    const roots: number[] = [];
    for (const occurrence of sorted) {
      const root = this.find(occurrence.symbol);
      let slot = slots[root] ?? -1;
      if (slot < 0) {
        slot = roots.length;
        slots[root] = slot;
        roots.push(root);
        counts.push(0);
      }
      occurrence.symbol = slot;
      counts[slot] = (counts[slot] ?? 0) + 1;
    }
    const starts = new Int32Array(roots.length + 1);
    for (let slot = 0; slot < roots.length; slot++)
      starts[slot + 1] = (starts[slot] ?? 0) + (counts[slot] ?? 0);
    const fill = starts.slice(0, roots.length);
    const bySlot = new Array<Occurrence>(sorted.length);
    for (const occurrence of sorted) bySlot[fill[occurrence.symbol]++] = occurrence;
    const symbols: NavSymbol[] = roots.map((root, slot) => ({
      kind: this.kinds[root] ?? 'variable',
      name: this.names[root] ?? '',
      occurrences: bySlot.slice(starts[slot], starts[slot + 1]),
      refusal: this.refusals[root],
      heredoc: this.heredocs[root],
    }));
    // Overlapping occurrences cannot be told apart by position: keep the first of each.
    let overlapping = false;
    for (let i = 1; i < sorted.length && !overlapping; i++) {
      overlapping = comparePositions(sorted[i].range.start, sorted[i - 1].range.end) < 0;
    }
    if (!overlapping) return { occurrences: sorted, symbols };
    const kept: Occurrence[] = [];
    for (const occurrence of sorted) {
      const last = kept[kept.length - 1];
      if (last !== undefined && comparePositions(occurrence.range.start, last.range.end) < 0) continue;
      kept.push(occurrence);
    }
    return { occurrences: kept, symbols };
  }
}

/** [start, end) of `text` with one pair of matching outer quotes removed. */
export function unquoted(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && (text[s] === ' ' || text[s] === '\t')) s++;
  while (e > s && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
  const first = text[s];
  if (e - s >= 2 && (first === '"' || first === "'") && text[e - 1] === first) return [s + 1, e - 1];
  return [s, e];
}

export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** The text a single-line range covers, or undefined when it spans lines. */
export function rangeText(doc: Dockerfile, range: Range): string | undefined {
  if (range.start.line !== range.end.line) return undefined;
  return doc.lines[range.start.line]?.slice(range.start.character, range.end.character);
}
