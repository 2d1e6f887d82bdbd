// What the formatter may do to each line. The parse says where instructions, heredoc bodies and
// comments are; only the line breaks inside a continued instruction are read character by
// character, to learn whether a continuation line's indentation is free to change.
import { instructionDoc } from '../docs/instructions';
import type { Dockerfile, Instruction } from '../syntax/ast';
import { isSpace } from '../syntax/words';
import { JoinScanner } from './formatScan';
import { indentText, type FormatSettings, type IndentStyle } from './formatSettings';

export type SpanLineKind = 'keyword' | 'content' | 'comment' | 'empty';

/** One line of an instruction, from its keyword to its last continuation line. */
export interface SpanLine {
  readonly kind: SpanLineKind;
  /** A content line whose indentation may change without changing the instruction. */
  readonly reindent: boolean;
  /** At the start of this line: the joined text so far ends outside strings and escapes. */
  readonly plain: boolean;
  /** At the start of this line: the joined text so far ends with separating whitespace. */
  readonly separated: boolean;
}

/** A keyword written in another case, to be replaced on its line. */
interface Replacement {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface InstructionSpan {
  readonly instruction: Instruction;
  /** The keyword line. */
  readonly first: number;
  /** Where the keyword starts on its line. */
  readonly keywordStart: number;
  /** The last continuation line (heredoc bodies come after it). */
  readonly last: number;
  /** The last line of the instruction, heredoc bodies included. */
  readonly end: number;
  readonly lines: readonly SpanLine[];
  /** The state after the last line, for a line the user is about to add. */
  readonly after: { readonly plain: boolean; readonly separated: boolean };
  /** Whether whitespace between this instruction's words is free to change at all. */
  readonly reindentable: boolean;
  readonly replacements: readonly Replacement[];
}

/**
 * Instructions whose arguments are words (shell commands, JSON arrays, whitespace-separated lists,
 * key=value pairs): how much unquoted whitespace stands between two words does not matter. The
 * others (WORKDIR, USER, STOPSIGNAL, MAINTAINER, the legacy `ENV key value`) take their argument
 * text as one string, so a continuation line's indentation is part of the value.
 */
const WORD_ARGUMENTS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'RUN',
  'SHELL',
  'VOLUME',
]);

/** The parser's continuation rule: the escape last on the line (blanks may follow), not escaped. */
export function continuationAt(line: string, escape: string, from: number): number {
  let end = line.length;
  while (end > from && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  if (end <= from || line[end - 1] !== escape) return -1;
  if (end - 2 >= from && line[end - 2] === escape) return -1;
  return end - 1;
}

/** How many whitespace characters (as the parser counts them) the line starts with. */
export function leadingSpace(line: string): number {
  let lead = 0;
  while (lead < line.length && isSpace(line[lead] ?? '')) lead++;
  return lead;
}

/** How many spaces and tabs the line starts with. */
export function leadingBlanks(line: string): number {
  let lead = 0;
  while (lead < line.length && (line[lead] === ' ' || line[lead] === '\t')) lead++;
  return lead;
}

/** The line without its trailing spaces and tabs. */
export function trimBlankEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return end === line.length ? line : line.slice(0, end);
}

function reindentable(instruction: Instruction): boolean {
  const target = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
  if (target === undefined || !WORD_ARGUMENTS.has(target.keyword)) return false;
  if (target.keyword === 'ENV' || target.keyword === 'LABEL')
    return !target.pairs.some((pair) => pair.legacy);
  return true;
}

function keywordReplacement(doc: Dockerfile, instruction: Instruction | undefined): Replacement | undefined {
  if (instruction === undefined || instruction.keywordText === instruction.keyword) return undefined;
  // Only plain ASCII spellings of known keywords: `ı` and `ſ` upper-case to ASCII letters.
  if (!/^[A-Za-z]+$/.test(instruction.keywordText) || instructionDoc(instruction.keyword) === undefined) {
    return undefined;
  }
  const { start, end } = instruction.keywordRange;
  if (start.line !== end.line) return undefined;
  const text = doc.lines[start.line] ?? '';
  if (text.slice(start.character, end.character) !== instruction.keywordText) return undefined;
  return { line: start.line, start: start.character, end: end.character, text: instruction.keyword };
}

/**
 * Classifies the lines of one instruction and works out which may be re-indented. `after` is only
 * worked out when asked for: a line the user is adding below the last one.
 */
