// One diagnostics engine: syntax errors, BuildKit's checks and hadolint's rules over one parse,
// with the settings and severity overrides applied. Pure: what it needs from outside (settings,
// the project's .hadolint.yaml and .dockerignore) comes in as data.
import type { Dockerfile } from '../syntax/ast';
import { stagesOf, type StageModel } from '../semantics/stages';
import type { Finding } from './finding';
import { DEFAULT_HADOLINT_CONFIG, type HadolintConfig } from './hadolint/config';
import { hadolintFindings } from './hadolint/engine';
import { hadolintRules } from './hadolint/registry';
import { suppressionsOf, type Suppressions } from './hadolint/suppressions';
import { applySeverity, DEFAULT_SETTINGS, type DiagnosticsSettings } from './settings';
import { buildkitFindings } from './buildkit';
import { syntaxFindings } from './syntax';

export interface DiagnoseInput {
  readonly settings?: DiagnosticsSettings;
  readonly hadolint?: HadolintConfig;
  /** Build arguments, as `docker build --build-arg` would pass them. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** The text of the build context's .dockerignore, if any. */
  readonly dockerignore?: string;
}

/** What the synchronous pass found, plus what the asynchronous ShellCheck pass needs. */
export interface Diagnosis {
  readonly findings: Finding[];
  readonly stages: StageModel;
  readonly suppressions: Suppressions;
}

/** Runs one family; a family that fails loses its findings, never the others'. */
function guarded(run: () => Finding[], failures: string[], family: string): Finding[] {
  try {
    return run();
  } catch (err) {
    failures.push(`${family}: ${err instanceof Error ? err.message : String(err)}`);
    return [];
  }
}

/** Every synchronous finding for a parsed document. */
export function diagnose(doc: Dockerfile, input: DiagnoseInput = {}, failures: string[] = []): Diagnosis {
  const settings = input.settings ?? DEFAULT_SETTINGS;
  const stages = stagesOf(doc.instructions);
  const suppressions = suppressionsOf(doc, stages, input.hadolint);
  const findings: Finding[] = [];
  if (settings.ruleSets.syntax) {
    findings.push(...guarded(() => syntaxFindings(doc, stages), failures, 'syntax'));
  }
  if (settings.ruleSets.buildkit) {
    const options = {
      stages,
      ...(input.buildArgs !== undefined ? { buildArgs: input.buildArgs } : {}),
      ...(input.dockerignore !== undefined ? { dockerignore: input.dockerignore } : {}),
    };
    findings.push(...guarded(() => buildkitFindings(doc, options), failures, 'buildkit'));
  }
  if (settings.ruleSets.hadolint) {
    const config = input.hadolint ?? DEFAULT_HADOLINT_CONFIG;
    findings.push(
      ...guarded(
        () => hadolintFindings(doc, hadolintRules, { config, stages, suppressions }),
        failures,
        'hadolint',
      ),
    );
  }
  return { findings: applySeverity(findings, settings.severity), stages, suppressions };
}
