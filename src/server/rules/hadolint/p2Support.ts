// Helpers shared by the second half of the hadolint rules: walking instructions (ONBUILD
// triggers included), reading RUN scripts and mounts, and small text utilities.
import type { Instruction, Range } from '../../syntax/ast';
import type { ShellCommand, ShellScript } from '../../semantics/shell';
import { isFlagWord } from '../../semantics/shell';
import { indexesOf } from './engine';
import type { HadolintContext, HadolintHit } from './rule';

/**
 * An instruction as a rule sees it. `inst` is what takes effect (the trigger of an ONBUILD),
 * `outer` is the instruction as written, whose range a hit underlines.
 */
export interface Step {
  readonly outer: Instruction;
  readonly inst: Instruction;
  readonly onbuild: boolean;
}

/** The step of an instruction as written: an ONBUILD stands for its trigger. */
export function stepOf(outer: Instruction): Step {
  if (outer.keyword === 'ONBUILD' && outer.trigger !== undefined) {
    return { outer, inst: outer.trigger, onbuild: true };
  }
  return { outer, inst: outer, onbuild: false };
}

/** Instructions outside ONBUILD, in document order (computed once per document). */
export function plainSteps(ctx: HadolintContext): readonly Step[] {
  return indexesOf(ctx).shared('p2:plainSteps', () =>
    ctx.doc.instructions
      .filter((instruction) => instruction.keyword !== 'ONBUILD')
      .map((instruction) => ({ outer: instruction, inst: instruction, onbuild: false })),
  );
}

/** The instructions registered by ONBUILD, in document order (computed once per document). */
export function onbuildSteps(ctx: HadolintContext): readonly Step[] {
  return indexesOf(ctx).shared('p2:onbuildSteps', () => {
    const steps: Step[] = [];
    for (const instruction of indexesOf(ctx).instructionsOf('ONBUILD')) {
      if (instruction.trigger !== undefined) {
        steps.push({ outer: instruction, inst: instruction.trigger, onbuild: true });
      }
    }
    return steps;
  });
}

/** Every RUN, plain or registered by ONBUILD, in document order. */
export function runSteps(ctx: HadolintContext, withOnbuild = true): readonly Step[] {
  const indexes = indexesOf(ctx);
  return indexes.shared(`p2:runSteps:${String(withOnbuild)}`, () =>
    indexes.instructionsOf('RUN', withOnbuild).map(stepOf),
  );
}

/**
 * The RUN steps (ONBUILD ones included) whose script may hold `needle` in a word: the only RUNs
 * a rule looking for that command or argument needs to read.
 */
export function runStepsMentioning(ctx: HadolintContext, needle: string): readonly Step[] {
  const indexes = indexesOf(ctx);
  return indexes.shared(`p2:runStepsMentioning:${needle}`, () => indexes.runsMentioning(needle).map(stepOf));
}

/** The parsed script of a RUN step; undefined for exec form and non-POSIX shells. */
export function scriptOf(ctx: HadolintContext, step: Step): ShellScript | undefined {
  // The engine reads an ONBUILD's trigger itself, with the shell of the ONBUILD's stage.
  return ctx.script(step.outer);
}

/** The simple commands of a RUN step (empty when it has no POSIX script). */
export function commandsOf(ctx: HadolintContext, step: Step): readonly ShellCommand[] {
  return scriptOf(ctx, step)?.commands ?? [];
}

/** The unquoted values of a command's arguments. */
export function argValues(cmd: ShellCommand): string[] {
  return cmd.args.map((arg) => arg.value);
}

/** True when the command is one of `names` and carries any of `args` among its arguments. */
export function cmdHasArgs(cmd: ShellCommand, names: readonly string[], args: readonly string[]): boolean {
  return names.includes(cmd.name) && cmd.args.some((arg) => args.includes(arg.value));
}

/** Argument values that are not options. */
export function argsNoFlags(cmd: ShellCommand): string[] {
  return cmd.args.filter((arg) => !isFlagWord(arg)).map((arg) => arg.value);
}

/**
 * True when a command matching `isClean` comes after the last command matching `isInstall`, or
 * when nothing matches `isInstall` at all.
 */
export function cleanedAfterInstall(
  commands: readonly ShellCommand[],
  isInstall: (cmd: ShellCommand) => boolean,
  isClean: (cmd: ShellCommand) => boolean,
): boolean {
  let lastInstall = -1;
  let lastClean = -1;
  commands.forEach((cmd, index) => {
    if (isInstall(cmd)) lastInstall = index;
    if (isClean(cmd)) lastClean = index;
  });
  return lastInstall < 0 || lastClean > lastInstall;
}

/** The targets of the `--mount=type=cache` and `--mount=type=tmpfs` flags of a RUN. */
export function cacheMountTargets(instruction: Instruction): string[] {
  const targets: string[] = [];
  for (const flag of instruction.flags) {
    if (flag.name !== 'mount' || flag.value === undefined) continue;
    let type = 'bind';
    let target: string | undefined;
    for (const part of flag.value.split(',')) {
      const eq = part.indexOf('=');
      const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
      const value = eq < 0 ? '' : unquote(part.slice(eq + 1).trim());
      if (key === 'type') type = value.toLowerCase();
      else if (key === 'target' || key === 'dst' || key === 'destination') target = value;
    }
    if ((type === 'cache' || type === 'tmpfs') && target !== undefined) targets.push(target);
  }
  return targets;
}

/** True when a cache or tmpfs mount covers one of `dirs` (or a directory inside one). */
export function hasCacheMountAt(instruction: Instruction, dirs: readonly string[]): boolean {
  const wanted = dirs.map(trimSlashes);
  return cacheMountTargets(instruction).some((target) => {
    const path = trimSlashes(target);
    return wanted.some((dir) => path === dir || dir.startsWith(`${path}/`));
  });
}

function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}

const QUOTE_OR_ESCAPE = /["'\\]/;

/** Removes the quotes of a Dockerfile word (`"a b"` → `a b`), resolving backslash escapes. */
export function unquote(text: string): string {
  // Most keys and words hold no quote or backslash: nothing to copy.
  if (!QUOTE_OR_ESCAPE.test(text)) return text;
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote === '') {
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '\\' && i + 1 < text.length) out += text[++i] ?? '';
      else out += ch;
    } else if (ch === quote) {
      quote = '';
    } else if (ch === '\\' && quote === '"' && i + 1 < text.length) {
      out += text[++i] ?? '';
    } else {
      out += ch;
    }
  }
  return out;
}

/** Drops the quote characters around a word (`"a b"` → `a b`), leaving backslashes alone. */
export function stripQuotes(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === '"' || text[start] === "'")) start++;
  while (end > start && (text[end - 1] === '"' || text[end - 1] === "'")) end--;
  return text.slice(start, end);
}

/** The image name of a FROM reference: the tag and digest removed. */
export function imageName(reference: string): string {
  let name = reference;
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  return name;
}

/** A hit on a range, with an optional message of its own. */
export function hitAt(range: Range, message?: string): HadolintHit {
  return message === undefined ? { range } : { range, message };
}
