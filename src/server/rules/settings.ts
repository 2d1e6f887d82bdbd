// The diagnostics settings the client sends (section `dockwright.dockerfile`), validated, and the
// per-code severity overrides applied to every rule family.
import type { Finding, RuleSet, Severity } from './finding';

export type SeverityOverride = 'off' | 'hint' | 'info' | 'warning' | 'error';

export interface DiagnosticsSettings {
  /** Which rule families run. */
  readonly ruleSets: Readonly<Record<RuleSet, boolean>>;
  /** Per-code severity overrides, e.g. { DL3008: 'off', StageNameCasing: 'error' }. */
  readonly severity: Readonly<Record<string, SeverityOverride>>;
  /** The ShellCheck executable: a path, or a name looked up on PATH. */
  readonly shellcheckPath: string;
}

export const DEFAULT_SETTINGS: DiagnosticsSettings = {
  ruleSets: { syntax: true, buildkit: true, hadolint: true, shellcheck: true },
  severity: {},
  shellcheckPath: 'shellcheck',
};

const OVERRIDES = new Set<string>(['off', 'hint', 'info', 'warning', 'error']);
const RULE_SETS: readonly RuleSet[] = ['syntax', 'buildkit', 'hadolint', 'shellcheck'];

/** Reads whatever the client sent; anything malformed falls back to the default. */
export function readSettings(raw: unknown): DiagnosticsSettings {
  if (raw === null || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const value = raw as Record<string, unknown>;
  const rules = (value.rules ?? {}) as Record<string, unknown>;
  const ruleSets = { ...DEFAULT_SETTINGS.ruleSets };
  for (const set of RULE_SETS) {
    if (typeof rules[set] === 'boolean') ruleSets[set] = rules[set];
  }
  const severity: Record<string, SeverityOverride> = {};
  if (value.severity !== null && typeof value.severity === 'object') {
    for (const [code, level] of Object.entries(value.severity as Record<string, unknown>)) {
      if (typeof level === 'string' && OVERRIDES.has(level)) severity[code] = level as SeverityOverride;
    }
  }
  const shellcheck = (value.shellcheck ?? {}) as Record<string, unknown>;
  const path =
    typeof shellcheck.path === 'string' && shellcheck.path.trim() !== ''
      ? shellcheck.path.trim()
      : 'shellcheck';
  return { ruleSets, severity, shellcheckPath: path };
}

const LEVEL: Record<Exclude<SeverityOverride, 'off'>, Severity> = {
  hint: 'hint',
  info: 'information',
  warning: 'warning',
  error: 'error',
};

/** Applies the per-code overrides: drops what is off, re-levels the rest. */
export function applySeverity(
  findings: readonly Finding[],
  overrides: DiagnosticsSettings['severity'],
): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    const override = overrides[finding.code];
    if (override === undefined) out.push(finding);
    else if (override !== 'off') out.push({ ...finding, severity: LEVEL[override] });
  }
  return out;
}
