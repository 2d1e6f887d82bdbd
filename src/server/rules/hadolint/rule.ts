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
  /**
   * Per-document indexes shared by every rule. The engine always fills them; a context built by
   * hand may leave them out, so rules reach them through `indexesOf(context)` (engine.ts).
   */
  readonly indexes?: HadolintIndexes;
}

/** Cheap views of one document, each computed on first use and then shared by every rule. */
export interface HadolintIndexes {
  /**
   * The instructions with `keyword` (upper case) in document order, ONBUILD ones left out. With
   * `withOnbuild`, the ONBUILD instructions whose trigger has `keyword` are merged in as written:
   * the ONBUILD itself (its trigger is `.trigger`), the form `script()` takes. Every ONBUILD is
   * listed under `instructionsOf('ONBUILD')`.
   */
  instructionsOf(keyword: string, withOnbuild?: boolean): readonly Instruction[];
  /** The text `script()` parses (or would), without parsing it; undefined when `script()` is. */
  scriptText(instruction: Instruction): string | undefined;
  /**
   * The RUNs, ONBUILD RUNs included (as their ONBUILD), whose script text contains `needle` once
   * quotes, backslashes and newlines are dropped: a RUN left out has no word or operator containing
   * `needle`, so a rule looking for a command, an argument or a `|` need not parse it. `needle`
   * itself must hold no quote, backslash, newline or NUL.
   */
  runsMentioning(needle: string): readonly Instruction[];
  /** Computes derived data (labels, stage parents, …) once per document; `key` names it. */
  shared<T>(key: string, compute: () => T): T;
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
