// Document symbols as a tree: the global ARGs (and any other instruction before the first FROM),
// then one symbol per stage holding its instructions; ARG, ENV and LABEL instructions hold their
// pairs. The tree is built once per parse.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { Dockerfile, Instruction, KeyValue, Range } from '../syntax/ast';
import { stagesOf, type Stage } from '../semantics/stages';

/** Longest detail text shown beside a symbol. */
const DETAIL_LIMIT = 80;

const INSTRUCTION_KINDS: Readonly<Record<string, SymbolKind>> = {
  ARG: SymbolKind.Variable,
  ENV: SymbolKind.Variable,
  LABEL: SymbolKind.Property,
  RUN: SymbolKind.Function,
  CMD: SymbolKind.Method,
  ENTRYPOINT: SymbolKind.Method,
  HEALTHCHECK: SymbolKind.Method,
  SHELL: SymbolKind.Method,
  COPY: SymbolKind.File,
  ADD: SymbolKind.File,
  WORKDIR: SymbolKind.Field,
  USER: SymbolKind.Field,
  VOLUME: SymbolKind.Field,
  EXPOSE: SymbolKind.Field,
  STOPSIGNAL: SymbolKind.Field,
  MAINTAINER: SymbolKind.Field,
  ONBUILD: SymbolKind.Event,
  FROM: SymbolKind.Module,
};

const cache = new WeakMap<Dockerfile, DocumentSymbol[]>();
/** An instruction's symbol does not depend on the rest of the file; a new version reuses it. */
const instructionCache = new WeakMap<Instruction, DocumentSymbol>();

/** The outline of a Dockerfile: global ARGs, then stages with their instructions. Never throws. */
export function documentSymbols(doc: Dockerfile): DocumentSymbol[] {
  let symbols = cache.get(doc);
  if (symbols !== undefined) return symbols;
  const model = stagesOf(doc.instructions);
  const stageOfFrom = new Map<Instruction, Stage>();
  for (const stage of model.stages) stageOfFrom.set(stage.from, stage);
  symbols = [];
  for (const instruction of doc.instructions) {
    if (instruction.keyword === 'FROM') {
      const stage = stageOfFrom.get(instruction);
      if (stage !== undefined) symbols.push(stageSymbol(stage));
    } else if (model.stageOf(instruction) === undefined) {
      symbols.push(instructionSymbol(instruction));
    }
  }
  cache.set(doc, symbols);
  return symbols;
}

function stageSymbol(stage: Stage): DocumentSymbol {
  const from = stage.from;
  const platform = stage.platform !== undefined ? ` (${stage.platform})` : '';
  return {
    name: stage.name ?? `stage ${stage.index}`,
    detail: shorten(stage.base + platform),
    kind: SymbolKind.Module,
    range: stage.range,
    selectionRange: stage.nameRange ?? from.keywordRange,
    children: stage.instructions.map(instructionSymbol),
  };
}

function instructionSymbol(instruction: Instruction): DocumentSymbol {
  let symbol = instructionCache.get(instruction);
  if (symbol === undefined) {
    symbol = newInstructionSymbol(instruction);
    instructionCache.set(instruction, symbol);
  }
  return symbol;
}

function newInstructionSymbol(instruction: Instruction): DocumentSymbol {
  const keyword = instruction.keyword === '' ? '?' : instruction.keyword;
  const trigger = instruction.trigger;
  const symbol: DocumentSymbol = {
    name: trigger !== undefined ? `${keyword} ${trigger.keyword}` : keyword,
    detail: shorten(trigger !== undefined ? trigger.argText : instruction.argText),
    kind: INSTRUCTION_KINDS[instruction.keyword] ?? SymbolKind.Key,
    range: instruction.range,
    selectionRange: instruction.keywordRange,
  };
  const pairs = (trigger ?? instruction).pairs;
  if (pairs.length > 0) {
    const pairKind = (trigger ?? instruction).keyword === 'LABEL' ? SymbolKind.Property : SymbolKind.Variable;
    symbol.children = pairs.map((pair) => pairSymbol(pair, pairKind, instruction.range));
  }
  return symbol;
}

function pairSymbol(pair: KeyValue, kind: SymbolKind, within: Range): DocumentSymbol {
  const range = pair.range;
  return {
    name: pair.key === '' ? '""' : pair.key,
    detail: pair.value === undefined ? '' : shorten(pair.value),
    kind,
    range: inside(range, within) ? range : within,
    selectionRange: inside(pair.keyRange, within) ? pair.keyRange : within,
  };
}

/** Whether `inner` lies within `outer` (clients reject children that stick out). */
function inside(inner: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** One line of at most DETAIL_LIMIT characters, whitespace runs collapsed. */
function shorten(text: string): string {
  const head = text.length > DETAIL_LIMIT * 4 ? text.slice(0, DETAIL_LIMIT * 4) : text;
  const flat = head.replace(/\s+/g, ' ').trim();
  return flat.length > DETAIL_LIMIT ? `${flat.slice(0, DETAIL_LIMIT - 1)}…` : flat;
}
