// The Dockerfile parser. It reads lines the way BuildKit's parser does (directives, comments,
// continuations, heredoc bodies) and keeps a range on every node. It never throws: what BuildKit
// would reject becomes a SyntaxProblem and parsing carries on.
import type {
  Comment,
  Directive,
  Dockerfile,
  Flag,
  Heredoc,
  Instruction,
  KeyValue,
  Position,
  Range,
  SyntaxProblem,
  Word,
} from './ast';
import { range } from './ast';
import { heredocMarkers } from './heredocs';
import { KEYWORDS } from './keywords';
import { isSpaceCode, readJsonArray, splitQuoted, splitWhitespace, type RawWord } from './words';

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const WHITESPACE_SPLIT = new Set(['FROM', 'EXPOSE', 'ADD', 'COPY', 'VOLUME']);
/**
 * One shared empty list for the many instructions without heredocs, pairs, flags or comments.
 * Not frozen: V8 iterates a frozen array on a slow path, and a loop that once met one (every
 * rule loops over these lists) stays slow and allocates on every step. Read-only by type.
 */
const NONE: readonly never[] = [];
/**
 * The list at exactly its size, NONE when empty. A list grown by push keeps room for more than it
 * holds (at least 16 slots); the tree keeps thousands of short lists, and the copy is cheaper to
 * make than the slack is to carry through every collection while the tree lives.
 */
function fitted<T>(list: readonly T[] | undefined): readonly T[] {
  return list === undefined || list.length === 0 ? NONE : list.slice();
}
const MAYBE_JSON = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'ADD', 'COPY', 'VOLUME']);

/**
 * Maps offsets of a logical line (continuations joined) back to document positions. The first
 * piece starts at offset 0 and is kept in fields: most instructions stand on one line. Each later
 * piece (from a continuation line) is three numbers in `rest`: where it starts in the logical
 * line, and the document line and character it came from; one flat list of exactly that size
 * weighs a fraction of an object per piece.
 */
class LineMap {
  constructor(
    private readonly line: number,
    private readonly character: number,
    /** offset, line, character of each later piece, by ascending offset. */
    private readonly rest: readonly number[] = NONE,
  ) {}

  at(offset: number): Position {
    const rest = this.rest;
    // How many later pieces start at or before the offset; the last of them holds it.
    let low = 0;
    let high = rest.length / 3;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (rest[mid * 3] <= offset) low = mid + 1;
      else high = mid;
    }
    if (low === 0) return { line: this.line, character: this.character + offset };
    const at = (low - 1) * 3;
    return { line: rest[at + 1], character: rest[at + 2] + (offset - rest[at]) };
  }

  /** The range of [start, end): the end is just after the last character. */
  range(start: number, end: number): Range {
    const from = this.at(start);
    if (end <= start) return { start: from, end: from };
    const last = this.at(end - 1);
    return { start: from, end: { line: last.line, character: last.character + 1 } };
  }

  /** The same map for text that now stands `delta` lines further down. */
  moved(delta: number): LineMap {
    const rest =
      this.rest.length === 0 ? NONE : this.rest.map((value, i) => (i % 3 === 1 ? value + delta : value));
    return new LineMap(this.line + delta, this.character, rest);
  }

  /** A map for the slice of this line that starts at `base`. */
  shifted(base: number): LineMap {
    if (this.rest.length === 0) return new LineMap(this.line, this.character + base);
    const start = this.at(base);
    const rest: number[] = [];
    for (let i = 0; i < this.rest.length; i += 3) {
      if (this.rest[i] > base) rest.push(this.rest[i] - base, this.rest[i + 1], this.rest[i + 2]);
    }
    return new LineMap(start.line, start.character, rest.length === 0 ? NONE : rest.slice());
  }
}

/**
 * The continuation rule: the escape character last on the line (spaces and tabs may follow), not
 * itself escaped. Returns where the escape stands, or -1. Characters before `from` are not read.
 */