export function planInstruction(
  doc: Dockerfile,
  instruction: Instruction,
  settings: FormatSettings,
  withAfter = false,
): InstructionSpan {
  const lines = doc.lines;
  // The range starts at the keyword (one getter instead of two: this runs for every instruction).
  const whole = instruction.range;
  const keywordAt = whole.start;
  const first = keywordAt.line;
  const end = Math.max(first, whole.end.line);
  const heredoc = instruction.heredocs[0] ?? instruction.trigger?.heredocs[0];
  const last = heredoc === undefined ? end : Math.min(end, Math.max(first, heredoc.range.start.line - 1));
  const target = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
  const canReindent = reindentable(instruction);
  // Most instructions are one line: nothing to follow across line breaks.
  const scanned = last > first || withAfter;
  const jsonAt = scanned && target?.json !== undefined ? target.argRange.start : undefined;
  const scanner = scanned ? new JoinScanner(doc.escape) : undefined;
  let jsonStarted = false;

  const feed = (line: number, text: string, start: number, stop: number): void => {
    // The last line is only read for `after`: no line break of this instruction follows it.
    if (scanner === undefined || (line === last && !withAfter)) return;
    if (
      jsonAt !== undefined &&
      !jsonStarted &&
      (line > jsonAt.line || (line === jsonAt.line && stop > jsonAt.character))
    ) {
      const switchAt = line === jsonAt.line ? Math.max(start, jsonAt.character) : start;
      scanner.feed(text, start, switchAt);
      scanner.startJson();
      jsonStarted = true;
      start = switchAt;
    }
    scanner.feed(text, start, stop);
  };

  const spanLines: SpanLine[] = [];
  for (let line = first; line <= last; line++) {
    const text = lines[line] ?? '';
    const plain = scanner?.plain() ?? true;
    const separated = scanner?.separated() ?? false;
    if (line === first) {
      const from = keywordAt.character;
      const cut = continuationAt(text, doc.escape, from);
      spanLines.push({ kind: 'keyword', reindent: false, plain, separated });
      feed(line, text, from, cut < 0 ? text.length : cut);
      continue;
    }
    const lead = leadingSpace(text);
    if (text[lead] === '#') {
      spanLines.push({ kind: 'comment', reindent: false, plain, separated });
      continue;
    }
    if (lead === text.length) {
      spanLines.push({ kind: 'empty', reindent: false, plain, separated });
      continue;
    }
    // Changing the indentation only changes how much whitespace stands between two words, unless
    // the break is inside a string, or nothing separated the two sides before.
    const startsBlank = text[0] === ' ' || text[0] === '\t';
    const reindent = canReindent && plain && (separated || startsBlank);
    spanLines.push({ kind: 'content', reindent, plain, separated });
    const cut = continuationAt(text, doc.escape, 0);
    feed(line, text, 0, cut < 0 ? text.length : cut);
  }

  const replacements: Replacement[] = [];
  if (settings.uppercaseKeywords) {
    for (const replacement of [
      keywordReplacement(doc, instruction),
      keywordReplacement(doc, instruction.trigger),
    ]) {
      if (replacement !== undefined && replacement.line >= first && replacement.line <= last) {
        replacements.push(replacement);
      }
    }
  }
  return {
    instruction,
    first,
    keywordStart: keywordAt.character,
    last,
    end,
    lines: spanLines,
    after: { plain: scanner?.plain() ?? true, separated: scanner?.separated() ?? false },
    reindentable: canReindent,
    replacements,
  };
}

/** Applies the replacements on `line` to text[from…], after `prefix`. */
function rewrite(span: InstructionSpan, line: number, text: string, from: number, prefix: string): string {
  let out = prefix;
  let pos = from;
  for (const replacement of span.replacements) {
    if (replacement.line !== line || replacement.start < pos) continue;
    out += text.slice(pos, replacement.start) + replacement.text;
    pos = replacement.end;
  }
  return out + text.slice(pos);
}

/** The columns text[0, end) takes from the start of a line, a tab advancing to the next stop. */
export function columnsOf(text: string, end: number, tabSize: number): number {
  let columns = 0;
  for (let i = 0; i < end; i++)
    columns = text[i] === '\t' ? columns - (columns % tabSize) + tabSize : columns + 1;
  return columns;
}

/** How the continuation lines of one span are indented. */
export interface SpanIndent {
  readonly style: IndentStyle;
  /**
   * The depth in columns that becomes one unit, the rest keeping how much deeper they are;
   * undefined: every continuation line gets one unit.
   */
  readonly base: number | undefined;
}

/**
 * The depth of the shallowest continuation line the formatter re-indents, leaving out `skip`.
 * Content lines decide, so a comment written at the margin does not push the commands deeper;
 * comments only count when no content line may move.
 */
