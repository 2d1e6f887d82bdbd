// The symbols navigation works on: stages, ARG/ENV variables and heredoc delimiters, each with
// every place it is declared and used. One linear pass over a parsed Dockerfile builds the index,
// kept per parse in a WeakMap; every definition, references, highlight and rename request of that
// version then answers by a binary search and a group lookup.
import type { Dockerfile, Heredoc, Instruction, Position, Range } from '../syntax/ast';
import { comparePositions } from './locate';
import {
  lineRange,
  rangeText,
  SymbolTable,
  unquoted,
  type NavSymbol,
  type Occurrence,
} from './navigationSymbols';
import { indexVariables } from './navigationVariables';

export interface NavigationIndex {
  readonly doc: Dockerfile;
  /** Every occurrence, in document order; they never overlap. */
  readonly occurrences: readonly Occurrence[];
  readonly symbols: readonly NavSymbol[];
  /** Lower-case stage names declared by `FROM … AS name`. */
  readonly stageNames: ReadonlySet<string>;
  /** Lower-case names used where a stage could stand but none does (images, named contexts). */
  readonly otherSources: ReadonlySet<string>;
  /** For each stage, the stage its FROM builds on, if any. */
  readonly stageBases: readonly (number | undefined)[];
}

interface StageDeclaration {
  readonly occurrence: Occurrence;
  readonly symbol: number;
  readonly stage: number;
}

/** Stage names and their uses: FROM bases, COPY --from and RUN --mount from=. */
class StageIndexer {
  /** Lower-case name → its declarations, in order. */
  private readonly declared = new Map<string, StageDeclaration[]>();
  readonly otherSources = new Set<string>();
  readonly stageBases: (number | undefined)[] = [];

  constructor(
    private readonly doc: Dockerfile,
    private readonly table: SymbolTable,
  ) {}

  /** The FROM lines, in order: declarations, and bases naming an earlier stage. */
  indexFroms(): void {
    let stage = 0;
    for (const instruction of this.doc.instructions) {
      if (instruction.keyword !== 'FROM') continue;
      const words = instruction.words;
      const base = words[0];
      let baseStage: number | undefined;
      if (base !== undefined && !base.text.includes('$')) {
        const lower = base.text.toLowerCase();
        // A FROM sees the stages declared above it; the latest of a repeated name wins.
        const earlier = this.declared.get(lower);
        const found = earlier?.[earlier.length - 1];
        if (found !== undefined) {
          this.table.add(found.symbol, base.range, base.text, false, stage, found.occurrence);
          baseStage = found.stage;
        } else if (lower !== 'scratch') {
          this.otherSources.add(lower);
        }
      }
      this.stageBases.push(baseStage);
      const name = words[2];
      if (name !== undefined && words[1]?.text.toLowerCase() === 'as') {
        const lower = name.text.toLowerCase();
        let list = this.declared.get(lower);
        const symbol = list?.[0]?.symbol ?? this.table.create('stage', name.text);
        const occurrence = this.table.add(symbol, name.range, name.text, true, stage);
        if (list === undefined) {
          list = [];
          this.declared.set(lower, list);
        }
        list.push({ occurrence, symbol, stage });
      }
      stage++;
    }
  }

  get names(): Set<string> {
    return new Set(this.declared.keys());
  }

  /** `COPY --from=` and `RUN --mount=…,from=…` of an instruction (an ONBUILD trigger too). */
  indexSources(instruction: Instruction, region: number): void {
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'RUN') return;
    for (const source of sourcesOf(this.doc, instruction)) this.source(source, region);
  }

  /** One `--from` value: a stage when it names one, else an image or a named context. */
  private source(source: Source, region: number): void {
    const lower = source.value.toLowerCase();
    const list = this.declared.get(lower);
    const found = list?.[list.length - 1];
    if (found === undefined) {
      this.otherSources.add(lower);
      return;
    }
    this.table.add(found.symbol, source.range, source.value, false, region, found.occurrence);
  }
}

