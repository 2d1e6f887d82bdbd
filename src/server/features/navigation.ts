// Definition, references, document highlight and rename for stages, ARG/ENV variables and
// heredoc delimiters. Each request finds the occurrence under the cursor in the document's
// navigation index (built once per parse) and answers from its symbol's group.
import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { Dockerfile } from '../syntax/ast';
import { mayHoldSymbol, variableNamesAt } from './navigationCandidate';
import {
  narrowNavigationIndex,
  navigationIndex,
  occurrenceAt,
  type NavigationIndex,
} from './navigationIndex';
import { VARIABLE_NAME, type NavSymbol, type Occurrence } from './navigationSymbols';

export interface NavigationOptions {
  /**
   * The document text starts with a byte-order mark: the parse leaves it out, the client counts
   * it in the first line's characters.
   */
  readonly bom?: boolean;
}

/** A rename that cannot be done, with the reason to show. */
export interface RenameRefusal {
  readonly refused: string;
}

/** BuildKit's rule for stage names, compared in lower case. */
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;
/** A heredoc delimiter we can write back bare or inside the quotes it had. */
const HEREDOC_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Positions in the client's terms and in the parse's, which differ only by a BOM on line 0. */
class Shift {
  constructor(private readonly bom: boolean) {}

  in(position: Position): Position {
    return this.bom && position.line === 0
      ? { line: 0, character: Math.max(0, position.character - 1) }
      : position;
  }

  out(range: Range): Range {
    if (!this.bom) return range;
    const move = (p: Position): Position => (p.line === 0 ? { line: 0, character: p.character + 1 } : p);
    return { start: move(range.start), end: move(range.end) };
  }
}

interface Found {
  readonly index: NavigationIndex;
  readonly occurrence: Occurrence;
  readonly symbol: NavSymbol;
  readonly shift: Shift;
}

/**
 * The symbol under the cursor. `whole`: the answer needs every symbol of the document (rename
 * checks for clashes with other names); otherwise an index narrowed to the names the cursor's
 * word may be is asked first, and the whole index only when that finds nothing.
 */
function find(
  doc: Dockerfile,
  position: Position,
  options: NavigationOptions,
  whole = false,
): Found | undefined {
  const shift = new Shift(options.bom === true);
  const at = shift.in(position);
  if (!mayHoldSymbol(doc, at)) return undefined;
  if (!whole) {
    const found = findIn(narrowNavigationIndex(doc, variableNamesAt(doc, at)), at, shift);
    if (found !== undefined) return found;
  }
  return findIn(navigationIndex(doc), at, shift);
}

function findIn(index: NavigationIndex, at: Position, shift: Shift): Found | undefined {
  const occurrence = occurrenceAt(index, at);
  const symbol = occurrence === undefined ? undefined : index.symbols[occurrence.symbol];
  return occurrence === undefined || symbol === undefined ? undefined : { index, occurrence, symbol, shift };
}

/**
 * Where the name under the cursor is declared: a use goes to the declaration it binds to; a
 * bare `ARG NAME` goes to the global ARG it takes its value from. Null for names no declaration
 * of this file binds (predefined args, the base image's variables).
 */
export function definition(
  doc: Dockerfile,
  uri: string,
  position: Position,
  options: NavigationOptions = {},
): Location[] | null {
  const found = find(doc, position, options);
  if (found === undefined) return null;
  const { occurrence, shift } = found;
  const target = occurrence.target ?? (occurrence.declaration ? occurrence : undefined);
  return target === undefined ? null : [{ uri, range: shift.out(target.range) }];
}

/** Every occurrence of the symbol under the cursor, declarations only when asked for. */
export function references(
  doc: Dockerfile,
  uri: string,
  position: Position,
  includeDeclaration: boolean,
  options: NavigationOptions = {},
): Location[] | null {
  const found = find(doc, position, options);
  if (found === undefined) return null;
  return found.symbol.occurrences
    .filter((occurrence) => includeDeclaration || !occurrence.declaration)
    .map((occurrence) => ({ uri, range: found.shift.out(occurrence.range) }));
}

