// Formatting of Dockerfiles: whole document, a range, and on typing. Instruction and comment lines
// lose their leading whitespace, the shallowest continuation line of an instruction gets one unit
// of indentation and the others keep how much deeper they were (or, as set, all get one unit or
// stay as written), trailing blanks go, keywords are upper-cased. Parser directives, heredoc bodies and argument text are left as
// written, and no edit changes what the parser reads. Formatting formatted text changes nothing.
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { Dockerfile, Instruction } from '../syntax/ast';
import {
  continuationAt,
  instructionIndexAt,
  leadingBlanks,
  leadingSpace,
  lineIndent,
  looseLineText,
  planInstruction,
  spanIndent,
  spanLineText,
  type InstructionSpan,
} from './formatPlan';
import { indentStyle, type FormatSettings, type IndentOptions, type IndentStyle } from './formatSettings';

/** A change on one line: characters [start, end) become `newText`. */
interface LineChange {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** The smallest change turning `before` into `after` on one line; undefined when they are equal. */
function lineChange(before: string, after: string): LineChange | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}

function textEdit(line: number, change: LineChange): TextEdit {
  return {
    range: { start: { line, character: change.start }, end: { line, character: change.end } },
    newText: change.newText,
  };
}

/** The smallest edit turning `before` into `after` on one line; undefined when they are equal. */
function lineEdit(line: number, before: string, after: string): TextEdit | undefined {
  const change = lineChange(before, after);
  return change === undefined ? undefined : textEdit(line, change);
}

/** What formatting one instruction changes, under one indentation style and settings. */
interface SpanChanges {
  readonly variant: string;
  /** The edits, on the lines where the instruction stands (the cache is per instruction object). */
  readonly edits: readonly TextEdit[];
}

const UNCHANGED: readonly TextEdit[] = [];

/**
 * Each instruction's changes, reused by later versions of the document: the incremental parse
 * keeps an instruction object only while its lines (and the escape character) stay as they were,
 * and nothing outside those lines decides how they are formatted.
 */
const spanChanges = new WeakMap<Instruction, SpanChanges>();

/** The key of one indentation style and settings: a cached result holds for that key only. */
function variantOf(style: IndentStyle, settings: FormatSettings): string {
  return `${style.unit}|${style.tabSize}|${settings.continuationIndent}|${settings.uppercaseKeywords ? 1 : 0}`;
}

function changesOf(
  doc: Dockerfile,
  instruction: Instruction,
  style: IndentStyle,
  settings: FormatSettings,
  variant: string,
): SpanChanges {
  const cached = spanChanges.get(instruction);
  if (cached !== undefined && cached.variant === variant) return cached;
  const span = planInstruction(doc, instruction, settings);
  const indent = spanIndent(doc, span, style, settings);
  const edits: TextEdit[] = [];
  for (let at = span.first; at <= span.last; at++) {
    const edit = lineEdit(at, doc.lines[at] ?? '', spanLineText(doc, span, at, indent));
    if (edit !== undefined) edits.push(edit);
  }
  const result: SpanChanges = { variant, edits: edits.length === 0 ? UNCHANGED : edits };
  spanChanges.set(instruction, result);
  return result;
}

/** True when `looseLineText` would return the line as it is: no blanks at either end. */
function looseLineFormatted(text: string): boolean {
  if (text.length === 0) return true;
  const head = text.charCodeAt(0);
  if (head === 32 || (head >= 9 && head <= 13) || head >= 0x85) return false;
  const tail = text.charCodeAt(text.length - 1);
  return tail !== 32 && tail !== 9;
}

/**
 * Formats the lines from `from` to `to`: an instruction that starts before `from` but reaches it
 * is formatted whole, and so is one that starts inside and reaches past `to`.
 */
function formatLines(
  doc: Dockerfile,
  from: number,
  to: number,
  options: IndentOptions,
  settings: FormatSettings,
): TextEdit[] {
  const lines = doc.lines;
  const list = doc.instructions;
  const style = indentStyle(options);
  const variant = variantOf(style, settings);
  const edits: TextEdit[] = [];
  let index = instructionIndexAt(doc, from);
  let line = from;
  const containing = list[index];
  if (containing !== undefined && containing.range.end.line >= from) {
    line = Math.min(line, containing.range.start.line);
  } else {
    index++;
  }
  const last = Math.min(to, lines.length - 1);
  // The next instruction and its range (a getter that builds a new object: read once).
  let instruction = list[index];
  let range = instruction?.range;
  while (line <= last) {
    if (instruction !== undefined && range !== undefined && range.start.line <= line) {
      const first = range.start.line;
      // Lines already formatted (only if instructions overlapped) are not edited twice.
      for (const edit of changesOf(doc, instruction, style, settings, variant).edits) {
        if (edit.range.start.line >= line) edits.push(edit);
      }
      // The span ends with the instruction's last line, heredoc bodies included.
      line = Math.max(line, first + 1, range.end.line + 1);
      instruction = list[++index];
      range = instruction?.range;
      continue;
    }
    const text = lines[line] ?? '';
    if (!looseLineFormatted(text)) {
      const edit = lineEdit(line, text, looseLineText(doc, line));
      if (edit !== undefined) edits.push(edit);
    }
    line++;
  }
  return edits;
}