/** A `--from` value that may name a stage, with where it stands. */
interface Source {
  readonly value: string;
  readonly range: Range;
}

const NO_SOURCES: readonly Source[] = [];

/**
 * The `--from` values of each instruction, read once per instruction object: they depend on its
 * own lines alone, which a new version of the document keeps along with the object.
 */
const sourceCache = new WeakMap<Instruction, readonly Source[]>();

function sourcesOf(doc: Dockerfile, instruction: Instruction): readonly Source[] {
  if (!/from/i.test(instruction.original)) return NO_SOURCES;
  let sources = sourceCache.get(instruction);
  if (sources === undefined) {
    sources = readSources(doc, instruction);
    sourceCache.set(instruction, sources);
  }
  return sources;
}

function readSources(doc: Dockerfile, instruction: Instruction): readonly Source[] {
  const sources: Source[] = [];
  /** One `--from` value; `index`: a number there names a stage by its index instead. */
  const add = (value: string, line: number, start: number, index: boolean): void => {
    if (value === '' || value.includes('$')) return;
    // COPY --from=<number> names a stage by its index; a mount's from= is always a name.
    if (index && /^[0-9]+$/.test(value)) return;
    sources.push({ value, range: lineRange(line, start, start + value.length) });
  };
  for (const flag of instruction.flags) {
    const range = flag.valueRange;
    if (range === undefined || range.start.line !== range.end.line) continue;
    const text = rangeText(doc, range);
    if (text === undefined) continue;
    const base = range.start.character;
    if (flag.name === 'from' && instruction.keyword === 'COPY') {
      const [start, end] = unquoted(text, 0, text.length);
      add(text.slice(start, end), range.start.line, base + start, true);
    } else if (flag.name === 'mount' && instruction.keyword === 'RUN') {
      let fieldStart = 0;
      while (fieldStart <= text.length) {
        let fieldEnd = text.indexOf(',', fieldStart);
        if (fieldEnd < 0) fieldEnd = text.length;
        // Looked for within the field only, so a long value is read once.
        const inField = text.slice(fieldStart, fieldEnd).indexOf('=');
        const eq = inField < 0 ? -1 : fieldStart + inField;
        if (eq >= 0) {
          const [keyStart, keyEnd] = unquoted(text, fieldStart, eq);
          if (text.slice(keyStart, keyEnd).replace(/^["']/, '').toLowerCase() === 'from') {
            const [start, end] = unquoted(text, eq + 1, fieldEnd);
            let s = start;
            let e = end;
            // A quote around the whole flag value leaves one at either end of the fields.
            if (text[s] === '"' || text[s] === "'") s++;
            if (e > s && (text[e - 1] === '"' || text[e - 1] === "'")) e--;
            add(text.slice(s, e), range.start.line, base + s, false);
          }
        }
        fieldStart = fieldEnd + 1;
      }
    }
  }
  return sources.length === 0 ? NO_SOURCES : sources;
}

const HEREDOC_PREFIX = /^[0-9]*<<-?[ \t]*/;

/** Where a heredoc's delimiter stands: on its `<<` word, and on its closing line if it has one. */
interface Delimiter {
  readonly opener: Range;
  readonly closer: Range | undefined;
}

/**
 * Each heredoc's delimiter, read once per heredoc object: it depends on the instruction's own
 * lines, which a new version of the document keeps along with the object. Null: no delimiter
 * this index can use.
 */
const delimiterCache = new WeakMap<Heredoc, Delimiter | null>();

function delimiterOf(doc: Dockerfile, heredoc: Heredoc): Delimiter | null {
  let delimiter = delimiterCache.get(heredoc);
  if (delimiter === undefined) {
    delimiter = readDelimiter(doc, heredoc);
    delimiterCache.set(heredoc, delimiter);
  }
  return delimiter;
}

function readDelimiter(doc: Dockerfile, heredoc: Heredoc): Delimiter | null {
  const marker = heredoc.markerRange;
  const text = rangeText(doc, marker);
  if (text === undefined) return null;
  const prefix = HEREDOC_PREFIX.exec(text)?.[0].length ?? -1;
  if (prefix < 0) return null;
  const [start, end] = unquoted(text, prefix, text.length);
  if (text.slice(start, end) !== heredoc.name || heredoc.name === '') return null;
  const line = marker.start.line;
  const base = marker.start.character;
  const opener = lineRange(line, base + start, base + end);
  if (!heredoc.terminated) return { opener, closer: undefined };
  const closeLine = heredoc.range.end.line;
  const closing = doc.lines[closeLine] ?? '';
  let lead = 0;
  if (heredoc.chomp) while (closing[lead] === '\t') lead++;
  if (closing.slice(lead) !== heredoc.name) return { opener, closer: undefined };
  return { opener, closer: lineRange(closeLine, lead, lead + heredoc.name.length) };
}

/** A heredoc's delimiter on its `<<` word and on its closing line. */
function indexHeredoc(doc: Dockerfile, table: SymbolTable, heredoc: Heredoc): void {
  const delimiter = delimiterOf(doc, heredoc);
  if (delimiter === null) return;
  const symbol = table.create('heredoc', heredoc.name, undefined, heredoc);
  const opener = table.add(symbol, delimiter.opener, heredoc.name, true, -1);
  if (delimiter.closer !== undefined) table.add(symbol, delimiter.closer, heredoc.name, false, -1, opener);
}

/** The index of a parse, built on first use and kept as long as the parse lives. */
const indexes = new WeakMap<Dockerfile, NavigationIndex>();

export function navigationIndex(doc: Dockerfile): NavigationIndex {
  let index = indexes.get(doc);
  if (index === undefined) {
    index = buildIndex(doc);
    indexes.set(doc, index);
  }
  return index;
}

/** The last index of a parse narrowed to some variable names, with the names as its key. */
const narrowed = new WeakMap<Dockerfile, { key: string; index: NavigationIndex }>();

/**
 * The index with every stage and heredoc delimiter but only the variables of these names: what
 * one request about a name under the cursor needs, since every variable link joins occurrences
 * of one name. Much less to bind and group than the whole index on a small file after an edit.
 */
export function narrowNavigationIndex(doc: Dockerfile, names: ReadonlySet<string>): NavigationIndex {
  const whole = indexes.get(doc);
  if (whole !== undefined) return whole;
  const key = [...names].join('\n');
  const last = narrowed.get(doc);
  if (last !== undefined && last.key === key) return last.index;
  const index = buildIndex(doc, names);
  narrowed.set(doc, { key, index });
  return index;
}

function buildIndex(doc: Dockerfile, only?: ReadonlySet<string>): NavigationIndex {
  const table = new SymbolTable();
  const stages = new StageIndexer(doc, table);
  stages.indexFroms();
  let region = -1;
  for (const instruction of doc.instructions) {
    if (instruction.keyword === 'FROM') region++;
    stages.indexSources(instruction, region);
    for (const heredoc of instruction.heredocs) indexHeredoc(doc, table, heredoc);
    const trigger = instruction.trigger;
    if (trigger !== undefined) {
      stages.indexSources(trigger, region);
      for (const heredoc of trigger.heredocs) indexHeredoc(doc, table, heredoc);
    }
  }
  indexVariables(doc, table, stages.stageBases, only);
  const { occurrences, symbols } = table.finish();
  return {
    doc,
    occurrences,
    symbols,
    stageNames: stages.names,
    otherSources: stages.otherSources,
    stageBases: stages.stageBases,
  };
}

/** The occurrence at a position: one that holds it, or else one that ends just there. */
export function occurrenceAt(index: NavigationIndex, position: Position): Occurrence | undefined {
  const list = index.occurrences;
  let low = 0;
  let high = list.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const start = list[mid]?.range.start;
    if (start !== undefined && comparePositions(start, position) <= 0) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  const candidate = list[found];
  if (candidate === undefined) return undefined;
  return comparePositions(position, candidate.range.end) <= 0 ? candidate : undefined;
}
