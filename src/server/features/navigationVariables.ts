// ARG and ENV variables for navigation: one walk in document order that binds every `$NAME` and
// `${NAME…}` to the declaration in effect there, following BuildKit's scopes. Global ARGs are
// what FROM lines see; each stage starts from the final scope of the stage it builds on; ENV
// values are all read before any is set, ARG pairs in turn; a bare `ARG NAME` takes its value
// from the global ARG (or BuildKit's predefined arg) of that name and is linked to it. Shell-form
// RUN scripts (and their heredocs) read the scope of their line; shell-form CMD, ENTRYPOINT and
// HEALTHCHECK run in the finished image, which keeps only the stage's ENV.
import { isPredefinedArg } from '../semantics/scope';
import type { Dockerfile, Heredoc, Instruction, Range } from '../syntax/ast';
import { variableReferences } from '../syntax/shellLex';
import { argRange, comparePositions } from './locate';
import { lineRange, rangeText, VARIABLE_NAME, type Occurrence, type SymbolTable } from './navigationSymbols';

interface Binding {
  readonly symbol: number;
  readonly declaration: Occurrence | undefined;
}

interface Use {
  readonly name: string;
  readonly range: Range;
}

// Past this many stages built on one another, a scope is copied flat so lookups stay short.
const MAX_CHAIN = 16;

/** The variables of one scope, on top of the scope it starts from (never changed after). */
class Frame {
  private readonly own: Map<string, Binding>;
  private readonly base: Frame | undefined;
  private readonly depth: number;

  constructor(base?: Frame) {
    if (base !== undefined && base.depth >= MAX_CHAIN) {
      this.own = base.flatten();
      this.base = undefined;
      this.depth = 0;
    } else {
      this.own = new Map();
      this.base = base;
      this.depth = base === undefined ? 0 : base.depth + 1;
    }
  }

  get(name: string): Binding | undefined {
    return this.own.get(name) ?? this.base?.get(name);
  }

  set(name: string, binding: Binding): void {
    this.own.set(name, binding);
  }

  private flatten(): Map<string, Binding> {
    const flat = this.base?.flatten() ?? new Map<string, Binding>();
    for (const [name, binding] of this.own) flat.set(name, binding);
    return flat;
  }
}