function continuationAt(line: string, escape: string, from: number): number {
  let end = line.length;
  while (end > from && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  if (end <= from || line[end - 1] !== escape) return -1;
  if (end - 2 >= from && line[end - 2] === escape) return -1;
  return end - 1;
}

/** Tab, line feed, vertical tab, form feed, carriage return or space. */
function isAsciiBlank(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/** How many whitespace characters the line starts with. */
function leadingSpace(line: string): number {
  let lead = 0;
  while (lead < line.length && isSpaceCode(line.charCodeAt(lead))) lead++;
  return lead;
}

function isCommentLine(line: string): boolean {
  return line[leadingSpace(line)] === '#';
}

/** Where the arguments after the flags start, as the last extractFlags call found it. */
let flagsEnd = 0;

/**
 * Builder flags (`--name=value`) at the start of the arguments, as BuildKit extracts them; `map`
 * places them in the document. Where the arguments start is left in `flagsEnd` (no result object
 * per instruction).
 */
function extractFlags(text: string, from: number, map: LineMap): readonly Flag[] {
  let flags: FlagNode[] | undefined;
  let pos = from;
  for (;;) {
    while (pos < text.length && isSpaceCode(text.charCodeAt(pos))) pos++;
    if (pos >= text.length || text.charCodeAt(pos) !== 45 || text.charCodeAt(pos + 1) !== 45) {
      flagsEnd = Math.min(pos, text.length);
      return fitted(flags);
    }
    const start = pos;
    // Most flags hold no quote or backslash: their value is the text as written.
    let plain = true;
    while (pos < text.length) {
      const code = text.charCodeAt(pos);
      if (isSpaceCode(code)) break;
      if (code === 39 || code === 34 || code === 92) {
        plain = false;
        break;
      }
      pos++;
    }
    if (!plain) pos = start;
    let word = plain ? text.slice(start, pos) : '';
    let quote = '';
    while (!plain && pos < text.length) {
      const ch = text[pos] ?? '';
      if (quote === '' && isSpaceCode(text.charCodeAt(pos))) break;
      if (quote === '' && (ch === "'" || ch === '"')) {
        quote = ch;
      } else if (quote !== '' && ch === quote) {
        quote = '';
      } else if (ch === '\\' && pos + 1 < text.length) {
        pos++;
        word += text[pos] ?? '';
      } else if (ch !== '\\') {
        word += ch;
      }
      pos++;
    }
    if (word === '--') {
      flagsEnd = pos;
      return fitted(flags);
    }
    (flags ??= []).push(new FlagNode(text.slice(start, pos), word, map, start, pos));
  }
}

/** One builder flag; its ranges are worked out when asked for. */
class FlagNode implements Flag {
  readonly name: string;
  readonly value: string | undefined;
  private cachedRange: Range | undefined;

  constructor(
    private readonly raw: string,
    /** The flag as BuildKit hands it on: `--name=value` or `--name`. */
    readonly text: string,
    private readonly map: LineMap,
    private readonly start: number,
    private readonly end: number,
  ) {
    const eq = raw.indexOf('=');
    this.name = raw.slice(2, eq < 0 ? undefined : eq);
    const valueEq = text.indexOf('=');
    this.value = valueEq < 0 ? undefined : text.slice(valueEq + 1);
  }

  /** The same flag read through another map (its instruction moved). */
  withMap(map: LineMap): FlagNode {
    return new FlagNode(this.raw, this.text, map, this.start, this.end);
  }

  get range(): Range {
    this.cachedRange ??= this.map.range(this.start, this.end);
    return this.cachedRange;
  }

  get nameRange(): Range {
    const eq = this.raw.indexOf('=');
    return this.map.range(this.start + 2, eq < 0 ? this.end : this.start + eq);
  }

  get valueRange(): Range | undefined {
    const eq = this.raw.indexOf('=');
    return eq < 0 ? undefined : this.map.range(this.start + eq + 1, this.end);
  }
}

/** One word of an instruction's arguments; its range is worked out when asked for. */
class WordNode implements Word, RawWord {
  private cachedRange: Range | undefined;

  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
    private readonly map: LineMap,
  ) {}

  get range(): Range {
    this.cachedRange ??= this.map.range(this.start, this.end);
    return this.cachedRange;
  }
}

/** Makes the words of an instruction, placed by its argument map. */
function wordMaker(map: LineMap): (text: string, start: number, end: number) => WordNode {
  return (text, start, end) => new WordNode(text, start, end, map);
}

/**
 * One instruction. Ranges, flags and words are worked out on first use: most rules read a few
 * fields of a few instructions, and a large file should not pay for the rest.
 */
/**
 * The same object for every version of an instruction that differs only by where it sits (an edit
 * above it moved it): per-instruction caches keyed by it survive such edits.
 */
export function instructionIdentity(instruction: Instruction): object {
  return instruction instanceof InstructionNode ? instruction.identity : instruction;
}

/**
 * What few instructions have (heredocs, a trigger, comments, problems, blank continuation lines)
 * and what few readers ask for, kept apart: the tree holds thousands of instructions, and each
 * field they all carried would weigh on every collection while the tree lives.
 */
class Rare {
  heredocs: readonly Heredoc[] = NONE;
  trigger: InstructionNode | undefined = undefined;
  comments: readonly string[] = NONE;
  emptyContinuationLines: readonly number[] = NONE;
  regionComments: readonly Comment[] = NONE;
  ownProblems: readonly SyntaxProblem[] = NONE;
  keywordRange: Range | undefined = undefined;
  positionAt: ((offset: number) => Position) | undefined = undefined;
  /** For a moved copy, the instruction it was first parsed as. */
  identity: InstructionNode | undefined = undefined;
}

class InstructionNode implements Instruction {
  /** The first line of this instruction's region: blank and comment lines above it included. */
  firstLine = 0;
  /** The line where reading resumed after this instruction. */
  nextLine = 0;
  private end: Position;
  private cachedArgMap: LineMap | undefined;
  /** Set by the parser for ENV, LABEL and ARG, whose pairs are read from the same words. */
  cachedWords: readonly Word[] | undefined;
  private rare: Rare | undefined;

  constructor(
    readonly keyword: string,
    readonly keywordText: string,
    private readonly keywordStart: number,
    private readonly map: LineMap,
    readonly flags: readonly Flag[],
    private readonly argBase: number,
    readonly argText: string,
    readonly json: readonly string[] | undefined,
    comments: readonly string[],
    readonly original: string,
    emptyContinuationLines: readonly number[],
    lastLine: Position,
    private readonly escape: string,
  ) {
    this.end = lastLine;
    if (comments.length > 0) this.kept().comments = comments;
    if (emptyContinuationLines.length > 0) this.kept().emptyContinuationLines = emptyContinuationLines;
  }

  pairs: readonly KeyValue[] = NONE;

  private cachedRange: Range | undefined;

  /** The instruction this one was first parsed as (itself unless it is a moved copy). */
  get identity(): InstructionNode {
    return this.rare?.identity ?? this;
  }

  /** The rare fields, made on first write. */
  private kept(): Rare {
    this.rare ??= new Rare();
    return this.rare;
  }

  get heredocs(): readonly Heredoc[] {
    return this.rare?.heredocs ?? NONE;
  }

  set heredocs(heredocs: readonly Heredoc[]) {
    if (heredocs.length > 0 || this.rare !== undefined) this.kept().heredocs = heredocs;
  }

  get trigger(): InstructionNode | undefined {
    return this.rare?.trigger;
  }

  set trigger(trigger: InstructionNode | undefined) {
    if (trigger !== undefined || this.rare !== undefined) this.kept().trigger = trigger;
  }

  get comments(): readonly string[] {
    return this.rare?.comments ?? NONE;
  }

  get emptyContinuationLines(): readonly number[] {
    return this.rare?.emptyContinuationLines ?? NONE;
  }

  /** The comments of the region, in line order (those above it and inside its continuation). */
  get regionComments(): readonly Comment[] {
    return this.rare?.regionComments ?? NONE;
  }

  set regionComments(comments: readonly Comment[]) {
    if (comments.length > 0 || this.rare !== undefined) this.kept().regionComments = comments;
  }

  /** What the parser rejects in this instruction. */
  get ownProblems(): readonly SyntaxProblem[] {
    return this.rare?.ownProblems ?? NONE;
  }

  set ownProblems(problems: readonly SyntaxProblem[]) {
    if (problems.length > 0 || this.rare !== undefined) this.kept().ownProblems = problems;
  }

  /** Ranges are read many times by the rules; each is built once (they are never changed). */
  get keywordRange(): Range {
    const rare = this.kept();
    rare.keywordRange ??= this.map.range(this.keywordStart, this.keywordStart + this.keywordText.length);
    return rare.keywordRange;
  }

  /** This instruction as it reads `delta` lines further down (the text around it was edited). */
  moved(delta: number): InstructionNode {
    const map = this.map.moved(delta);
    const node = new InstructionNode(
      this.keyword,
      this.keywordText,
      this.keywordStart,
      map,
      this.flags.length === 0
        ? NONE
        : this.flags.map((flag) => (flag instanceof FlagNode ? flag.withMap(map) : flag)),
      this.argBase,
      this.argText,
      this.json,
      this.comments,
      this.original,
      this.emptyContinuationLines.length === 0
        ? NONE
        : this.emptyContinuationLines.map((line) => line + delta),
      movedPosition(this.end, delta),
      this.escape,
    );
    node.kept().identity = this.identity;
    node.firstLine = this.firstLine + delta;
    node.nextLine = this.nextLine + delta;
    node.heredocs = this.heredocs.length === 0 ? NONE : this.heredocs.map((doc) => movedHeredoc(doc, delta));
    node.trigger = this.trigger?.moved(delta);
    node.pairs =
      this.pairs.length === 0
        ? NONE
        : this.pairs.map((pair) => (pair instanceof PairNode ? pair.withMap(node.argMap) : pair));
    node.regionComments =
      this.regionComments.length === 0
        ? NONE
        : this.regionComments.map((comment) => ({ ...comment, range: movedRange(comment.range, delta) }));
    node.ownProblems =
      this.ownProblems.length === 0
        ? NONE
        : this.ownProblems.map((problem) => ({ ...problem, range: movedRange(problem.range, delta) }));
    return node;
  }

  get range(): Range {
    this.cachedRange ??= { start: this.map.at(this.keywordStart), end: this.end };
    return this.cachedRange;
  }

  /** Moves the end (heredoc bodies extend an instruction past its line). */
  extendTo(end: Position): void {
    this.end = end;
    this.cachedRange = undefined;
  }

  get argMap(): LineMap {
    this.cachedArgMap ??= this.map.shifted(this.argBase);
    return this.cachedArgMap;
  }

  get argRange(): Range {
    return this.argMap.range(0, this.argText.length);
  }

  /** A bound function, so callers may pass it around on its own. */
  get positionAt(): (offset: number) => Position {
    const rare = this.kept();
    rare.positionAt ??= (offset) => this.argMap.at(offset);
    return rare.positionAt;
  }

  get words(): readonly Word[] {
    this.cachedWords ??= fitted(
      WHITESPACE_SPLIT.has(this.keyword)
        ? splitWhitespace(this.argText, wordMaker(this.argMap))
        : splitQuoted(this.argText, this.escape, wordMaker(this.argMap)),
    );
    return this.cachedWords;
  }
}

/** The upper-case keywords by length, to recognise one in place without slicing it out. */
const KEYWORDS_BY_LENGTH: string[][] = [];
for (const keyword of KEYWORDS) (KEYWORDS_BY_LENGTH[keyword.length] ??= []).push(keyword);

/**
 * The keyword written in upper case at [start, end) of the text, as one shared string: an
 * instruction keeps that instead of its own copy. Undefined for anything else.
 */
function upperKeywordAt(text: string, start: number, end: number): string | undefined {
  const candidates = KEYWORDS_BY_LENGTH[end - start];
  if (candidates === undefined) return undefined;
  const first = text.charCodeAt(start);
  for (const keyword of candidates) {
    if (keyword.charCodeAt(0) === first && text.startsWith(keyword, start)) return keyword;
  }
  return undefined;
}

/** Adds a problem on the instruction's keyword. */
function keywordProblem(instruction: InstructionNode, code: string, message: string): void {
  const problem: SyntaxProblem = { code, message, range: instruction.keywordRange, severity: 'error' };
  if (instruction.ownProblems.length === 0) instruction.ownProblems = [problem];
  else (instruction.ownProblems as SyntaxProblem[]).push(problem);
}

/**
 * Parses one logical line (keyword, flags, arguments) into an instruction; what the parser rejects
 * is in its `ownProblems` (an ONBUILD's include its trigger's).
 */
function buildInstruction(
  logical: string,
  map: LineMap,
  escape: string,
  comments: readonly string[],
  emptyContinuationLines: readonly number[],
  lastLine: Position,
): InstructionNode {
  let keywordStart = 0;
  while (keywordStart < logical.length && isSpaceCode(logical.charCodeAt(keywordStart))) keywordStart++;
  // BuildKit splits the keyword off at ASCII blanks only: `RUN` and a no-break space run together
  // into one unknown word.
  let keywordEnd = keywordStart;
  while (keywordEnd < logical.length && !isAsciiBlank(logical.charCodeAt(keywordEnd))) keywordEnd++;
  const shared = upperKeywordAt(logical, keywordStart, keywordEnd);
  const keywordText = shared ?? logical.slice(keywordStart, keywordEnd);
  const keyword = shared ?? keywordText.toUpperCase();
  // Flags and arguments are located by offset: the logical line is copied once, for argText.
  const flags = extractFlags(logical, keywordEnd, map);
  let argBase = flagsEnd;
  while (argBase < logical.length && isSpaceCode(logical.charCodeAt(argBase))) argBase++;
  let argEnd = logical.length;
  while (argEnd > argBase && isSpaceCode(logical.charCodeAt(argEnd - 1))) argEnd--;
  const argText = logical.slice(argBase, argEnd);

  let json: string[] | undefined;
  let notStrings = false;
  let jsonSource = argText;
  if (keyword === 'HEALTHCHECK') {
    const type = /^\S+\s*/.exec(argText);
    jsonSource = argText.slice(type?.[0].length ?? 0);
  }
  if ((MAYBE_JSON.has(keyword) || keyword === 'HEALTHCHECK') && jsonSource !== '') {
    const parsed = readJsonArray(jsonSource);
    if (parsed.kind === 'strings') json = parsed.values.slice();
    else notStrings = parsed.kind === 'not-strings';
  }
  const instruction = new InstructionNode(
    keyword,
    keywordText,
    keywordStart,
    map,
    flags,
    argBase,
    argText,
    json,
    comments,
    logical,
    emptyContinuationLines,
    lastLine,
    escape,
  );
  if (notStrings) {
    keywordProblem(
      instruction,
      'DW005',
      'when using JSON array syntax, arrays must be comprised of strings only',
    );
  }
  if (keyword === 'ENV' || keyword === 'LABEL' || keyword === 'ARG') {
    // The pairs are read from the instruction's words. Rules ask for an ARG's words too, so
    // those are kept; ENV and LABEL words (often many) are split again if ever asked for.
    let words: readonly RawWord[];
    if (keyword === 'ARG') {
      const argWords = fitted(splitQuoted(argText, escape, wordMaker(instruction.argMap)));
      instruction.cachedWords = argWords;
      words = argWords;
    } else {
      words = splitQuoted(argText, escape);
    }
    instruction.pairs = fitted(keyValues(instruction, words));
  }
  if (keyword === 'ONBUILD' && argText !== '') {
    const inner = buildInstruction(argText, instruction.argMap, escape, NONE, NONE, lastLine);
    instruction.trigger = inner;
    for (const problem of inner.ownProblems) {
      if (instruction.ownProblems.length === 0) instruction.ownProblems = [problem];
      else (instruction.ownProblems as SyntaxProblem[]).push(problem);
    }
  }
  return instruction;
}

function movedPosition(position: Position, delta: number): Position {
  return { line: position.line + delta, character: position.character };
}

function movedRange(r: Range, delta: number): Range {
  return { start: movedPosition(r.start, delta), end: movedPosition(r.end, delta) };
}

function movedHeredoc(doc: Heredoc, delta: number): Heredoc {
  return { ...doc, markerRange: movedRange(doc.markerRange, delta), range: movedRange(doc.range, delta) };
}

/** One pair; its ranges are worked out when asked for (a long LABEL has many pairs). */
class PairNode implements KeyValue {
  constructor(
    readonly key: string,
    readonly value: string | undefined,
    readonly legacy: boolean,
    private readonly map: LineMap,
    private readonly start: number,
    private readonly keyEnd: number,
    private readonly valueStart: number,
    private readonly end: number,
  ) {}

  /** The same pair read through another map (its instruction moved). */
  withMap(map: LineMap): PairNode {
    return new PairNode(
      this.key,
      this.value,
      this.legacy,
      map,
      this.start,
      this.keyEnd,
      this.valueStart,
      this.end,
    );
  }

  get range(): Range {
    return this.map.range(this.start, this.end);
  }

  get keyRange(): Range {
    return this.map.range(this.start, this.keyEnd);
  }

  get valueRange(): Range | undefined {
    return this.value === undefined ? undefined : this.map.range(this.valueStart, this.end);
  }
}

/** ENV and LABEL (`k=v …` or legacy `k v`) and ARG (`k[=v] …`) pairs. */
function keyValues(instruction: InstructionNode, words: readonly RawWord[]): KeyValue[] {
  const { keyword, argText, argMap: map } = instruction;
  const pairs: KeyValue[] = [];
  if (words.length === 0) return pairs;
  const first = words[0];
  if (keyword !== 'ARG' && first !== undefined && !first.text.includes('=')) {
    const split = /[\t\v\f\r ]+/.exec(argText);
    if (split === null) {
      keywordProblem(instruction, 'DW004', `${keyword} must have two arguments`);
      return pairs;
    }
    const valueStart = split.index + split[0].length;
    pairs.push(
      new PairNode(
        argText.slice(0, split.index),
        argText.slice(valueStart),
        true,
        map,
        0,
        split.index,
        valueStart,
        argText.length,
      ),
    );
    return pairs;
  }
  for (const word of words) {
    const eq = word.text.indexOf('=');
    if (eq < 0 && keyword !== 'ARG') {
      keywordProblem(
        instruction,
        'DW004',
        `Syntax error - can't find = in ${JSON.stringify(word.text)}. Must be of the form: name=value`,
      );
      continue;
    }
    pairs.push(
      new PairNode(
        eq < 0 ? word.text : word.text.slice(0, eq),
        eq < 0 ? undefined : word.text.slice(eq + 1),
        false,
        map,
        word.start,
        eq < 0 ? word.end : word.start + eq,
        word.start + eq + 1,
        word.end,
      ),
    );
  }
  return pairs;
}

/** Reads the parser directives at the top of the file. */
function readDirectives(
  lines: readonly string[],
  problems: SyntaxProblem[],
): { directives: Directive[]; escape: '\\' | '`'; count: number } {
  const directives: Directive[] = [];
  let escape: '\\' | '`' = '\\';
  let count = 0;
  for (const [index, line] of lines.entries()) {
    const lead = line.length - line.trimStart().length;
    const match = DIRECTIVE.exec(line.slice(lead));
    const name = match?.[1]?.toLowerCase();
    if (match === null || name === undefined || !KNOWN_DIRECTIVES.has(name)) break;
    count = index + 1;
    const value = match[2] ?? '';
    const nameStart = lead + line.slice(lead).indexOf(match[1] ?? '');
    const valueStart = line.lastIndexOf(value);
    const directive: Directive = {
      name,
      value,
      range: range(index, lead, index, line.length),
      nameRange: range(index, nameStart, index, nameStart + (match[1]?.length ?? 0)),
      valueRange: range(index, valueStart, index, valueStart + value.length),
    };
    if (directives.some((seen) => seen.name === name)) {
      problems.push({
        code: 'DW002',
        message: `only one ${name} parser directive can be used`,
        range: directive.range,
        severity: 'error',
      });
      continue;
    }
    directives.push(directive);
    if (name === 'escape') {
      if (value === '\\' || value === '`') escape = value;
      else {
        problems.push({
          code: 'DW002',
          message: `invalid escape token '${value}' does not match \` or \\`,
          range: directive.valueRange,
          severity: 'error',
        });
      }
    }
  }
  return { directives, escape, count };
}

/** What a parse keeps beside the tree so that the next version can be parsed incrementally. */
interface ParseState {
  readonly directiveLines: number;
  readonly directiveProblems: readonly SyntaxProblem[];
  /** Comments after the last instruction. */
  readonly trailing: readonly Comment[];
  readonly instructions: readonly InstructionNode[];
}

/**
 * A parsed document. What the next parse reuses is kept in a private field rather than in a
 * WeakMap keyed by the tree: V8's young-generation collector keeps a WeakMap's values alive while
 * their keys are young, so every short-lived tree would be copied and promoted with all it holds.
 */
class DockerfileTree implements Dockerfile {
  readonly #state: ParseState;

  constructor(
    readonly text: string,
    readonly lines: readonly string[],
    readonly escape: '\\' | '`',
    readonly directives: readonly Directive[],
    readonly comments: readonly Comment[],
    readonly instructions: readonly Instruction[],
    readonly problems: readonly SyntaxProblem[],
    state: ParseState,
  ) {
    this.#state = state;
  }

  /** What a parse kept for the next one; undefined for a tree built elsewhere. */
  static stateOf(doc: Dockerfile): ParseState | undefined {
    return doc instanceof DockerfileTree ? doc.#state : undefined;
  }
}

const NO_INSTRUCTIONS: SyntaxProblem = {
  code: 'DW003',
  message: 'file with no instructions',
  range: range(0, 0, 0, 0),
  severity: 'error',
};

/** The lines of a text, split at `\n`, `\r\n` or a lone `\r`. */
function splitLines(text: string): string[] {
  // Splitting at a plain string is much faster than at a pattern, and most texts have no `\r`.
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/** Parses Dockerfile text. Never throws. */
export function parseDockerfile(input: string): Dockerfile {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = splitLines(text);
  const directiveProblems: SyntaxProblem[] = [];
  const { directives, escape, count } = readDirectives(lines, directiveProblems);
  const scanned = scanInstructions(lines, 0, escape, count, /[\r\n]$/.test(text));
  return assemble(text, lines, escape, directives, {
    directiveLines: count,
    directiveProblems,
    trailing: scanned.trailing,
    instructions: scanned.instructions,
  });
}

/** How a sliced parse shares the thread with everything else the process does. */
export interface ParseSlicing {
  /** Asked after each instruction whether the slice ends there; by default after `sliceMs`. */
  readonly shouldYield?: () => boolean;
  /** How long a slice reads when `shouldYield` is not given (default 4 ms). */
  readonly sliceMs?: number;
  /** Waits between slices; by default until the event loop has gone round once. */
  readonly pause?: () => Promise<void>;
  /** Stops the parse between slices; it then resolves undefined. */
  readonly signal?: AbortSignal;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Parses Dockerfile text like `parseDockerfile`, in slices of a few milliseconds with the event
 * loop running between them, so that a huge document never holds other work up for long. The
 * tree is the same, and it can be reparsed incrementally the same way.
 */
export async function parseDockerfileSliced(
  input: string,
  slicing: ParseSlicing = {},
): Promise<Dockerfile | undefined> {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const lines = splitLines(text);
  const directiveProblems: SyntaxProblem[] = [];
  const { directives, escape, count } = readDirectives(lines, directiveProblems);
  const endsWithNewline = /[\r\n]$/.test(text);
  const sliceMs = slicing.sliceMs ?? 4;
  let deadline = 0;
  const shouldYield = slicing.shouldYield ?? ((): boolean => performance.now() >= deadline);
  const pause = slicing.pause ?? nextTurn;
  const instructions: InstructionNode[] = [];
  // A slice stops only at a region start, where the next scan begins in the same state.
  let from = 0;
  for (;;) {
    deadline = performance.now() + sliceMs;
    const scanned = scanInstructions(lines, from, escape, count, endsWithNewline, shouldYield);
    for (const instruction of scanned.instructions) instructions.push(instruction);
    if (scanned.stoppedAt === undefined) {
      return assemble(text, lines, escape, directives, {
        directiveLines: count,
        directiveProblems,
        trailing: scanned.trailing,
        instructions,
      });
    }
    from = scanned.stoppedAt;
    await pause();
    if (slicing.signal?.aborted === true) return undefined;
  }
}

/** Builds the tree's flat lists from its instructions' regions. */
function assemble(
  text: string,
  lines: readonly string[],
  escape: '\\' | '`',
  directives: readonly Directive[],
  state: ParseState,
): Dockerfile {
  const problems: SyntaxProblem[] = [...state.directiveProblems];
  const comments: Comment[] = [];
  for (const instruction of state.instructions) {
    for (const comment of instruction.regionComments) comments.push(comment);
    for (const problem of instruction.ownProblems) problems.push(problem);
  }
  for (const comment of state.trailing) comments.push(comment);
  if (state.instructions.length === 0) problems.push(NO_INSTRUCTIONS);
  return new DockerfileTree(text, lines, escape, directives, comments, state.instructions, problems, state);
}

/**
 * Reads instructions from line `from`, which must start a region (the first line after the
 * directives or after an instruction). `sync`, when given, is asked at every later region start
 * whether reading may stop there; `stoppedAt` says where it did.
 */
function scanInstructions(
  lines: readonly string[],
  from: number,
  escape: '\\' | '`',
  count: number,
  endsWithNewline: boolean,
  sync?: (line: number) => boolean,
): { instructions: InstructionNode[]; trailing: Comment[]; stoppedAt: number | undefined } {
  const instructions: InstructionNode[] = [];
  // The comment lines above the next instruction, and its region's comments; most have none.
  let pending: string[] | undefined;
  let regionComments: Comment[] = [];
  let firstLine = from;
  const noteComment = (index: number): string => {
    const line = lines[index] ?? '';
    const lead = line.length - line.trimStart().length;
    const body = line.slice(lead + 1).trim();
    if (index >= count) regionComments.push({ text: body, range: range(index, lead, index, line.length) });
    return body;
  };

  let i = from;
  while (i < lines.length) {
    const raw = lines[i] ?? '';
    const lead = leadingSpace(raw);
    if (raw.charCodeAt(lead) === 35) {
      (pending ??= []).push(noteComment(i));
      i++;
      continue;
    }
    if (lead === raw.length) {
      i++;
      continue;
    }
    const cut = continuationAt(raw, escape, lead);
    const startLine = i;
    let segments: number[] | undefined;
    let logical = cut < 0 ? (lead === 0 ? raw : raw.slice(lead)) : raw.slice(lead, cut);
    let last = { line: i, character: raw.length };
    let continued = cut >= 0;
    let empty: number[] | undefined;
    i++;
    while (continued && i < lines.length) {
      const next = lines[i] ?? '';
      if (isCommentLine(next)) {
        noteComment(i);
        i++;
        continue;
      }
      if (leadingSpace(next) === next.length) {
        (empty ??= []).push(i);
        i++;
        continue;
      }
      const nextCut = continuationAt(next, escape, 0);
      (segments ??= []).push(logical.length, i, 0);
      logical += nextCut < 0 ? next : next.slice(0, nextCut);
      last = { line: i, character: next.length };
      continued = nextCut >= 0;
      i++;
    }
    // An exact copy: a list grown by push keeps room for more than it holds.
    const map = new LineMap(startLine, lead, segments === undefined ? NONE : segments.slice());
    const instruction = buildInstruction(logical, map, escape, fitted(pending), fitted(empty), last);
    pending = undefined;
    const target = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
    if (
      target !== undefined &&
      HEREDOC_KEYWORDS.has(target.keyword) &&
      target.json === undefined &&
      logical.includes('<<')
    ) {
      const read = readHeredocs(lines, i, logical, map, endsWithNewline);
      if (read.problem !== undefined) {
        keywordProblem(instruction, read.problem.code, read.problem.message);
      }
      const lastDoc = read.heredocs[read.heredocs.length - 1];
      if (lastDoc !== undefined) {
        i = read.next;
        target.heredocs = fitted(read.heredocs);
        target.extendTo(lastDoc.range.end);
        instruction.extendTo(lastDoc.range.end);
      }
    }
    instruction.firstLine = firstLine;
    instruction.nextLine = i;
    if (regionComments.length > 0) {
      instruction.regionComments = fitted(regionComments);
      regionComments = [];
    }
    firstLine = i;
    instructions.push(instruction);
    if (sync?.(i) === true) return { instructions, trailing: regionComments, stoppedAt: i };
  }
  return { instructions, trailing: regionComments, stoppedAt: undefined };
}

function isBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/**
 * How long a common start the two texts have. Blocks are compared first (string comparison is
 * native and fast), then characters within the first block that differs.
 */
function commonPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  let step = 4096;
  while (at < limit) {
    const end = Math.min(limit, at + step);
    if (a.slice(at, end) === b.slice(at, end)) at = end;
    else if (step > 16) step >>= 2;
    else break;
  }
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** How long a common end the two texts have, at most `limit` characters. */
function commonSuffix(a: string, b: string, limit: number): number {
  let at = 0;
  let step = 4096;
  while (at < limit) {
    const end = Math.min(limit, at + step);
    if (a.slice(a.length - end, a.length - at) === b.slice(b.length - end, b.length - at)) at = end;
    else if (step > 16) step >>= 2;
    else break;
  }
  while (at < limit && a.charCodeAt(a.length - 1 - at) === b.charCodeAt(b.length - 1 - at)) at++;
  return at;
}

/** The line breaks (`\n`, `\r\n` or a lone `\r`) that end in [from, to). */
function countBreaks(text: string, from: number, to: number): number {
  let count = 0;
  if (text.indexOf('\r', from) < 0) {
    for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
    return count;
  }
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code === 10 || (code === 13 && text.charCodeAt(at + 1) !== 10)) count++;
  }
  return count;
}

/**
 * Parses a new version of a document, reusing the tree of the previous one: only the instructions
 * around the edited lines are read again; those after it are moved, not re-parsed. The result is
 * the same as `parseDockerfile(input)`.
 */
export function reparseDockerfile(previous: Dockerfile, input: string): Dockerfile {
  const state = DockerfileTree.stateOf(previous);
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const old = previous.text;
  if (state === undefined || state.instructions.length === 0) return parseDockerfile(input);
  if (old === text) return previous;
  const oldLength = old.length;
  const newLength = text.length;
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, Math.min(oldLength, newLength) - prefix);
  // Widen the change to whole lines, starting one line early so that a `\r\n` split by the edit
  // is read again.
  let regionStart = prefix;
  while (regionStart > 0 && !isBreak(old.charCodeAt(regionStart - 1))) regionStart--;
  if (regionStart > 0) {
    regionStart--;
    if (regionStart > 0 && old.charCodeAt(regionStart) === 10 && old.charCodeAt(regionStart - 1) === 13) {
      regionStart--;
    }
    while (regionStart > 0 && !isBreak(old.charCodeAt(regionStart - 1))) regionStart--;
  }
  // Likewise end one line late, so the region never ends between the two halves of a `\r\n`.
  let regionEnd = oldLength - suffix;
  while (regionEnd < oldLength && !isBreak(old.charCodeAt(regionEnd))) regionEnd++;
  if (regionEnd < oldLength) {
    regionEnd += old.charCodeAt(regionEnd) === 13 && old.charCodeAt(regionEnd + 1) === 10 ? 2 : 1;
    while (regionEnd < oldLength && !isBreak(old.charCodeAt(regionEnd))) regionEnd++;
  }
  const firstChanged = countBreaks(old, 0, regionStart);
  const linesAfter = countBreaks(old, regionEnd, oldLength);
  const oldLines = previous.lines;
  const lastChanged = oldLines.length - 1 - linesAfter;
  if (firstChanged <= state.directiveLines || lastChanged < firstChanged) return parseDockerfile(input);
  const changed = text.slice(regionStart, regionEnd + newLength - oldLength);
  const region = splitLines(changed);
  const delta = region.length - (lastChanged - firstChanged + 1);
  const lines = oldLines.slice(0, firstChanged).concat(region, oldLines.slice(lastChanged + 1));

  // The first instruction whose lines reach the change is read again, from its region's start.
  const olds = state.instructions;
  let low = 0;
  let high = olds.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((olds[mid]?.nextLine ?? 0) <= firstChanged) low = mid + 1;
    else high = mid;
  }
  const kept = olds.slice(0, low);
  const from = low < olds.length ? (olds[low]?.firstLine ?? 0) : (olds[olds.length - 1]?.nextLine ?? 0);
  // Reading stops at a region start past the change where an old region started too.
  const newLastChanged = lastChanged + delta;
  let next = low;
  const sync = (line: number): boolean => {
    if (line <= newLastChanged) return false;
    while (next < olds.length && (olds[next]?.firstLine ?? 0) + delta < line) next++;
    return next < olds.length && (olds[next]?.firstLine ?? 0) + delta === line;
  };
  const scanned = scanInstructions(
    lines,
    from,
    previous.escape,
    state.directiveLines,
    /[\r\n]$/.test(text),
    sync,
  );
  const instructions = kept.concat(scanned.instructions);
  let trailing = scanned.trailing;
  if (scanned.stoppedAt !== undefined) {
    for (let k = next; k < olds.length; k++) {
      const instruction = olds[k];
      instructions.push(delta === 0 ? instruction : instruction.moved(delta));
    }
    trailing =
      delta === 0
        ? [...state.trailing]
        : state.trailing.map((comment) => ({ ...comment, range: movedRange(comment.range, delta) }));
  }
  return assemble(text, lines, previous.escape, previous.directives, {
    directiveLines: state.directiveLines,
    directiveProblems: state.directiveProblems,
    trailing,
    instructions,
  });
}