/** The symbol's occurrences in this document: declarations as writes, uses as reads. */
export function documentHighlights(
  doc: Dockerfile,
  position: Position,
  options: NavigationOptions = {},
): DocumentHighlight[] | null {
  const found = find(doc, position, options);
  if (found === undefined) return null;
  return found.symbol.occurrences.map((occurrence) => ({
    range: found.shift.out(occurrence.range),
    kind: occurrence.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}

/** The name a rename would change, or why it cannot be renamed; null where there is no symbol. */
export function prepareRename(
  doc: Dockerfile,
  position: Position,
  options: NavigationOptions = {},
): { range: Range; placeholder: string } | RenameRefusal | null {
  const found = find(doc, position, options);
  if (found === undefined) return null;
  if (found.symbol.refusal !== undefined) return { refused: found.symbol.refusal };
  return { range: found.shift.out(found.occurrence.range), placeholder: found.occurrence.text };
}

/** Renames the symbol under the cursor everywhere in the document, or says why it cannot. */
export function rename(
  doc: Dockerfile,
  uri: string,
  position: Position,
  newName: string,
  options: NavigationOptions = {},
): WorkspaceEdit | RenameRefusal | null {
  const found = find(doc, position, options, true);
  if (found === undefined) return null;
  const { symbol, shift } = found;
  if (symbol.refusal !== undefined) return { refused: symbol.refusal };
  const problem = renameProblem(found, newName);
  if (problem !== undefined) return { refused: problem };
  const edits: TextEdit[] = symbol.occurrences.map((occurrence) => ({
    range: shift.out(occurrence.range),
    newText: newName,
  }));
  return { changes: { [uri]: edits } };
}

/** Whether a result is a refusal. */
export function isRefusal(value: unknown): value is RenameRefusal {
  return typeof value === 'object' && value !== null && 'refused' in value;
}

function renameProblem(found: Found, newName: string): string | undefined {
  const { index, symbol } = found;
  switch (symbol.kind) {
    case 'stage': {
      const lower = newName.toLowerCase();
      if (!STAGE_NAME.test(lower)) {
        return `invalid name for build stage: "${newName}", name can't start with a number or contain symbols`;
      }
      if (lower !== symbol.name.toLowerCase() && index.stageNames.has(lower)) {
        return `A stage named "${newName}" already exists.`;
      }
      if (index.otherSources.has(lower)) {
        return `"${newName}" already names an image or build context here; a stage of that name would take its place.`;
      }
      return undefined;
    }
    case 'variable':
      if (!VARIABLE_NAME.test(newName)) {
        return `"${newName}" is not a valid variable name: use letters, digits and underscores, not starting with a digit.`;
      }
      return newName === symbol.name ? undefined : variableClash(index, symbol, newName);
    case 'heredoc': {
      if (!HEREDOC_NAME.test(newName)) {
        return `"${newName}" is not a usable heredoc delimiter: use letters, digits, "_", "." and "-", not starting with "-".`;
      }
      const heredoc = symbol.heredoc;
      if (heredoc === undefined || !heredoc.terminated) return undefined;
      const lines = index.doc.lines;
      for (let line = heredoc.range.start.line; line < heredoc.range.end.line; line++) {
        const text = heredoc.chomp ? (lines[line] ?? '').replace(/^\t+/, '') : lines[line];
        if (text === newName) return `The heredoc body has a line "${newName}", which would end it early.`;
      }
      return undefined;
    }
  }
}

/**
 * Another variable of the new name in a scope the renamed one reaches would be captured or
 * would capture: the stages where the symbol occurs, and the stages built on those where it is
 * declared (they inherit it).
 */
function variableClash(index: NavigationIndex, symbol: NavSymbol, newName: string): string | undefined {
  const reached = new Set<number>();
  const declaredIn = new Set<number>();
  for (const occurrence of symbol.occurrences) {
    reached.add(occurrence.region);
    if (occurrence.declaration) declaredIn.add(occurrence.region);
  }
  // Stages are in order and build only on earlier ones: one forward pass finds every descendant.
  const inherits = new Set<number>(declaredIn);
  index.stageBases.forEach((base, stage) => {
    if (base !== undefined && inherits.has(base)) inherits.add(stage);
  });
  for (const stage of inherits) reached.add(stage);
  for (const other of index.symbols) {
    if (other === symbol || other.kind !== 'variable' || other.name !== newName) continue;
    const hit = other.occurrences.find((occurrence) => reached.has(occurrence.region));
    if (hit !== undefined) {
      return `"${newName}" is already used on line ${hit.range.start.line + 1}; renaming would change what it refers to.`;
    }
  }
  return undefined;
}