function shallowest(
  doc: Dockerfile,
  span: InstructionSpan,
  tabSize: number,
  skip: number,
): number | undefined {
  let content: number | undefined;
  let comment: number | undefined;
  for (let line = span.first + 1; line <= span.last; line++) {
    const info = span.lines[line - span.first];
    if (line === skip || info === undefined) continue;
    const text = doc.lines[line] ?? '';
    if (info.kind === 'content' && info.reindent) {
      const depth = columnsOf(text, leadingBlanks(text), tabSize);
      if (content === undefined || depth < content) content = depth;
    } else if (info.kind === 'comment' && content === undefined) {
      const depth = columnsOf(text, leadingSpace(text), tabSize);
      if (comment === undefined || depth < comment) comment = depth;
    }
  }
  return content ?? comment;
}

/**
 * How the settings indent the continuation lines of `span`; undefined when they stay as written.
 * `skip` is a line left out of the measure (the one being typed on).
 */
export function spanIndent(
  doc: Dockerfile,
  span: InstructionSpan,
  style: IndentStyle,
  settings: FormatSettings,
  skip = -1,
): SpanIndent | undefined {
  switch (settings.continuationIndent) {
    case 'keep':
      return undefined;
    case 'flat':
      return { style, base: undefined };
    default:
      return { style, base: span.last > span.first ? shallowest(doc, span, style.tabSize, skip) : undefined };
  }
}

/** The indentation a continuation line gets when its first `lead` characters are its old one. */
export function lineIndent(indent: SpanIndent, text: string, lead: number): string {
  const { style, base } = indent;
  if (base === undefined) return style.unit;
  const deeper = columnsOf(text, lead, style.tabSize) - base;
  // A comment shallower than every command line it stands among gets one unit.
  return deeper <= 0 ? style.unit : indentText(style, style.width + deeper);
}

/** Whether a keyword on `line` is to be replaced. */
function replacesOn(span: InstructionSpan, line: number): boolean {
  for (const replacement of span.replacements) if (replacement.line === line) return true;
  return false;
}

/** Whether the line ends in a space or a tab. */
function endsBlank(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last === 0x20 || last === 0x09;
}

/**
 * `prefix` followed by text[lead…] without its trailing blanks; `text` itself when that is what
 * it already reads, so most lines of a formatted file cost no new string.
 */
function reindented(text: string, lead: number, prefix: string): string {
  if (lead === prefix.length && !endsBlank(text) && text.startsWith(prefix)) return text;
  return prefix + trimBlankEnd(text.slice(lead));
}

/** The formatted text of one line of an instruction's span; `indent` undefined keeps indentation. */
export function spanLineText(
  doc: Dockerfile,
  span: InstructionSpan,
  line: number,
  indent: SpanIndent | undefined,
): string {
  const text = doc.lines[line] ?? '';
  const info = span.lines[line - span.first];
  switch (info?.kind) {
    case 'keyword':
      if (span.keywordStart === 0 && !replacesOn(span, line)) return trimBlankEnd(text);
      return trimBlankEnd(rewrite(span, line, text, span.keywordStart, ''));
    case 'empty':
      return '';
    case 'comment': {
      if (indent === undefined) return trimBlankEnd(text);
      const lead = leadingSpace(text);
      return reindented(text, lead, lineIndent(indent, text, lead));
    }
    case 'content': {
      const replaces = replacesOn(span, line);
      if (indent === undefined || !info.reindent) {
        return replaces ? trimBlankEnd(rewrite(span, line, text, 0, '')) : trimBlankEnd(text);
      }
      const lead = leadingBlanks(text);
      const prefix = lineIndent(indent, text, lead);
      if (!replaces) return reindented(text, lead, prefix);
      return trimBlankEnd(rewrite(span, line, text, lead, prefix));
    }
    default:
      return trimBlankEnd(text);
  }
}

/** Whether a line is one of the comments the parser recorded (the others are directives). */
function isRecordedComment(doc: Dockerfile, line: number): boolean {
  const comments = doc.comments;
  let low = 0;
  let high = comments.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = comments[mid]?.range.start.line ?? 0;
    if (at === line) return true;
    if (at < line) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/** The formatted text of a line outside every instruction: a comment, a directive or a blank. */
export function looseLineText(doc: Dockerfile, line: number): string {
  const text = doc.lines[line] ?? '';
  const lead = leadingSpace(text);
  if (lead === text.length) return '';
  if (text[lead] === '#' && isRecordedComment(doc, line)) return trimBlankEnd(text.slice(lead));
  return trimBlankEnd(text);
}

/** The index of the last instruction whose keyword line is at or before `line`, or -1. */
export function instructionIndexAt(doc: Dockerfile, line: number): number {
  const list = doc.instructions;
  let low = 0;
  let high = list.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((list[mid]?.range.start.line ?? 0) <= line) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}
