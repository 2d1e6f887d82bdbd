// Semantic tokens, full and by range, in one pass over the parse. Each instruction's tokens are
// gathered, sorted among themselves and cut around each other (a variable inside a value splits
// the value's string token); comments, which may sit between an instruction's lines, are merged
// in by line. Work is linear in the text covered: no re-parsing, no per-token document scans.
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import type { Dockerfile, Instruction, Position, Range } from '../syntax/ast';
import { isKeyword } from '../syntax/keywords';
import { instructionIdentity } from '../syntax/parser';
import { variableReferences } from '../syntax/shellLex';
import { isPredefinedArg } from '../semantics/scope';
import { stagesOf, type StageModel } from '../semantics/stages';

/** Token types, in legend order. */
export const TOKEN_TYPES = [
  'keyword',
  'parameter',
  'string',
  'comment',
  'variable',
  'class',
  'type',
  'macro',
  'label',
  'number',
  'property',
] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** Token modifiers, in legend order (bit i of the modifier set is modifier i). */
export const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary'] as const;
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export const semanticTokensLegend: SemanticTokensLegend = {
  tokenTypes: [...TOKEN_TYPES],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

const TYPE: Readonly<Record<TokenType, number>> = Object.fromEntries(
  TOKEN_TYPES.map((name, i) => [name, i]),
) as Record<TokenType, number>;
const DECLARATION = 1;
const DEFAULT_LIBRARY = 2;

/** Exec form of these runs without variable expansion. */
const EXEC_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK']);

/** One token on one line. */
interface Token {
  line: number;
  start: number;
  end: number;
  type: number;
  modifiers: number;
}

const models = new WeakMap<Dockerfile, StageModel>();

function stageModelOf(doc: Dockerfile): StageModel {
  let model = models.get(doc);
  if (model === undefined) {
    model = stagesOf(doc.instructions);
    models.set(doc, model);
  }
  return model;
}

/**
 * One instruction's tokens, five numbers each (line relative to its keyword's line, start, end,
 * type, modifiers), with what they were computed against: stage names decide whether a word is a
 * stage or an image, and the escape character how a line ends.
 */
interface InstructionTokenCache {
  readonly stages: string;
  readonly stageIndex: number;
  readonly escape: string;
  readonly data: readonly number[];
}

/** Keyed by instruction identity, so an instruction an edit only moved keeps its tokens. */
const instructionTokenCache = new WeakMap<object, InstructionTokenCache>();
const stageNames = new WeakMap<Dockerfile, string>();

function stageNamesOf(doc: Dockerfile, model: StageModel): string {
  let names = stageNames.get(doc);
  if (names === undefined) {
    names = model.stages.map((stage) => stage.name?.toLowerCase() ?? '').join('\n');
    stageNames.set(doc, names);
  }
  return names;
}

function instructionTokens(
  builder: InstructionTokens,
  instruction: Instruction,
  model: StageModel,
  stages: string,
  escape: string,
): readonly number[] {
  const identity = instructionIdentity(instruction);
  const stageIndex = model.stageOf(instruction)?.index ?? -1;
  const cached = instructionTokenCache.get(identity);
  if (
    cached !== undefined &&
    cached.stages === stages &&
    cached.stageIndex === stageIndex &&
    cached.escape === escape
  ) {
    return cached.data;
  }
  const base = instruction.keywordRange.start.line;
  const data: number[] = [];
  for (const token of builder.tokens(instruction)) {
    data.push(token.line - base, token.start, token.end, token.type, token.modifiers);
  }
  instructionTokenCache.set(identity, { stages, stageIndex, escape, data });
  return data;
}

/** The semantic tokens of the whole document. Never throws. */
export function semanticTokens(doc: Dockerfile): SemanticTokens {
  return tokensBetween(doc, 0, Number.MAX_SAFE_INTEGER, 0, doc.instructions.length, 0);
}

/** The semantic tokens of the lines a range touches. Never throws. */
export function semanticTokensInRange(doc: Dockerfile, range: Range): SemanticTokens {
  const first = range.start.line;
  const last = range.end.line;
  const instructions = doc.instructions;
  // The first instruction that ends on or after the first line; they are in order and disjoint.
  let low = 0;
  let high = instructions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((instructions[mid]?.range.end.line ?? 0) < first) low = mid + 1;
    else high = mid;
  }
  let end = low;
  while (end < instructions.length && (instructions[end]?.keywordRange.start.line ?? 0) <= last) end++;
  const comments = doc.comments;
  let c = 0;
  let cHigh = comments.length;
  while (c < cHigh) {
    const mid = (c + cHigh) >> 1;
    if ((comments[mid]?.range.start.line ?? 0) < first) c = mid + 1;
    else cHigh = mid;
  }
  return tokensBetween(doc, first, last, low, end, c);
}