/** Instructions whose arguments BuildKit expands against the build's variables. */
const EXPANDED = new Set([
  'ADD',
  'COPY',
  'ENV',
  'ARG',
  'EXPOSE',
  'LABEL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);
/** Shell-form commands the finished image runs. */
const RUNTIME = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

/** `$` plus one `{` when braced: where the name starts after a reference's start. */
function nameOffset(text: string, start: number): number {
  return text[start + 1] === '{' ? start + 2 : start + 1;
}

/**
 * Each instruction's references depend on that instruction alone, and a new version of the
 * document keeps the instruction objects it did not touch: they are read once.
 */
const argumentCache = new WeakMap<Instruction, Use[]>();
const flagCache = new WeakMap<Instruction, Use[]>();
const heredocCache = new WeakMap<Heredoc, Use[]>();

function cached<K extends object>(cache: WeakMap<K, Use[]>, key: K, read: () => Use[]): Use[] {
  let uses = cache.get(key);
  if (uses === undefined) {
    // Callers ask only for text holding a `$`; one with no variable in it (`$(…)`, `$1`, `$$`)
    // is remembered too, or its shell words would be read again on every version.
    uses = read();
    cache.set(key, uses);
  }
  return uses;
}

/** The references in an instruction's arguments, with the document range of each name. */
function argumentUses(instruction: Instruction, escape: '\\' | '`'): Use[] {
  if (!instruction.argText.includes('$')) return [];
  return cached(argumentCache, instruction, () => readArgumentUses(instruction, escape));
}

function readArgumentUses(instruction: Instruction, escape: '\\' | '`'): Use[] {
  const text = instruction.argText;
  if (!text.includes('$')) return [];
  const uses: Use[] = [];
  for (const reference of variableReferences(text, { escape })) {
    if (!VARIABLE_NAME.test(reference.name)) continue;
    const start = nameOffset(text, reference.start);
    const range = argRange(instruction, start, start + reference.name.length);
    // A name cut by an escaped newline cannot be edited as one piece.
    if (range.start.line !== range.end.line) continue;
    uses.push({ name: reference.name, range });
  }
  return uses;
}

/** The references in one piece of a document line that starts at `base`. */
function lineUses(text: string, line: number, base: number, escape: '\\' | '`'): Use[] {
  if (!text.includes('$')) return [];
  const uses: Use[] = [];
  for (const reference of variableReferences(text, { escape })) {
    if (!VARIABLE_NAME.test(reference.name)) continue;
    const start = base + nameOffset(text, reference.start);
    uses.push({ name: reference.name, range: lineRange(line, start, start + reference.name.length) });
  }
  return uses;
}

function flagUses(doc: Dockerfile, instruction: Instruction): Use[] {
  // Most instructions hold no `$` at all: their flags need not be read.
  if (!instruction.original.includes('$') || instruction.flags.length === 0) return [];
  return cached(flagCache, instruction, () => readFlagUses(doc, instruction));
}

function readFlagUses(doc: Dockerfile, instruction: Instruction): Use[] {
  const uses: Use[] = [];
  for (const flag of instruction.flags) {
    const range = flag.valueRange;
    if (range === undefined || flag.value?.includes('$') !== true) continue;
    const text = rangeText(doc, range);
    if (text !== undefined) uses.push(...lineUses(text, range.start.line, range.start.character, doc.escape));
  }
  return uses;
}

/** The body lines of a heredoc (its closing line left out). */
function heredocUses(doc: Dockerfile, heredoc: Heredoc): Use[] {
  if (!heredoc.content.includes('$')) return [];
  return cached(heredocCache, heredoc, () => readHeredocUses(doc, heredoc));
}

function readHeredocUses(doc: Dockerfile, heredoc: Heredoc): Use[] {
  const uses: Use[] = [];
  const last = heredoc.terminated ? heredoc.range.end.line - 1 : heredoc.range.end.line;
  for (let line = heredoc.range.start.line; line <= last; line++) {
    const text = doc.lines[line];
    if (text !== undefined) uses.push(...lineUses(text, line, 0, doc.escape));
  }
  return uses;
}

/** A pair of an ARG or ENV that declares a variable (its key is a valid name). */
interface Declared {
  readonly key: string;
  readonly keyRange: Range;
  /** ARG: the pair has no value (it takes the global ARG's). */
  readonly bare: boolean;
  /** ARG: how many of the instruction's argument uses come before the pair ends (its default sees them). */
  readonly usesBefore: number;
}

const NO_DECLARATIONS: readonly Declared[] = [];

/** The declaring pairs of each ARG and ENV, read once per instruction object like its uses. */
const declarationCache = new WeakMap<Instruction, readonly Declared[]>();

function declarations(instruction: Instruction, uses: readonly Use[]): readonly Declared[] {
  if (instruction.pairs.length === 0) return NO_DECLARATIONS;
  let declared = declarationCache.get(instruction);
  if (declared === undefined) {
    declared = readDeclarations(instruction, uses);
    declarationCache.set(instruction, declared);
  }
  return declared;
}

function readDeclarations(instruction: Instruction, uses: readonly Use[]): readonly Declared[] {
  const declared: Declared[] = [];
  let next = 0;
  for (const pair of instruction.pairs) {
    const end = pair.range.end;
    while (next < uses.length && comparePositions(uses[next]?.range.start ?? end, end) < 0) next++;
    if (!VARIABLE_NAME.test(pair.key)) continue;
    declared.push({
      key: pair.key,
      keyRange: pair.keyRange,
      bare: pair.value === undefined,
      usesBefore: next,
    });
  }
  return declared.length === 0 ? NO_DECLARATIONS : declared;
}

/** Whether the shell reads a RUN heredoc's body: unquoted, or the script itself (`RUN <<EOF`). */
function shellReadsBody(instruction: Instruction, heredoc: Heredoc, index: number): boolean {
  return heredoc.expand || (index === 0 && /^[0-9]*<</.test(instruction.argText));
}

/** Binds every variable reference of the document, adding occurrences and links to `table`. */
export function indexVariables(
  doc: Dockerfile,
  table: SymbolTable,
  stageBases: readonly (number | undefined)[],
  /** Only these names (a request about one name needs no other: every link joins one name). */
  only?: ReadonlySet<string>,
): void {
  const free = new Map<string, number>();
  /** The symbol of a name no declaration of this file binds: predefined, or from the base image. */
  const freeSymbol = (name: string): number => {
    let id = free.get(name);
    if (id === undefined) {
      id = table.create(
        'variable',
        name,
        isPredefinedArg(name)
          ? `${name} is predefined by BuildKit and cannot be renamed.`
          : `${name} has no declaration in scope where it is used (it may come from the base image, or need an ARG in its stage), so it cannot be renamed.`,
      );
      free.set(name, id);
    }
    return id;
  };
  const predefined = (name: string): Binding | undefined =>
    isPredefinedArg(name) ? { symbol: freeSymbol(name), declaration: undefined } : undefined;

  const global = new Frame();
  const finals: Frame[] = [];
  const envFinals: Frame[] = [];
  let frame = global;
  let envFrame: Frame | undefined;
  let stage = -1;
  let runtime: Use[] = [];

  const bind = (use: Use, scope: Frame, region: number): void => {
    if (only !== undefined && !only.has(use.name)) return;
    const binding = scope.get(use.name);
    if (binding === undefined) table.add(freeSymbol(use.name), use.range, use.name, false, region);
    else table.add(binding.symbol, use.range, use.name, false, region, binding.declaration);
  };
  const bindAll = (uses: readonly Use[], scope: Frame = frame, from = 0, to = uses.length): void => {
    for (let i = from; i < to; i++) {
      const use = uses[i];
      if (use !== undefined) bind(use, scope, stage);
    }
  };
  const declare = (name: string, range: Range, link: Binding | undefined): Binding => {
    const symbol = table.create('variable', name);
    const occurrence = table.add(symbol, range, name, true, stage, link?.declaration);
    if (link !== undefined) table.union(symbol, link.symbol);
    return { symbol, declaration: occurrence };
  };
  const closeStage = (): void => {
    if (stage < 0 || envFrame === undefined) return;
    bindAll(runtime, envFrame);
    runtime = [];
    finals[stage] = frame;
    envFinals[stage] = envFrame;
  };

  for (const instruction of doc.instructions) {
    const keyword = instruction.keyword;
    if (keyword === 'FROM') {
      closeStage();
      // A FROM line sees only the global ARGs and the predefined args.
      for (const use of flagUses(doc, instruction)) bind(use, global, -1);
      for (const use of argumentUses(instruction, doc.escape)) bind(use, global, -1);
      stage++;
      const base = stageBases[stage];
      frame = new Frame(base === undefined ? undefined : finals[base]);
      envFrame = new Frame(base === undefined ? undefined : envFinals[base]);
      continue;
    }
    bindAll(flagUses(doc, instruction));
    if (keyword === 'ARG') {
      const uses = argumentUses(instruction, doc.escape);
      let next = 0;
      for (const pair of declarations(instruction, uses)) {
        // A default sees the pairs before it in the same ARG.
        bindAll(uses, frame, next, pair.usesBefore);
        next = pair.usesBefore;
        if (only !== undefined && !only.has(pair.key)) continue;
        let link: Binding | undefined;
        if (pair.bare) {
          link =
            stage < 0
              ? (global.get(pair.key) ?? predefined(pair.key))
              : (global.get(pair.key) ?? predefined(pair.key) ?? frame.get(pair.key));
        }
        frame.set(pair.key, declare(pair.key, pair.keyRange, link));
      }
      bindAll(uses, frame, next);
    } else if (keyword === 'ENV') {
      // Every value is read before any name is set.
      const uses = argumentUses(instruction, doc.escape);
      bindAll(uses);
      if (stage < 0) continue;
      for (const pair of declarations(instruction, uses)) {
        if (only !== undefined && !only.has(pair.key)) continue;
        const binding = declare(pair.key, pair.keyRange, undefined);
        frame.set(pair.key, binding);
        envFrame?.set(pair.key, binding);
      }
    } else if (keyword === 'RUN') {
      if (instruction.json !== undefined) continue;
      bindAll(argumentUses(instruction, doc.escape));
      instruction.heredocs.forEach((heredoc, i) => {
        if (shellReadsBody(instruction, heredoc, i)) bindAll(heredocUses(doc, heredoc));
      });
    } else if (RUNTIME.has(keyword)) {
      if (instruction.json !== undefined) continue;
      const uses = argumentUses(instruction, doc.escape);
      if (stage < 0) bindAll(uses);
      else runtime.push(...uses);
    } else if (EXPANDED.has(keyword)) {
      bindAll(argumentUses(instruction, doc.escape));
      for (const heredoc of instruction.heredocs) {
        if (heredoc.expand) bindAll(heredocUses(doc, heredoc));
      }
    }
  }
  closeStage();
}
