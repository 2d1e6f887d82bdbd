// WORKDIR and SHELL as they stand at each instruction of a stage. A stage built on an earlier
// stage starts from that stage's final state, as the image config carries them over.
import type { Instruction } from '../syntax/ast';
import type { Stage, StageModel } from './stages';

export interface StageState {
  /** The working directory: absolute when every WORKDIR on the way is known; `undefined` = the base image's. */
  readonly workdir: string | undefined;
  /** The shell form's command prefix; `undefined` = the base image's (normally /bin/sh -c). */
  readonly shell: readonly string[] | undefined;
}

const INITIAL: StageState = { workdir: undefined, shell: undefined };

/** Joins a WORKDIR argument onto the directory before it, as BuildKit does. */
export function joinWorkdir(current: string | undefined, next: string): string {
  const unquoted = next.replace(/^(["'])(.*)\1$/, '$2');
  if (unquoted.startsWith('/') || /^[A-Za-z]:[\\/]/.test(unquoted) || unquoted.startsWith('$'))
    return unquoted;
  const base = current ?? '/';
  return base.endsWith('/') ? `${base}${unquoted}` : `${base}/${unquoted}`;
}

function step(state: StageState, instruction: Instruction): StageState {
  if (instruction.keyword === 'WORKDIR' && instruction.argText !== '') {
    return { ...state, workdir: joinWorkdir(state.workdir, instruction.argText) };
  }
  if (instruction.keyword === 'SHELL' && instruction.json !== undefined && instruction.json.length > 0) {
    return { ...state, shell: instruction.json };
  }
  return state;
}

export class StageStates {
  private readonly finals = new Map<Stage, StageState>();

  constructor(private readonly model: StageModel) {}

  /** The state a stage starts with: its parent stage's final state, or the base image's. */
  initial(stage: Stage): StageState {
    const parent = this.model.stageNamed(stage.base, stage.index);
    return parent === undefined ? INITIAL : this.final(parent);
  }

  /** The state after the stage's last instruction. */
  final(stage: Stage): StageState {
    const known = this.finals.get(stage);
    if (known !== undefined) return known;
    // Guard against a stage reaching itself through names: start it from the base image.
    this.finals.set(stage, INITIAL);
    const result = stage.instructions.reduce(step, this.initial(stage));
    this.finals.set(stage, result);
    return result;
  }

  /** The state in effect when `instruction` runs (before its own effect). */
  at(instruction: Instruction): StageState {
    const stage = this.model.stageOf(instruction);
    if (stage === undefined) return INITIAL;
    let state = this.initial(stage);
    for (const other of stage.instructions) {
      if (other === instruction) break;
      state = step(state, other);
    }
    return state;
  }
}
