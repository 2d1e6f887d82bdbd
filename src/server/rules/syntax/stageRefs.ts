// Stages that other stages copy or mount from (`COPY --from`, `RUN --mount=from=`): BuildKit
// resolves a number as a stage index, which must exist, and a name against every stage (an
// unknown name is an image). A stage that ends up depending on itself cannot be built.
import { stagesOf, type Stage } from '../../semantics/stages';
import type { Flag, Instruction, Range } from '../../syntax/ast';
import { mountFrom } from './mounts';
import { report, type Sink } from './support';

interface Dependency {
  readonly on: Stage;
  /** Where the dependency is written (the flag's value). */
  readonly range: Range;
}

/** The `--from` values of an instruction with the range of each. */
function fromValues(instruction: Instruction): { value: string; flag: Flag }[] {
  const out: { value: string; flag: Flag }[] = [];
  for (const flag of instruction.flags) {
    const value = flag.value;
    if (value === undefined || value === '') continue;
    if (instruction.keyword === 'COPY' && flag.name === 'from') out.push({ value, flag });
    else if (instruction.keyword === 'RUN' && flag.name === 'mount') {
      const from = mountFrom(value);
      if (from !== undefined && from !== '') out.push({ value: from, flag });
    }
  }
  return out;
}

/** The stage named `name` in BuildKit's way: the last stage of that name wins. */
function byName(stages: readonly Stage[], name: string): Stage | undefined {
  const lower = name.toLowerCase();
  let found: Stage | undefined;
  for (const stage of stages) if (stage.name?.toLowerCase() === lower) found = stage;
  return found;
}

function stageLabel(stage: Stage): string {
  return stage.name?.toLowerCase() ?? `stage-${stage.index}`;
}

/** Reports stage indexes out of range and dependency cycles. */
export function checkStageRefs(sink: Sink, instructions: readonly Instruction[]): void {
  // Most files copy from no stage at all.
  const refers = instructions.some((instruction) =>
    instruction.flags.some((flag) => flag.name === 'from' || flag.name === 'mount'),
  );
  if (!refers) return;
  const stages = stagesOf(instructions).stages;
  const deps = new Map<Stage, Dependency[]>();
  for (const stage of stages) {
    // BuildKit's cycle check follows only these references, not FROM's base stage.
    const list: Dependency[] = [];
    for (const instruction of stage.instructions) {
      if (instruction.flags.length === 0) continue;
      for (const { value, flag } of fromValues(instruction)) {
        // A variable is expanded with the global ARGs first.
        if (value.includes('$')) continue;
        const range = flag.valueRange ?? flag.range;
        if (/^[+-]?[0-9]+$/.test(value)) {
          const index = Number(value);
          const target = stages[index];
          if (target === undefined || !Number.isSafeInteger(index)) {
            report(sink, 'DW016', `invalid stage index ${index}`, range, 'copy---from');
          } else list.push({ on: target, range });
          continue;
        }
        const target = byName(stages, value);
        if (target !== undefined) list.push({ on: target, range });
      }
    }
    deps.set(stage, list);
  }
  reportCycle(sink, stages, deps);
}

/** The first dependency cycle, reported where it closes, as BuildKit reports it. */
function reportCycle(sink: Sink, stages: readonly Stage[], deps: ReadonlyMap<Stage, Dependency[]>): void {
  const done = new Set<Stage>();
  const onPath = new Set<Stage>();
  const visit = (stage: Stage): Dependency | undefined => {
    if (done.has(stage)) return undefined;
    done.add(stage);
    onPath.add(stage);
    for (const dep of deps.get(stage) ?? []) {
      if (onPath.has(dep.on)) return dep;
      const closing = visit(dep.on);
      if (closing !== undefined) return closing;
    }
    onPath.delete(stage);
    return undefined;
  };
  for (const stage of stages) {
    const closing = visit(stage);
    if (closing !== undefined) {
      const message = `circular dependency detected on stage: ${stageLabel(stage)}`;
      report(sink, 'DW016', message, closing.range, 'copy---from');
      return;
    }
  }
}
