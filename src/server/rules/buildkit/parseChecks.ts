// The checks BuildKit runs while it reads the instructions: stage name casing, `AS` casing,
// MAINTAINER, the description comments of FROM and ARG (experimental), empty continuation lines,
// instruction casing across the file, and duplicate or reserved stage names.
import type { Instruction } from '../../syntax/ast';
import type { CheckContext } from './context';
import { RULES } from './rules';

const RESERVED_STAGE_NAMES = new Set(['context', 'scratch']);

/** FROM's stage name as BuildKit accepts it: exactly `image AS name`. */
function stageNameWord(from: Instruction): { text: string; index: number } | undefined {
  const words = from.words;
  if (words.length !== 3 || words[1]?.text.toLowerCase() !== 'as') return undefined;
  return { text: words[2]?.text ?? '', index: 2 };
}

function isOneCase(text: string): boolean {
  return text === text.toLowerCase() || text === text.toUpperCase();
}

/** `# name description` above FROM or ARG must start with the name being defined. */
function checkDescription(
  ctx: CheckContext,
  instruction: Instruction,
  kind: string,
  keysOf: () => string[],
): void {
  const comments = ctx.comments(instruction);
  const last = comments[comments.length - 1];
  if (last === undefined) return;
  const keys = keysOf();
  if (keys.length === 0) return;
  const space = last.indexOf(' ');
  const first = space < 0 ? last : last.slice(0, space);
  if (keys.includes(first)) return;
  const example = keys.length > 1 ? '<arg_key>' : (keys[0] ?? '');
  ctx.report(
    RULES.InvalidDefinitionDescription,
    ctx.headRange(instruction),
    `Comment for ${kind} should follow the format: \`# ${example} <description>\``,
    instruction,
  );
}

function checkFrom(ctx: CheckContext, from: Instruction): void {
  const name = stageNameWord(from);
  if (name === undefined) return;
  const nameRange = ctx.onHead(from, from.words[name.index]?.range);
  if (name.text !== name.text.toLowerCase()) {
    ctx.report(RULES.StageNameCasing, nameRange, `Stage name '${name.text}' should be lowercase`, from);
  }
  const keyword = from.keywordText;
  const as = from.words[1]?.text ?? '';
  if (isOneCase(keyword)) {
    const wantLower = keyword === keyword.toLowerCase();
    const matches = wantLower ? as === as.toLowerCase() : as === as.toUpperCase();
    if (!matches) {
      ctx.report(
        RULES.FromAsCasing,
        ctx.onHead(from, from.words[1]?.range),
        `'${as}' and '${keyword}' keywords' casing do not match`,
        from,
      );
    }
  }
  checkDescription(ctx, from, 'FROM', () => [name.text.toLowerCase()]);
}

/** Checks made instruction by instruction as BuildKit parses them. */
export function parseTimeChecks(ctx: CheckContext): void {
  for (const instruction of ctx.doc.instructions) {
    if (instruction.keyword === 'FROM') checkFrom(ctx, instruction);
    else if (instruction.keyword === 'ARG') {
      checkDescription(ctx, instruction, 'ARG', () => instruction.pairs.map((pair) => pair.key));
    } else if (instruction.keyword === 'MAINTAINER') {
      ctx.report(
        RULES.MaintainerDeprecated,
        ctx.headRange(instruction),
        'Maintainer instruction is deprecated in favor of using label',
        instruction,
      );
    }
  }
}

/** One warning per instruction with blank lines inside its continuation, on its last line. */
export function emptyContinuationChecks(ctx: CheckContext): void {
  for (const instruction of ctx.doc.instructions) {
    const empty = instruction.emptyContinuationLines;
    if (empty.length === 0) continue;
    const firstHeredoc = instruction.heredocs[0] ?? instruction.trigger?.heredocs[0];
    const end = firstHeredoc !== undefined ? firstHeredoc.range.start.line - 1 : instruction.range.end.line;
    let line = end;
    for (const emptyLine of empty) if (emptyLine > line) line = emptyLine;
    const text = ctx.doc.lines[line] ?? '';
    ctx.report(
      RULES.NoEmptyContinuation,
      { start: { line, character: 0 }, end: { line, character: text.length } },
      'Empty continuation line',
    );
  }
}

/** Bits of `keywordCase`: the text equals its lower-case form, its upper-case form. */
const LOWER = 1;
const UPPER = 2;

function keywordCase(text: string): number {
  let lower = false;
  let upper = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Beyond ASCII, case mapping is the runtime's business.
    if (code > 0x7f)
      return (text === text.toLowerCase() ? LOWER : 0) | (text === text.toUpperCase() ? UPPER : 0);
    if (code >= 0x61 && code <= 0x7a) lower = true;
    else if (code >= 0x41 && code <= 0x5a) upper = true;
  }
  return (upper ? 0 : LOWER) | (lower ? 0 : UPPER);
}

/** Instruction keywords should share one casing, the majority's (upper on a tie). */
export function casingChecks(ctx: CheckContext): void {
  let lower = 0;
  let upper = 0;
  const count = (instruction: Instruction): void => {
    const bits = keywordCase(instruction.keywordText);
    if (bits === 0) return;
    if ((bits & LOWER) !== 0) lower++;
    else upper++;
  };
  for (const stage of ctx.stages.stages) {
    count(stage.from);
    for (const instruction of stage.instructions) count(instruction);
  }
  const majorityLower = lower > upper;
  const wanted = majorityLower ? LOWER : UPPER;
  const check = (instruction: Instruction): void => {
    const text = instruction.keywordText;
    if ((keywordCase(text) & wanted) !== 0) return;
    ctx.report(
      RULES.ConsistentInstructionCasing,
      instruction.keywordRange,
      `Command '${text}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`,
    );
  };
  for (const stage of ctx.stages.stages) {
    check(stage.from);
    for (const instruction of stage.instructions) check(instruction);
  }
}

/** Stage names must be unique and must not be `scratch` or `context`. */
export function stageNameChecks(ctx: CheckContext): void {
  const seen = new Set<string>();
  for (const stage of ctx.stages.stages) {
    const word = stageNameWord(stage.from);
    if (word === undefined) continue;
    const name = word.text.toLowerCase();
    const range = ctx.onHead(stage.from, stage.from.words[word.index]?.range);
    if (RESERVED_STAGE_NAMES.has(name)) {
      ctx.report(
        RULES.ReservedStageName,
        range,
        `Stage name should not use the same name as reserved stage ${JSON.stringify(name)}`,
      );
    }
    if (seen.has(name)) {
      ctx.report(
        RULES.DuplicateStageName,
        range,
        `Duplicate stage name ${JSON.stringify(name)}, stage names should be unique`,
      );
    }
    seen.add(name);
  }
}
