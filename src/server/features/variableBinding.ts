// Where a variable got its value at one instruction, found by walking back through that
// instruction's stage (and the stages it derives from) instead of evaluating the whole file.
// It follows the scope rules of semantics/scope.ts: ENV and valued ARGs set variables, an ARG
// without a value brings in the global ARG (or a predefined platform arg) of the same name,
// FROM lines see only the global ARGs and the predefined args.
import { isPredefinedArg, predefinedArgValues, DEFAULT_PATH } from '../semantics/scope';
import { stagesOf } from '../semantics/stages';
import type { Dockerfile, Instruction } from '../syntax/ast';
import { processWord } from '../syntax/shellLex';
import { fromBase, fromIndexOf, type FromIndex } from './locate';

export type BindingKind = 'env' | 'arg' | 'global-arg' | 'predefined' | 'build-arg' | 'default-path';

export interface VariableBinding {
  readonly name: string;
  readonly kind: BindingKind;
  /** The value as far as the file tells; unknown references are left as written. */
  readonly value: string;
  /** False when the value depends on something unknown here (the base image's environment). */
  readonly certain: boolean;
  /** The ENV or ARG that set it (the stage ARG for a global ARG brought in). */
  readonly instruction: Instruction | undefined;
  /** For `global-arg`: the ARG before the first FROM that gives the value. */
  readonly global: Instruction | undefined;
}

export interface VariableLookup {
  readonly binding: VariableBinding | undefined;
  /** An ARG of the stage that declares the name without giving it a value. */
  readonly declaredWithoutValue: Instruction | undefined;
  /** True when the stage chain starts from an image whose environment is not known here. */
  readonly open: boolean;
  /** True when the instruction is a FROM line (which sees only the global scope). */
  readonly global: boolean;
}

export interface BindingOptions {
  readonly buildArgs?: Readonly<Record<string, string>>;
}

// Expansions nested deeper than this (a value built from a value built from …) read as unknown.
const MAX_DEPTH = 24;

interface Found {
  readonly binding: VariableBinding | undefined;
  readonly declaredWithoutValue: Instruction | undefined;
  readonly open: boolean;
}

class Resolver {
  private readonly index: FromIndex;
  private readonly memo = new Map<string, Found>();
  private predefined: Map<string, string> | undefined;

  constructor(
    private readonly doc: Dockerfile,
    private readonly buildArgs: Readonly<Record<string, string>>,
  ) {
    this.index = fromIndexOf(doc);
  }

  private buildArg(name: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(this.buildArgs, name) ? this.buildArgs[name] : undefined;
  }

  private predefinedValue(name: string): string | undefined {
    if (this.predefined === undefined) {
      // Only the stage list matters (TARGETSTAGE names the last stage).
      this.predefined = predefinedArgValues(stagesOf(this.lastStage()), {
        buildArgs: this.buildArgs,
      });
    }
    return this.predefined.get(name);
  }

  /** The last FROM alone is enough for predefinedArgValues to name the target stage. */
  private lastStage(): Instruction[] {
    const last = this.index.froms[this.index.froms.length - 1];
    const from = last === undefined ? undefined : this.doc.instructions[last];
    return from === undefined ? [] : [from];
  }

  /** Expands a value against `lookup`, keeping unknown references as written. */
  private expand(
    value: string,
    lookup: (name: string) => Found,
    depth: number,
  ): { value: string; certain: boolean } {
    if (!value.includes('$')) return { value, certain: true };
    let certain = true;
    const result = processWord(
      value,
      (name) => {
        if (depth >= MAX_DEPTH) {
          certain = false;
          return undefined;
        }
        const found = lookup(name);
        if (found.binding === undefined) {
          if (found.open) certain = false;
          return undefined;
        }
        if (!found.binding.certain) certain = false;
        return found.binding.value;
      },
      { escape: this.doc.escape, skipUnsetEnv: true },
    );
    return result.ok ? { value: result.value, certain } : { value, certain: false };
  }