function tokensBetween(
  doc: Dockerfile,
  firstLine: number,
  lastLine: number,
  fromInstruction: number,
  toInstruction: number,
  fromComment: number,
): SemanticTokens {
  const out = new Encoder(firstLine, lastLine);
  for (const directive of doc.directives) {
    out.push(single(directive.nameRange, TYPE.macro, 0));
    out.push(single(directive.valueRange, TYPE.string, 0));
  }
  const comments = doc.comments;
  let nextComment = fromComment;
  const commentsBefore = (line: number): void => {
    for (;;) {
      const comment = comments[nextComment];
      if (comment === undefined || comment.range.start.line >= line) return;
      out.push(single(comment.range, TYPE.comment, 0));
      nextComment++;
    }
  };
  const model = stageModelOf(doc);
  const builder = new InstructionTokens(doc, model);
  const stages = stageNamesOf(doc, model);
  for (let i = fromInstruction; i < toInstruction; i++) {
    const instruction = doc.instructions[i];
    if (instruction === undefined) continue;
    const data = instructionTokens(builder, instruction, model, stages, doc.escape);
    const base = instruction.keywordRange.start.line;
    for (let t = 0; t < data.length; t += 5) {
      const line = base + (data[t] ?? 0);
      commentsBefore(line);
      out.add(line, data[t + 1] ?? 0, data[t + 2] ?? 0, data[t + 3] ?? 0, data[t + 4] ?? 0);
    }
  }
  commentsBefore(lastLine + 1);
  return { data: out.data };
}

function single(range: Range, type: number, modifiers: number): Token {
  return {
    line: range.start.line,
    start: range.start.character,
    end: range.end.line === range.start.line ? range.end.character : range.start.character,
    type,
    modifiers,
  };
}

/** Writes tokens in LSP's relative encoding, dropping empty, overlapping and out-of-range ones. */
class Encoder {
  /** The encoded tokens, five numbers each, as the plain array LSP sends. */
  readonly data: number[] = [];
  private line = 0;
  private character = 0;
  private end = 0;

  constructor(
    private readonly firstLine: number,
    private readonly lastLine: number,
  ) {}

  push(token: Token): void {
    this.add(token.line, token.start, token.end, token.type, token.modifiers);
  }

  add(line: number, start: number, end: number, type: number, modifiers: number): void {
    if (end <= start || line < this.firstLine || line > this.lastLine) return;
    if (line < this.line || (line === this.line && start < this.end)) return;
    const deltaLine = line - this.line;
    const data = this.data;
    const at = data.length;
    data[at] = deltaLine;
    data[at + 1] = deltaLine === 0 ? start - this.character : start;
    data[at + 2] = end - start;
    data[at + 3] = type;
    data[at + 4] = modifiers;
    this.line = line;
    this.character = start;
    this.end = end;
  }
}

/** Gathers one instruction's tokens: foreground ones, and background ones cut around them. */
class InstructionTokens {
  private fg: Token[] = [];
  private bg: Token[] = [];

  constructor(
    private readonly doc: Dockerfile,
    private readonly model: StageModel,
  ) {}

  tokens(instruction: Instruction): Token[] {
    this.fg = [];
    this.bg = [];
    this.instruction(instruction, instruction);
    return this.merge();
  }

  private instruction(instruction: Instruction, owner: Instruction): void {
    const keyword = instruction.keyword;
    if (isKeyword(keyword)) this.range(instruction.keywordRange, TYPE.keyword, 0, true);
    for (const flag of instruction.flags) {
      this.range({ start: flag.range.start, end: flag.nameRange.end }, TYPE.parameter, 0, true);
      if (flag.valueRange !== undefined) this.flagValue(keyword, flag.name, flag.valueRange, owner);
    }
    if (instruction.trigger !== undefined) {
      this.instruction(instruction.trigger, owner);
      return;
    }
    const text = instruction.argText;
    const exec = instruction.json !== undefined;
    switch (keyword) {
      case 'FROM':
        this.from(instruction);
        break;
      case 'ARG':
      case 'ENV':
      case 'LABEL':
        this.pairs(instruction);
        break;
      case 'EXPOSE':
        this.ports(instruction);
        break;
      case 'HEALTHCHECK': {
        const sub = /^\S+/.exec(text)?.[0] ?? '';
        const upper = sub.toUpperCase();
        if (upper === 'CMD' || upper === 'NONE') this.arg(instruction, 0, sub.length, TYPE.keyword, 0, true);
        break;
      }
      default:
        break;
    }
    if (exec) this.jsonStrings(instruction);
    if (!(exec && EXEC_KEYWORDS.has(keyword)) && keyword !== 'FROM') this.variables(instruction);
    for (const heredoc of instruction.heredocs) {
      this.range(heredoc.markerRange, TYPE.label, 0, true);
      if (!heredoc.terminated) continue;
      const line = heredoc.range.end.line;
      const lineText = this.doc.lines[line] ?? '';
      let start = 0;
      if (heredoc.chomp) while (lineText.charCodeAt(start) === 0x09) start++;
      this.fg.push({ line, start, end: start + heredoc.name.length, type: TYPE.label, modifiers: 0 });
    }
  }

