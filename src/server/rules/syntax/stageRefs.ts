// Stages that other stages copy or mount from (`COPY --from`, `RUN --mount=from=`): BuildKit
// resolves a number as a stage index, which must exist, and a name against every stage (an
// unknown name is an image). A stage that ends up depending on itself cannot be built.
import type { Stage, StageModel } from '../../semantics/stages';
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

/** The stages by lower-case name in BuildKit's way: the last stage of a name wins. */
function namedStages(stages: readonly Stage[]): Map<string, Stage> {
  const named = new Map<string, Stage>();
  for (const stage of stages) if (stage.name !== undefined) named.set(stage.name.toLowerCase(), stage);
  return named;
}

function stageLabel(stage: Stage): string {
  return stage.name?.toLowerCase() ?? `stage-${stage.index}`;
}

/** Reports stage indexes out of range and dependency cycles. */
export function checkStageRefs(sink: Sink, instructions: readonly Instruction[], model: StageModel): void {
  // Most files copy from no stage at all.
  const refers = instructions.some((instruction) =>
    instruction.flags.some((flag) => flag.name === 'from' || flag.name === 'mount'),
  );
  if (!refers) return;
  const stages = model.stages;
  const named = namedStages(stages);
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
        const target = named.get(value.toLowerCase());
        if (target !== undefined) list.push({ on: target, range });
      }
    }
    deps.set(stage, list);
  }
  reportCycle(sink, stages, deps);
}

/**
 * The first dependency cycle, reported where it closes, as BuildKit reports it. The walk keeps its
 * own stack: a chain of thousands of stages must not exhaust the call stack.
 */
function reportCycle(sink: Sink, stages: readonly Stage[], deps: ReadonlyMap<Stage, Dependency[]>): void {
  const done = new Set<Stage>();
  const onPath = new Set<Stage>();
  // Each frame: a stage on the current path and the index of its next dependency to follow.
  const path: { stage: Stage; next: number }[] = [];
  for (const root of stages) {
    if (done.has(root)) continue;
    done.add(root);
    onPath.add(root);
    path.push({ stage: root, next: 0 });
    while (path.length > 0) {
      const frame = path[path.length - 1];
      const list = deps.get(frame.stage) ?? [];
      if (frame.next >= list.length) {
        onPath.delete(frame.stage);
        path.pop();
        continue;
      }
      const dep = list[frame.next++];
      if (onPath.has(dep.on)) {
        const message = `circular dependency detected on stage: ${stageLabel(root)}`;
        report(sink, 'DW016', message, dep.range, 'copy---from');
        return;
      }
      if (done.has(dep.on)) continue;
      done.add(dep.on);
      onPath.add(dep.on);
      path.push({ stage: dep.on, next: 0 });
    }
  }
}
