// The shape of one hadolint rule: a code, hadolint's default severity and a check that returns
// where it fires. Pragmas, `.hadolint.yaml` (ignored, override) and severities are applied by
// the engine, so a rule only says where its condition holds.
import type { Dockerfile, Instruction, Range } from '../../syntax/ast';
import type { ShellScript } from '../../semantics/shell';
import type { StageModel } from '../../semantics/stages';
import type { HadolintConfig, HadolintSeverity } from './config';

export interface HadolintContext {
  readonly doc: Dockerfile;
  readonly stages: StageModel;
  readonly config: HadolintConfig;
  /**
   * The shell script of a shell-form RUN (or of an ONBUILD RUN trigger), parsed once and shared by
   * every rule; undefined for exec form and for stages whose shell is not POSIX (a SHELL
   * instruction naming powershell/cmd, or a `# hadolint shell=` pragma).
   */
  script(instruction: Instruction): ShellScript | undefined;
}

export interface HadolintHit {
  readonly range: Range;
  /** Overrides the rule's message when the text depends on the case. */
  readonly message?: string;
}

export interface HadolintRule {
  readonly code: string;
  readonly severity: Exclude<HadolintSeverity, 'ignore'>;
  readonly message: string;
  check(context: HadolintContext): HadolintHit[];
}