  private from(from: Instruction): void {
    const words = from.words;
    const base = words[0];
    if (base === undefined) return;
    const stage = this.model.stageOf(from);
    const named = this.model.stageNamed(base.text, stage?.index ?? this.model.stages.length);
    if (named !== undefined) this.range(base.range, TYPE.class, 0, true);
    else if (base.text.includes('$')) {
      this.range(base.range, TYPE.type, 0, false);
      this.variablesOf(from, 0, base.text.length);
    } else this.range(base.range, TYPE.type, 0, true);
    const as = words[1];
    const name = words[2];
    if (as !== undefined && name !== undefined && as.text.toLowerCase() === 'as') {
      this.range(as.range, TYPE.keyword, 0, true);
      this.range(name.range, TYPE.class, DECLARATION, true);
    }
  }

  private pairs(instruction: Instruction): void {
    const label = instruction.keyword === 'LABEL';
    const isArg = instruction.keyword === 'ARG';
    for (const pair of instruction.pairs) {
      const predefined = isArg && isPredefinedArg(pair.key) ? DEFAULT_LIBRARY : 0;
      this.range(pair.keyRange, label ? TYPE.property : TYPE.variable, DECLARATION | predefined, true);
      if (pair.valueRange !== undefined) this.range(pair.valueRange, TYPE.string, 0, false);
    }
  }

  private ports(instruction: Instruction): void {
    for (const word of instruction.words) {
      if (word.range.start.line !== word.range.end.line) continue;
      const digits = /^\d+(?:-\d+)?/.exec(word.text)?.[0].length ?? 0;
      if (digits === 0) continue;
      const { line, character } = word.range.start;
      this.fg.push({ line, start: character, end: character + digits, type: TYPE.number, modifiers: 0 });
    }
  }

