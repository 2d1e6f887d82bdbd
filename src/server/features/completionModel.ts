// What completion needs to know about one parsed document, worked out once per parse and kept in a
// WeakMap: which instruction covers a line (binary search), where the stages start, the keyword
// casing the file uses, and which variables are in scope before an instruction. Each piece is
// computed on first use, so a request pays only for what it reads.
import type { Dockerfile, Instruction } from '../syntax/ast';
import { PLATFORM_ARGS } from '../semantics/scope';

export interface StageInfo {
  readonly index: number;
  /** Index of its FROM in the document's instructions. */
  readonly fromIndex: number;
  /** Index just past its last instruction. */
  readonly endIndex: number;
  /** The name after AS, as written. */
  readonly name: string | undefined;
  /** The base as written. */
  readonly base: string;
}

export type VariableKind = 'ARG' | 'ENV' | 'predefined';

export interface VariableInfo {
  readonly name: string;
  readonly kind: VariableKind;
  /** The value as written (quotes kept), when one was given. */
  readonly value: string | undefined;
  /** Where it was set; undefined for predefined args. */
  readonly instruction: Instruction | undefined;
}

export class CompletionModel {
  private fromIndexes: number[] | undefined;
  private stageList: StageInfo[] | undefined;
  private firstNamed: Map<string, StageInfo> | undefined;
  private lowerCase: boolean | undefined;

  constructor(readonly doc: Dockerfile) {}

  /** The index of the instruction whose lines include `line`, or -1. */
  instructionAt(line: number): number {
    const list = this.doc.instructions;
    let low = 0;
    let high = list.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const start = list[mid]?.keywordRange.start.line ?? 0;
      if (start <= line) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0) return -1;
    const end = list[found]?.range.end.line ?? -1;
    return line <= end ? found : -1;
  }

  /** The number of instructions that start on a line before `line`. */
  instructionsBefore(line: number): number {
    const list = this.doc.instructions;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((list[mid]?.keywordRange.start.line ?? 0) < line) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private froms(): number[] {
    if (this.fromIndexes === undefined) {
      const indexes: number[] = [];
      this.doc.instructions.forEach((instruction, i) => {
        if (instruction.keyword === 'FROM') indexes.push(i);
      });
      this.fromIndexes = indexes;
    }
    return this.fromIndexes;
  }

  /** Index of the first FROM, or the instruction count when there is none. */
  firstFrom(): number {
    return this.froms()[0] ?? this.doc.instructions.length;
  }

  stages(): readonly StageInfo[] {
    if (this.stageList === undefined) {
      const froms = this.froms();
      const count = this.doc.instructions.length;
      this.stageList = froms.map((fromIndex, index) => {
        // FROM splits on whitespace only: reading argText spares building every word's range.
        const words = (this.doc.instructions[fromIndex]?.argText ?? '').split(/[ \t\r\n\f\v]+/);
        const named = words.length >= 3 && words[1]?.toLowerCase() === 'as';
        return {
          index,
          fromIndex,
          endIndex: froms[index + 1] ?? count,
          name: named ? words[2] : undefined,
          base: words[0] ?? '',
        };
      });
    }
    return this.stageList;
  }

  /** The stage holding the instruction at `index`; undefined before the first FROM. */
  stageOf(index: number): StageInfo | undefined {
    const froms = this.froms();
    let low = 0;
    let high = froms.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((froms[mid] ?? 0) <= index) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found < 0 ? undefined : this.stages()[found];
  }

  /** The first stage named `name` (case-insensitive), if it comes before stage `before`. */
  stageNamed(name: string, before: number): StageInfo | undefined {
    if (this.firstNamed === undefined) {
      this.firstNamed = new Map();
      for (const stage of this.stages()) {
        const key = stage.name?.toLowerCase();
        if (key !== undefined && !this.firstNamed.has(key)) this.firstNamed.set(key, stage);
      }
    }
    const stage = this.firstNamed.get(name.toLowerCase());
    return stage !== undefined && stage.index < before ? stage : undefined;
  }

  /**
   * Whether the file writes its keywords in lower case: the majority of the instructions other
   * than the one at `except`; undefined when there are none to go by.
   */
  prefersLowerCase(except: number): boolean | undefined {
    const list = this.doc.instructions;
    if (list.length === 0 || (list.length === 1 && except === 0)) return undefined;
    if (this.lowerCase === undefined) {
      let lower = 0;
      let upper = 0;
      for (const instruction of list) {
        if (instruction.keywordText === instruction.keyword) upper++;
        else if (instruction.keywordText === instruction.keyword.toLowerCase()) lower++;
      }
      this.lowerCase = lower > upper;
    }
    return this.lowerCase;
  }

  /** Global ARGs declared before instruction `index` (before the first FROM only). */
  private globalArgs(index: number, into: Map<string, VariableInfo>): void {
    const list = this.doc.instructions;
    const end = Math.min(index, this.firstFrom());
    for (let i = 0; i < end; i++) {
      const instruction = list[i];
      if (instruction?.keyword !== 'ARG') continue;
      for (const pair of instruction.pairs) {
        if (!pair.key.includes('$')) {
          into.delete(pair.key);
          into.set(pair.key, { name: pair.key, kind: 'ARG', value: pair.value, instruction });
        }
      }
    }
  }

  /**
   * The variables a word of instruction `index` can use: for FROM (and before the first FROM)
   * the global ARGs and the predefined platform args; inside a stage the ARGs and ENVs of the
   * stage and of the stages it derives from, set before the instruction.
   */
  variablesBefore(index: number): Map<string, VariableInfo> {
    const variables = new Map<string, VariableInfo>();
    const instruction = this.doc.instructions[index];
    const stage = this.stageOf(index);
    if (stage === undefined || instruction?.keyword === 'FROM') {
      for (const name of PLATFORM_ARGS) {
        variables.set(name, { name, kind: 'predefined', value: undefined, instruction: undefined });
      }
      this.globalArgs(index, variables);
      return variables;
    }
    const chain: StageInfo[] = [stage];
    for (let base = this.stageNamed(stage.base, stage.index); base !== undefined;) {
      chain.push(base);
      base = this.stageNamed(base.base, base.index);
    }
    let globals: Map<string, VariableInfo> | undefined;
    const list = this.doc.instructions;
    for (let c = chain.length - 1; c >= 0; c--) {
      const current = chain[c];
      if (current === undefined) continue;
      const end = c === 0 ? index : current.endIndex;
      for (let i = current.fromIndex + 1; i < end; i++) {
        const step = list[i];
        if (step === undefined || (step.keyword !== 'ARG' && step.keyword !== 'ENV')) continue;
        const isArg = step.keyword === 'ARG';
        for (const pair of step.pairs) {
          if (pair.key.includes('$')) continue;
          let value = pair.value;
          if (isArg && value === undefined) {
            // A bare ARG brings in the global default, if there is one.
            if (globals === undefined) {
              globals = new Map();
              this.globalArgs(list.length, globals);
            }
            value = globals.get(pair.key)?.value;
          }
          variables.delete(pair.key);
          variables.set(pair.key, { name: pair.key, kind: isArg ? 'ARG' : 'ENV', value, instruction: step });
        }
      }
    }
    return variables;
  }
}

const models = new WeakMap<Dockerfile, CompletionModel>();

/** The completion model of a parsed document, built once per parse. */
export function completionModelOf(doc: Dockerfile): CompletionModel {
  let model = models.get(doc);
  if (model === undefined) {
    model = new CompletionModel(doc);
    models.set(doc, model);
  }
  return model;
}
