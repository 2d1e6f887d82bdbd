// The variables a RUN can see, as the hadolint rules judge them: every ARG declared earlier in
// the file, and the ENV of the instruction's stage and of the stages it builds on.
import type { Instruction } from '../../syntax/ast';
import type { Stage } from '../../semantics/stages';
import { unquote } from './p2Support';
import { indexesOf } from './engine';
import type { HadolintContext } from './rule';

/** Name → value (undefined when declared without one) visible at `at`. */
export function variablesAt(ctx: HadolintContext, at: Instruction): Map<string, string | undefined> {
  const vars = new Map<string, string | undefined>();
  const instructions = ctx.doc.instructions;
  const position = instructions.indexOf(at);
  const end = position < 0 ? instructions.length : position;
  for (let i = 0; i < end; i++) {
    const instruction = instructions[i];
    if (instruction?.keyword !== 'ARG') continue;
    for (const pair of instruction.pairs) {
      const value = pair.value === undefined ? undefined : unquote(pair.value);
      if (value !== undefined || !vars.has(pair.key)) vars.set(unquote(pair.key), value);
    }
  }
  const addEnv = (list: readonly Instruction[]): void => {
    for (const instruction of list) {
      if (instruction === at) return;
      if (instruction.keyword !== 'ENV') continue;
      for (const pair of instruction.pairs) {
        vars.set(unquote(pair.key), pair.value === undefined ? undefined : unquote(pair.value));
      }
    }
  };
  const stage = ctx.stages.stageOf(at);
  if (stage === undefined) {
    addEnv(ctx.stages.beforeFirstFrom);
    return vars;
  }
  for (const ancestor of ancestorsOf(ctx, stage).reverse()) addEnv(ancestor.instructions);
  addEnv(stage.instructions);
  return vars;
}

/** The earlier stages a stage builds on, nearest first. */
export function ancestorsOf(ctx: HadolintContext, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  let current = parentOf(ctx, stage);
  while (current !== undefined && !chain.includes(current)) {
    chain.push(current);
    current = parentOf(ctx, current);
  }
  return chain;
}

/** The defaults of the global ARGs, which FROM lines may refer to. */
function globalDefaults(ctx: HadolintContext): ReadonlyMap<string, string | undefined> {
  return indexesOf(ctx).shared('p2:globalDefaults', () => {
    const defaults = new Map<string, string | undefined>();
    for (const arg of ctx.stages.globalArgs) {
      for (const pair of arg.pairs)
        defaults.set(unquote(pair.key), pair.value === undefined ? undefined : unquote(pair.value));
    }
    return defaults;
  });
}

/** A stage's base with the defaults of global ARGs filled in (`FROM base-${VARIANT}`). */
export function resolvedBase(ctx: HadolintContext, stage: Stage): string {
  if (!stage.base.includes('$')) return stage.base;
  return expandKnown(stage.base, globalDefaults(ctx)).text;
}

/**
 * The parent of every stage, by index (computed once per document). A parent always comes
 * earlier, so walking parents never loops.
 */
export function stageParents(ctx: HadolintContext): readonly (Stage | undefined)[] {
  return indexesOf(ctx).shared('p2:stageParents', () =>
    ctx.stages.stages.map((stage) => ctx.stages.stageNamed(resolvedBase(ctx, stage), stage.index)),
  );
}

/** The stage a stage builds on, if its base names an earlier one. */
export function parentOf(ctx: HadolintContext, stage: Stage): Stage | undefined {
  if (ctx.stages.stages[stage.index] !== stage) {
    return ctx.stages.stageNamed(resolvedBase(ctx, stage), stage.index);
  }
  return stageParents(ctx)[stage.index];
}

/**
 * Replaces `$name` and `${name}` references that `vars` knows. A reference to a variable
 * declared without a value is returned in `unknown`; references to undeclared names stay.
 */
export function expandKnown(
  text: string,
  vars: ReadonlyMap<string, string | undefined>,
): { text: string; unknown: boolean } {
  let unknown = false;
  const out = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a, b) => {
    const name = (a ?? b) as string;
    if (!vars.has(name)) return whole;
    const value = vars.get(name);
    if (value === undefined) {
      unknown = true;
      return whole;
    }
    return value;
  });
  return { text: out, unknown };
}
