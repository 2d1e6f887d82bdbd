// What every rule reports, before the engine applies settings and turns it into LSP shape.
import type { Range } from '../syntax/ast';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** The rule families; each can be switched off in the settings. */
export type RuleSet = 'syntax' | 'buildkit' | 'hadolint' | 'shellcheck';

/** A diagnostic as plain data: easy to test, independent of the protocol. */
export interface Finding {
  /** Stable code: DW…, a BuildKit check name, DL…, SC…. */
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  readonly severity: Severity;
  readonly ruleSet: RuleSet;
  /** Where the rule is documented. */
  readonly href: string;
  /** Rendered faded (unused or unreachable code). */
  readonly unnecessary?: boolean;
  /** Rendered struck through (deprecated syntax). */
  readonly deprecated?: boolean;
}