/** Reads the bodies of the heredocs announced on an instruction line. */
function readHeredocs(
  lines: readonly string[],
  from: number,
  logical: string,
  map: LineMap,
  endsWithNewline: boolean,
): { heredocs: Heredoc[]; next: number; problem?: Omit<SyntaxProblem, 'range'> } {
  const found = heredocMarkers(logical);
  const heredocs: Heredoc[] = [];
  const physical = endsWithNewline ? lines.length - 1 : lines.length;
  let i = from;
  if (found.error !== undefined) {
    return { heredocs, next: i, problem: { code: 'DW007', message: found.error, severity: 'error' } };
  }
  for (const marker of found.markers) {
    const bodyStart = i;
    let content = '';
    let terminated = false;
    while (i < physical) {
      const line = lines[i] ?? '';
      i++;
      if ((marker.chomp ? line.replace(/^\t+/, '') : line) === marker.name) {
        terminated = true;
        break;
      }
      content += line + (i < physical || endsWithNewline ? '\n' : '');
    }
    const endLine = Math.max(bodyStart, i - 1);
    heredocs.push({
      name: marker.name,
      content,
      expand: marker.expand,
      chomp: marker.chomp,
      fileDescriptor: marker.fileDescriptor,
      markerRange: map.range(marker.start, marker.end),
      range: range(bodyStart, 0, endLine, (lines[endLine] ?? '').length),
      terminated,
    });
    if (!terminated) {
      return {
        heredocs,
        next: i,
        problem: { code: 'DW006', message: 'unterminated heredoc', severity: 'error' },
      };
    }
  }
  return { heredocs, next: i };
}