  /** The binding in the global scope (what FROM lines see), from global ARGs before `limit`. */
  meta(name: string, limit = this.index.froms[0] ?? this.doc.instructions.length, depth = 0): Found {
    const key = `m${limit}:${name}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    let found: Found | undefined;
    for (let j = limit - 1; j >= 0 && found === undefined; j--) {
      const instruction = this.doc.instructions[j];
      if (instruction?.keyword !== 'ARG') continue;
      const p = instruction.pairs.findLastIndex((pair) => pair.key === name);
      if (p >= 0) found = this.globalPair(instruction, p, j, depth);
    }
    if (found === undefined) {
      const value = isPredefinedArg(name) ? this.predefinedValue(name) : undefined;
      found =
        value === undefined
          ? { binding: undefined, declaredWithoutValue: undefined, open: false }
          : this.bound(name, 'predefined', value, true, undefined, undefined);
    }
    this.memo.set(key, found);
    return found;
  }

  /** What pair `p` of a global ARG (instruction `j`) gives its name. */
  private globalPair(instruction: Instruction, p: number, j: number, depth: number): Found {
    const pair = instruction.pairs[p];
    if (pair === undefined) return { binding: undefined, declaredWithoutValue: undefined, open: false };
    const name = pair.key;
    const passed = this.buildArg(name);
    if (passed !== undefined) return this.bound(name, 'build-arg', passed, true, instruction, undefined);
    // Without a value the ARG keeps what came before it (a predefined value, or nothing).
    if (pair.value === undefined || depth >= MAX_DEPTH) return this.meta(name, j, depth + 1);
    const expanded = this.expand(
      pair.value,
      (other) => {
        // Earlier pairs of the same ARG are already in effect.
        const q = instruction.pairs.slice(0, p).findLastIndex((candidate) => candidate.key === other);
        return q >= 0 ? this.globalPair(instruction, q, j, depth + 1) : this.meta(other, j, depth + 1);
      },
      depth + 1,
    );
    return this.bound(name, 'arg', expanded.value, expanded.certain, instruction, undefined);
  }

  private bound(
    name: string,
    kind: BindingKind,
    value: string,
    certain: boolean,
    instruction: Instruction | undefined,
    global: Instruction | undefined,
  ): Found {
    return {
      binding: { name, kind, value, certain, instruction, global },
      declaredWithoutValue: undefined,
      open: false,
    };
  }

  /** The binding in effect just before instruction `index` (inside a stage), by walking back. */
  before(index: number, name: string, depth = 0): Found {
    const key = `s${index}:${name}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const found = this.scan(index, name, depth);
    this.memo.set(key, found);
    return found;
  }

  private scan(index: number, name: string, depth: number): Found {
    const instructions = this.doc.instructions;
    let declaredWithoutValue: Instruction | undefined;
    let j = index - 1;
    while (j >= 0) {
      const instruction = instructions[j];
      if (instruction.keyword === 'FROM') {
        // The stage starts here: go on in the stage it derives from, if it names one.
        const base = this.baseStage(j, depth);
        if (base === undefined) {
          const scratch = this.baseName(j, depth).toLowerCase() === 'scratch';
          if (scratch && name === 'PATH') {
            return {
              ...this.bound(name, 'default-path', DEFAULT_PATH, true, undefined, undefined),
              declaredWithoutValue,
            };
          }
          return { binding: undefined, declaredWithoutValue, open: !scratch };
        }
        j = this.index.stageEnd(base) - 1;
        continue;
      }
      if (instruction.keyword === 'ENV') {
        const pair = instruction.pairs.findLast((candidate) => candidate.key === name);
        if (pair !== undefined) {
          // Every value of one ENV is expanded before any is set.
          const at = j;
          const expanded = this.expand(
            pair.value ?? '',
            (other) => this.before(at, other, depth + 1),
            depth + 1,
          );
          return {
            ...this.bound(name, 'env', expanded.value, expanded.certain, instruction, undefined),
            declaredWithoutValue,
          };
        }
      } else if (instruction.keyword === 'ARG') {
        const found = this.stageArg(instruction, j, name, depth);
        if (found !== undefined) return { ...found, declaredWithoutValue };
        if (instruction.pairs.some((pair) => pair.key === name)) declaredWithoutValue ??= instruction;
      }
      j--;
    }
    // Before the first FROM: the global scope.
    return { ...this.meta(name, Math.max(index, 0), depth), declaredWithoutValue };
  }

