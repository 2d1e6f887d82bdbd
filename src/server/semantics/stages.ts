// Stages of a Dockerfile: each FROM opens one; the ARGs before the first FROM are global.
import type { Instruction, Range } from '../syntax/ast';

export interface Stage {
  /** Zero-based position among the stages. */
  readonly index: number;
  readonly from: Instruction;
  /** The image (or earlier stage name) the stage starts from, as written. */
  readonly base: string;
  readonly baseRange: Range | undefined;
  /** The name after AS, as written; undefined when the stage is unnamed. */
  readonly name: string | undefined;
  readonly nameRange: Range | undefined;
  /** The value of FROM's --platform flag, as written. */
  readonly platform: string | undefined;
  /** The instructions after FROM up to the next FROM (ONBUILD triggers stay wrapped). */
  readonly instructions: readonly Instruction[];
  /** The stage's range: its FROM to its last instruction. */
  readonly range: Range;
}

export interface StageModel {
  /** ARG instructions before the first FROM. */
  readonly globalArgs: readonly Instruction[];
  /** Instructions other than ARG before the first FROM (an error for BuildKit). */
  readonly beforeFirstFrom: readonly Instruction[];
  readonly stages: readonly Stage[];
  /** The stage an instruction belongs to, undefined before the first FROM. */
  stageOf(instruction: Instruction): Stage | undefined;
  /** The stage with a name (case-insensitive, as BuildKit compares) declared before `before`. */
  stageNamed(name: string, before?: number): Stage | undefined;
}

function buildStage(index: number, from: Instruction, instructions: Instruction[]): Stage {
  const words = from.words;
  const asAt = words.length >= 3 && words[1]?.text.toLowerCase() === 'as' ? 2 : -1;
  const last = instructions[instructions.length - 1] ?? from;
  return {
    index,
    from,
    base: words[0]?.text ?? '',
    baseRange: words[0]?.range,
    name: asAt > 0 ? words[asAt]?.text : undefined,
    nameRange: asAt > 0 ? words[asAt]?.range : undefined,
    platform: from.flags.find((flag) => flag.name === 'platform')?.value,
    instructions,
    range: { start: from.range.start, end: last.range.end },
  };
}

/** Splits the instructions into global ARGs and stages. Never throws. */
export function stagesOf(instructions: readonly Instruction[]): StageModel {
  const globalArgs: Instruction[] = [];
  const beforeFirstFrom: Instruction[] = [];
  const stages: Stage[] = [];
  const owner = new Map<Instruction, Stage>();
  let from: Instruction | undefined;
  let body: Instruction[] = [];
  const close = (): void => {
    if (from === undefined) return;
    const stage = buildStage(stages.length, from, body);
    stages.push(stage);
    owner.set(from, stage);
    for (const instruction of body) owner.set(instruction, stage);
  };
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      close();
      from = instruction;
      body = [];
    } else if (from !== undefined) {
      body.push(instruction);
    } else if (instruction.keyword === 'ARG') {
      globalArgs.push(instruction);
    } else {
      beforeFirstFrom.push(instruction);
    }
  }
  close();
  // The first stage declaring each name: the one an earlier-than lookup can find, if any.
  let firstNamed: Map<string, Stage> | undefined;
  return {
    globalArgs,
    beforeFirstFrom,
    stages,
    stageOf: (instruction) => owner.get(instruction),
    stageNamed: (name, before = stages.length) => {
      if (firstNamed === undefined) {
        firstNamed = new Map();
        for (const stage of stages) {
          const key = stage.name?.toLowerCase();
          if (key !== undefined && !firstNamed.has(key)) firstNamed.set(key, stage);
        }
      }
      // Counted as slice() counts: a negative bound leaves that many stages off the end.
      const limit = before < 0 ? stages.length + before : before;
      const stage = firstNamed.get(name.toLowerCase());
      return stage !== undefined && stage.index < limit ? stage : undefined;
    },
  };
}
