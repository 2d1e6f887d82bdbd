// Finding what stands at a position without walking the document: instructions by binary search
// over their start lines, argument offsets by binary search over an instruction's own text, and
// a per-document index of the FROM lines (built once, on first use) for stage lookups.
import type { Dockerfile, Instruction, Position, Range } from '../syntax/ast';

/** -1, 0 or 1 as `a` is before, at or after `b`. */
export function comparePositions(a: Position, b: Position): number {
  if (a.line !== b.line) return a.line < b.line ? -1 : 1;
  if (a.character !== b.character) return a.character < b.character ? -1 : 1;
  return 0;
}

/** Whether `position` lies in `range`, both ends included (a cursor just after a token hovers it). */
export function contains(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** Whether `position` lies in `range`, the end excluded. */
export function containsStrictly(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) < 0;
}

/**
 * The index of the instruction whose lines include `line` (heredoc bodies and continuation lines
 * included), or -1. Instructions are in document order and do not overlap.
 */
export function instructionIndexAt(doc: Dockerfile, line: number): number {
  const list = doc.instructions;
  let low = 0;
  let high = list.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const start = list[mid]?.keywordRange.start.line ?? 0;
    if (start <= line) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  const candidate = list[found];
  return candidate !== undefined && candidate.range.end.line >= line ? found : -1;
}

/**
 * The offset in `instruction.argText` that stands at `position`, or undefined when the position is
 * not on the arguments (on the keyword, a flag, a comment line or past the end of the text).
 */
export function argOffsetAt(instruction: Instruction, position: Position): number | undefined {
  const text = instruction.argText;
  const at = instruction.positionAt;
  // The greatest offset whose position is at or before `position`: positions grow with offsets.
  let low = 0;
  let high = text.length;
  if (comparePositions(at(0), position) > 0) return undefined;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (comparePositions(at(mid), position) <= 0) low = mid;
    else high = mid - 1;
  }
  const exact = at(low);
  if (exact.line !== position.line) return undefined;
  // Past the last character of a piece (trailing spaces before an escape-newline, say).
  if (exact.character !== position.character) return undefined;
  return low;
}

/** The document range of [start, end) in an instruction's argText. */
export function argRange(instruction: Instruction, start: number, end: number): Range {
  const from = instruction.positionAt(start);
  if (end <= start) return { start: from, end: from };
  const last = instruction.positionAt(end - 1);
  return { start: from, end: { line: last.line, character: last.character + 1 } };
}

/** The FROM lines of a document, for stage lookups. */
export interface FromIndex {
  /** Indexes (into doc.instructions) of the FROM instructions, ascending. */
  readonly froms: readonly number[];
  /** The FROM index of the first stage declaring a name (lower case). */
  firstNamed(name: string): number | undefined;
  /** Which stage (0-based) the FROM at instruction index `fromIndex` opens. */
  stageNumber(fromIndex: number): number;
  /** The index of the FROM that opens the stage of instruction `index`, or -1 before the first FROM. */
  stageStart(index: number): number;
  /** The index just past the last instruction of the stage opened at `fromIndex`. */
  stageEnd(fromIndex: number): number;
}

const indexes = new WeakMap<Dockerfile, FromIndex>();

/** The whitespace-separated words of a FROM's arguments, up to three (base, AS, name). */
function fromWords(from: Instruction): string[] {
  const text = from.argText;
  const words: string[] = [];
  let i = 0;
  while (i < text.length && words.length < 3) {
    while (i < text.length && isBlank(text.charCodeAt(i))) i++;
    const start = i;
    while (i < text.length && !isBlank(text.charCodeAt(i))) i++;
    if (i > start) words.push(text.slice(start, i));
  }
  return words;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0b || code === 0x0c;
}

/** The image or stage a FROM starts from, as written. */
export function fromBase(from: Instruction): string {
  return fromWords(from)[0] ?? '';
}

/** The stage name a FROM declares (`FROM x AS name`), as written. */
export function declaredStageName(from: Instruction): string | undefined {
  const words = fromWords(from);
  return words.length >= 3 && words[1]?.toLowerCase() === 'as' ? words[2] : undefined;
}

/** The FROM index of a document, built once per parse. */
export function fromIndexOf(doc: Dockerfile): FromIndex {
  let index = indexes.get(doc);
  if (index !== undefined) return index;
  const froms: number[] = [];
  const instructions = doc.instructions;
  for (let i = 0; i < instructions.length; i++) {
    if (instructions[i]?.keyword === 'FROM') froms.push(i);
  }
  let names: Map<string, number> | undefined;
  /** Position in `froms` of the last FROM at or before instruction `i`, or -1. */
  const lastAtOrBefore = (i: number): number => {
    let low = 0;
    let high = froms.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((froms[mid] ?? 0) <= i) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  };
  index = {
    froms,
    firstNamed(name) {
      if (names === undefined) {
        names = new Map();
        for (const i of froms) {
          const declared = declaredStageName(doc.instructions[i])?.toLowerCase();
          if (declared !== undefined && !names.has(declared)) names.set(declared, i);
        }
      }
      return names.get(name.toLowerCase());
    },
    stageNumber: (fromIndex) => lastAtOrBefore(fromIndex),
    stageStart(i) {
      const at = lastAtOrBefore(i);
      return at < 0 ? -1 : (froms[at] ?? -1);
    },
    stageEnd(fromIndex) {
      const at = lastAtOrBefore(fromIndex);
      return froms[at + 1] ?? doc.instructions.length;
    },
  };
  indexes.set(doc, index);
  return index;
}

/** Whether a line is a comment line (its first non-blank character is `#`). */
export function isCommentLine(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x23) return true;
    if (ch !== 0x20 && ch !== 0x09) return false;
  }
  return false;
}
