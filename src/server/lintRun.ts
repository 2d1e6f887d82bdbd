// One lint of one parsed document: the synchronous rule families at once, then ShellCheck in the
// background. The lint workers run it, and so does the main thread for documents small enough
// that a worker's memory and message copying cost more than the lint itself.
import { diagnose, type DiagnoseInput } from './rules/diagnose';
import type { Finding } from './rules/finding';
import { applySeverity, DEFAULT_SETTINGS } from './rules/settings';
import { SEVERITY } from './rules/hadolint/engine';
import { shellcheckReport } from './rules/shellcheck';
import type { Dockerfile } from './syntax/ast';

export interface LintOutcome {
  readonly sync: { findings: Finding[]; failures: string[] };
  /** ShellCheck's findings; undefined when ShellCheck is off. Never rejects. */
  readonly background: Promise<{ findings: Finding[]; problem?: string }> | undefined;
}

/** Lints `doc`; `signal` stops ShellCheck (a newer version is on its way). */
export function runLint(doc: Dockerfile, input: DiagnoseInput, signal: AbortSignal): LintOutcome {
  const failures: string[] = [];
  const { findings, suppressions } = diagnose(doc, input, failures);
  const settings = input.settings ?? DEFAULT_SETTINGS;
  if (!settings.ruleSets.shellcheck) return { sync: { findings, failures }, background: undefined };
  const background = (async () => {
    try {
      const ignored = new Set(input.hadolint?.ignored ?? []);
      const override = input.hadolint?.override ?? {};
      const report = await shellcheckReport(doc, { path: settings.shellcheckPath, signal });
      // hadolint's pragmas, ignore list and severity overrides cover ShellCheck's codes too.
      const kept: Finding[] = [];
      for (const finding of report.findings) {
        if (ignored.has(finding.code) || suppressions.isIgnored(finding.code, finding.range.start.line))
          continue;
        const level = override[finding.code];
        if (level === 'ignore') continue;
        kept.push(level === undefined ? finding : { ...finding, severity: SEVERITY[level] });
      }
      return {
        findings: applySeverity(kept, settings.severity),
        ...(report.problem !== undefined ? { problem: report.problem } : {}),
      };
    } catch {
      // Aborted or failed: nothing more to say for this version.
      return { findings: [] };
    }
  })();
  return { sync: { findings, failures }, background };
}