/** Edits that format the whole document; none when it is already formatted. */
export function formatDocument(
  doc: Dockerfile,
  options: IndentOptions,
  settings: FormatSettings,
): TextEdit[] {
  return formatLines(doc, 0, doc.lines.length - 1, options, settings);
}

/**
 * Edits that format the instructions the range touches, each as a whole, and the comment and
 * blank lines inside the range. A range that ends at the start of a line leaves that line alone.
 */
export function formatRange(
  doc: Dockerfile,
  range: Range,
  options: IndentOptions,
  settings: FormatSettings,
): TextEdit[] {
  const from = Math.max(0, range.start.line);
  const to = range.end.character === 0 && range.end.line > from ? range.end.line - 1 : range.end.line;
  if (to < from) return [];
  return formatLines(doc, from, to, options, settings);
}

/** The instruction span whose keyword-to-last-continuation lines contain `line`. */
function spanAt(doc: Dockerfile, line: number, settings: FormatSettings): InstructionSpan | undefined {
  const instruction = doc.instructions[instructionIndexAt(doc, line)];
  if (instruction === undefined || instruction.range.end.line < line) return undefined;
  const span = planInstruction(doc, instruction, settings, true);
  return line <= span.last ? span : undefined;
}

/** True when `line` of the span is an instruction line that ends in the escape character. */
function continues(doc: Dockerfile, span: InstructionSpan, line: number): boolean {
  const kind = span.lines[line - span.first]?.kind;
  if (kind !== 'keyword' && kind !== 'content') return false;
  const from = kind === 'keyword' ? span.keywordStart : 0;
  return continuationAt(doc.lines[line] ?? '', doc.escape, from) >= 0;
}

/**
 * The indentation for a line typed below `previous`: one unit below the keyword line, and in
 * `indent` mode as deep as `previous` is once formatted, leaving the new line out of the measure.
 */
function typedIndent(
  doc: Dockerfile,
  span: InstructionSpan,
  previous: number,
  target: number,
  style: IndentStyle,
  settings: FormatSettings,
): string {
  const info = span.lines[previous - span.first];
  if (info?.kind !== 'content' || !info.reindent) return style.unit;
  const indent = spanIndent(doc, span, style, settings, target);
  if (indent === undefined) return style.unit;
  const text = doc.lines[previous] ?? '';
  return lineIndent(indent, text, leadingBlanks(text));
}

/** The edit giving `line` (a line after a continued one) the continuation indent, if it may have it. */
function indentEdit(
  doc: Dockerfile,
  span: InstructionSpan,
  line: number,
  unit: string,
): TextEdit | undefined {
  const text = doc.lines[line] ?? '';
  const info = line <= span.last ? span.lines[line - span.first] : undefined;
  const state = info ?? span.after;
  const blank = leadingSpace(text) === text.length;
  if (blank) {
    // The user is about to type here: whitespace must already separate it from the line above.
    if (!span.reindentable || !state.plain || !state.separated) return undefined;
    return lineEdit(line, text, unit);
  }
  if (info?.kind === 'comment') return lineEdit(line, text, unit + text.slice(leadingSpace(text)));
  if (info?.kind === 'content' && info.reindent)
    return lineEdit(line, text, unit + text.slice(leadingBlanks(text)));
  return undefined;
}

/**
 * On-type formatting. After Enter at the end of a line that ends in the escape character, the new
 * line gets the continuation indent (in `indent` mode, that of the line above once formatted); after typing the escape character at the end of a line, the
 * line below (now a continuation line) does. Anything else typed anywhere else changes nothing.
 */
export function formatOnType(
  doc: Dockerfile,
  position: Position,
  ch: string,
  options: IndentOptions,
  settings: FormatSettings,
): TextEdit[] {
  if (settings.continuationIndent === 'keep') return [];
  let previous: number;
  let target: number;
  if (ch === '\n' || ch === '\r\n') {
    previous = position.line - 1;
    target = position.line;
  } else if (ch === doc.escape) {
    const text = doc.lines[position.line] ?? '';
    // Only the escape that now ends the line, not one typed in the middle of it.
    if (continuationAt(text, doc.escape, 0) !== position.character - 1) return [];
    previous = position.line;
    target = position.line + 1;
  } else {
    return [];
  }
  if (previous < 0 || target >= doc.lines.length) return [];
  const span = spanAt(doc, previous, settings);
  if (span === undefined || !continues(doc, span, previous)) return [];
  // A line after the instruction's last continuation line belongs to a heredoc body or to nothing;
  // after the escape character only an existing line that now continues the instruction moves.
  if (target > span.last && (target <= span.end || ch === doc.escape)) return [];
  if (ch === doc.escape && span.lines[target - span.first]?.kind === 'empty') return [];
  const unit = typedIndent(doc, span, previous, target, indentStyle(options), settings);
  const edit = indentEdit(doc, span, target, unit);
  return edit === undefined ? [] : [edit];
}