  /** What a stage ARG sets `name` to, or undefined when it does not set it. */
  private stageArg(instruction: Instruction, at: number, name: string, depth: number): Found | undefined {
    const p = instruction.pairs.findLastIndex((pair) => pair.key === name);
    return p < 0 ? undefined : this.stagePair(instruction, p, at, depth);
  }

  /** What pair `p` of a stage ARG (instruction `at`) sets, or undefined when it sets nothing. */
  private stagePair(instruction: Instruction, p: number, at: number, depth: number): Found | undefined {
    const pair = instruction.pairs[p];
    if (pair === undefined) return undefined;
    const name = pair.key;
    const passed = this.buildArg(name);
    if (passed !== undefined) return this.bound(name, 'build-arg', passed, true, instruction, undefined);
    if (pair.value !== undefined) {
      const expanded = this.expand(
        pair.value,
        (other) => {
          // Earlier pairs of the same ARG are already set.
          const q = instruction.pairs.slice(0, p).findLastIndex((candidate) => candidate.key === other);
          const earlier = q >= 0 ? this.stagePair(instruction, q, at, depth + 1) : undefined;
          return earlier ?? this.before(at, other, depth + 1);
        },
        depth + 1,
      );
      return this.bound(name, 'arg', expanded.value, expanded.certain, instruction, undefined);
    }
    // Declared without a value: the global ARG (or predefined arg) of that name, if any.
    const binding = this.meta(name).binding;
    if (binding === undefined) return undefined;
    return this.bound(name, 'global-arg', binding.value, binding.certain, instruction, binding.instruction);
  }

  private baseName(fromIndex: number, depth: number): string {
    const from = this.doc.instructions[fromIndex];
    const written = from === undefined ? '' : fromBase(from);
    if (!written.includes('$')) return written;
    return this.expand(written, (other) => this.meta(other, undefined, depth + 1), depth + 1).value;
  }

  /** The FROM index of the earlier stage a FROM builds on, if it names one. */
  private baseStage(fromIndex: number, depth: number): number | undefined {
    const base = this.baseName(fromIndex, depth);
    if (base === '') return undefined;
    const named = this.index.firstNamed(base);
    return named !== undefined && named < fromIndex ? named : undefined;
  }
}

const resolvers = new WeakMap<Dockerfile, Resolver>();

function resolverFor(doc: Dockerfile, options: BindingOptions): Resolver {
  if (options.buildArgs !== undefined && Object.keys(options.buildArgs).length > 0) {
    return new Resolver(doc, options.buildArgs);
  }
  let resolver = resolvers.get(doc);
  if (resolver === undefined) {
    resolver = new Resolver(doc, {});
    resolvers.set(doc, resolver);
  }
  return resolver;
}

/**
 * The binding of `name` as instruction `index` (of doc.instructions) sees it. A FROM line sees the
 * global scope; every other instruction sees its stage.
 */
export function variableAt(
  doc: Dockerfile,
  index: number,
  name: string,
  options: BindingOptions = {},
  /** Read the binding just after the instruction (its own ENV or ARG applied). */
  after = false,
): VariableLookup {
  const resolver = resolverFor(doc, options);
  const instruction = doc.instructions[index];
  const firstFrom = fromIndexOf(doc).froms[0] ?? doc.instructions.length;
  if (instruction?.keyword === 'FROM') return { ...resolver.meta(name), global: true };
  // A global ARG sees the global ARGs above it.
  if (index < firstFrom) return { ...resolver.meta(name, after ? index + 1 : index), global: true };
  return { ...resolver.before(after ? index + 1 : index, name), global: false };
}