  /** The strings of an exec-form argument list. */
  private jsonStrings(instruction: Instruction): void {
    const text = instruction.argText;
    let i = text.indexOf('[');
    if (i < 0) return;
    for (i++; i < text.length; i++) {
      if (text.charCodeAt(i) !== 0x22) continue;
      const start = i;
      for (i++; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 0x5c) i++;
        else if (ch === 0x22) break;
      }
      this.arg(instruction, start, Math.min(i + 1, text.length), TYPE.string, 0, false);
    }
  }

  private flagValue(keyword: string, name: string, value: Range, owner: Instruction): void {
    const raw = this.rawText(value);
    if (name === 'from' && (keyword === 'COPY' || keyword === 'ADD') && raw !== undefined) {
      const stage = this.model.stageOf(owner);
      if (/^\d+$/.test(raw)) this.range(value, TYPE.number, 0, true);
      else if (this.model.stageNamed(raw, stage?.index ?? this.model.stages.length) !== undefined)
        this.range(value, TYPE.class, 0, true);
      else this.range(value, TYPE.type, 0, false);
    } else if (name === 'mount' && raw !== undefined) {
      this.mountFields(raw, value.start, owner);
    } else {
      this.range(value, TYPE.string, 0, false);
    }
    if (raw !== undefined && raw.includes('$')) this.refsAt(raw, value.start);
  }

  /** `type=cache,target=/x`: keys as properties, values as strings (a stage after `from=`). */
  private mountFields(raw: string, at: Position, owner: Instruction): void {
    let start = 0;
    while (start <= raw.length) {
      let end = raw.indexOf(',', start);
      if (end < 0) end = raw.length;
      const eq = raw.indexOf('=', start);
      const line = at.line;
      const base = at.character;
      if (eq >= 0 && eq < end) {
        this.fg.push({ line, start: base + start, end: base + eq, type: TYPE.property, modifiers: 0 });
        const key = raw.slice(start, eq).toLowerCase();
        const fieldValue = raw.slice(eq + 1, end);
        const stage = this.model.stageOf(owner);
        const isStage =
          key === 'from' &&
          this.model.stageNamed(fieldValue, stage?.index ?? this.model.stages.length) !== undefined;
        const token = { line, start: base + eq + 1, end: base + end, modifiers: 0 };
        if (isStage) this.fg.push({ ...token, type: TYPE.class });
        else this.bg.push({ ...token, type: TYPE.string });
      } else {
        this.fg.push({ line, start: base + start, end: base + end, type: TYPE.property, modifiers: 0 });
      }
      start = end + 1;
    }
  }

  /** The document text of a one-line range; undefined when it spans lines. */
  private rawText(range: Range): string | undefined {
    if (range.start.line !== range.end.line) return undefined;
    return (this.doc.lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  }

  private variables(instruction: Instruction): void {
    this.variablesOf(instruction, 0, instruction.argText.length);
  }

  /** Variable references in argText[start, end). */
  private variablesOf(instruction: Instruction, start: number, end: number): void {
    const text = instruction.argText;
    if (text.indexOf('$', start) < 0) return;
    const slice = start === 0 && end === text.length ? text : text.slice(start, end);
    let covered = -1;
    for (const ref of variableReferences(slice, { escape: this.doc.escape })) {
      if (ref.start < covered) continue;
      covered = ref.end;
      const modifiers = isPredefinedArg(ref.name) ? DEFAULT_LIBRARY : 0;
      this.arg(instruction, start + ref.start, start + ref.end, TYPE.variable, modifiers, true);
    }
  }

  /** Variable references in a one-line text that starts at `at`. */
  private refsAt(text: string, at: Position): void {
    let covered = -1;
    for (const ref of variableReferences(text, { escape: this.doc.escape })) {
      if (ref.start < covered) continue;
      covered = ref.end;
      this.fg.push({
        line: at.line,
        start: at.character + ref.start,
        end: at.character + ref.end,
        type: TYPE.variable,
        modifiers: isPredefinedArg(ref.name) ? DEFAULT_LIBRARY : 0,
      });
    }
  }

  /** argText[start, end) as tokens. */
  private arg(
    instruction: Instruction,
    start: number,
    end: number,
    type: number,
    modifiers: number,
    foreground: boolean,
  ): void {
    if (end <= start) return;
    const at = instruction.positionAt;
    const from = at(start);
    const last = at(end - 1);
    this.range(
      { start: from, end: { line: last.line, character: last.character + 1 } },
      type,
      modifiers,
      foreground,
    );
  }

  /** A document range as tokens, one per line it covers (comment and blank lines skipped). */
  private range(range: Range, type: number, modifiers: number, foreground: boolean): void {
    const list = foreground ? this.fg : this.bg;
    const { start, end } = range;
    if (start.line === end.line) {
      if (end.character > start.character) {
        list.push({ line: start.line, start: start.character, end: end.character, type, modifiers });
      }
      return;
    }
    const lines = this.doc.lines;
    list.push({
      line: start.line,
      start: start.character,
      end: contentEnd(lines[start.line] ?? '', this.doc.escape),
      type,
      modifiers,
    });
    for (let line = start.line + 1; line < end.line; line++) {
      const text = lines[line] ?? '';
      const lead = text.length - text.trimStart().length;
      if (lead === text.length || text[lead] === '#') continue;
      list.push({ line, start: 0, end: contentEnd(text, this.doc.escape), type, modifiers });
    }
    list.push({ line: end.line, start: 0, end: end.character, type, modifiers });
  }

  /** Foreground tokens in order, background tokens filling the gaps around them. */
  private merge(): Token[] {
    // Both lists are mostly in order already, which the sort's run detection makes cheap.
    const fg = this.fg.sort(byPosition);
    const bg = this.bg.sort(byPosition);
    if (bg.length === 0) return fg;
    const out: Token[] = [];
    let j = 0;
    for (const back of bg) {
      while (j < fg.length && before(fg[j], back.line, back.start)) out.push(fg[j++]);
      let front = fg[j];
      if (front === undefined || front.line !== back.line || front.start >= back.end) {
        out.push(back);
        continue;
      }
      let cursor = back.start;
      while (front !== undefined && front.line === back.line && front.start < back.end) {
        if (front.start > cursor) out.push(piece(back, cursor, front.start));
        out.push(front);
        cursor = Math.max(cursor, front.end);
        front = fg[++j];
      }
      if (cursor < back.end) out.push(piece(back, cursor, back.end));
    }
    while (j < fg.length) out.push(fg[j++]);
    return out;
  }
}

function piece(token: Token, start: number, end: number): Token {
  return { line: token.line, start, end, type: token.type, modifiers: token.modifiers };
}

function byPosition(a: Token, b: Token): number {
  return a.line - b.line || a.start - b.start;
}

function before(token: Token, line: number, character: number): boolean {
  return token.line < line || (token.line === line && token.start < character);
}

/** Where a line's part of the logical line ends: before the escape character that continues it. */
function contentEnd(text: string, escape: string): number {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end > 0 && text[end - 1] === escape ? end - 1 : end;
}
