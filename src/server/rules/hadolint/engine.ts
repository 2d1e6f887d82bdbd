// Runs hadolint's rules over one document: builds the shared context (stages, parsed RUN
// scripts), then applies `.hadolint.yaml` (ignored, override) and the inline pragmas.
import type { Dockerfile, Instruction } from '../../syntax/ast';
import { parseShell, type ShellScript } from '../../semantics/shell';
import { stagesOf, type StageModel } from '../../semantics/stages';
import type { Finding, Severity } from '../finding';
import { DEFAULT_HADOLINT_CONFIG, type HadolintConfig, type HadolintSeverity } from './config';
import type { HadolintContext, HadolintRule } from './rule';
import { suppressionsOf, type Suppressions } from './suppressions';

/** Rules hadolint ships switched off (severity "ignore") unless a config turns them on. */
export const DEFAULT_OFF = new Set(['DL1001', 'DL3057']);

const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);

const SEVERITY: Record<Exclude<HadolintSeverity, 'ignore'>, Severity> = {
  error: 'error',
  warning: 'warning',
  info: 'information',
  style: 'information',
};

export interface HadolintOptions {
  readonly config?: HadolintConfig;
  /** Evaluate the default-off rules too (hadolint's own tests do). */
  readonly includeDefaultOff?: boolean;
  readonly stages?: StageModel;
  readonly suppressions?: Suppressions;
}

/** True when a shell (a path or a name like `pwsh`) reads POSIX shell syntax. */
export function isPosixShell(shell: string): boolean {
  const name = shell.replace(/\\/g, '/').split('/').pop()?.toLowerCase() ?? '';
  return POSIX_SHELLS.has(name.replace(/\.exe$/, ''));
}

/** The script a RUN executes, as text: the shell form, the exec form joined, or its heredoc. */
export function runScriptText(run: Instruction): string {
  if (run.json !== undefined) return run.json.join(' ');
  const first = run.heredocs[0];
  if (first !== undefined && /^\d*<<-?\S+$/.test(run.argText.trim())) {
    return first.chomp ? first.content.replace(/^\t+/gm, '') : first.content;
  }
  return run.argText;
}

/** The shared context the rules of one document run against (exported for the benchmarks). */
export function hadolintContext(
  doc: Dockerfile,
  stages: StageModel,
  config: HadolintConfig,
  suppressions: Suppressions,
): HadolintContext {
  const scripts = new Map<Instruction, ShellScript | undefined>();
  // The shell each stage's RUNs use: a SHELL instruction changes it for what follows.
  const shellOf = (instruction: Instruction): string => {
    const stage = stages.stageOf(instruction);
    let shell = 'sh';
    for (const other of stage?.instructions ?? []) {
      if (other.range.start.line >= instruction.range.start.line) break;
      if (other.keyword === 'SHELL' && other.json?.[0] !== undefined) shell = other.json[0];
    }
    const pragma = suppressions.shellAt(instruction.range.start.line);
    return pragma ?? shell;
  };
  return {
    doc,
    stages,
    config,
    script(instruction) {
      if (scripts.has(instruction)) return scripts.get(instruction);
      const run = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
      let script: ShellScript | undefined;
      if (run?.keyword === 'RUN' && isPosixShell(shellOf(instruction))) {
        script = parseShell(runScriptText(run));
      }
      scripts.set(instruction, script);
      return script;
    },
  };
}

function hrefOf(code: string): string {
  return `https://github.com/hadolint/hadolint/wiki/${code}`;
}

/** Runs the rules; a rule that fails is skipped, never fatal. */
export function hadolintFindings(
  doc: Dockerfile,
  rules: readonly HadolintRule[],
  options: HadolintOptions = {},
): Finding[] {
  const config = options.config ?? DEFAULT_HADOLINT_CONFIG;
  const stages = options.stages ?? stagesOf(doc.instructions);
  const suppressions = options.suppressions ?? suppressionsOf(doc, stages);
  const context = hadolintContext(doc, stages, config, suppressions);
  const ignored = new Set(config.ignored);
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (ignored.has(rule.code)) continue;
    const configured = config.override[rule.code];
    const level =
      configured ??
      (DEFAULT_OFF.has(rule.code) && options.includeDefaultOff !== true ? 'ignore' : rule.severity);
    if (level === 'ignore') continue;
    let hits;
    try {
      hits = rule.check(context);
    } catch {
      continue;
    }
    for (const hit of hits) {
      if (suppressions.isIgnored(rule.code, hit.range.start.line)) continue;
      findings.push({
        code: rule.code,
        message: hit.message ?? rule.message,
        range: hit.range,
        severity: SEVERITY[level],
        ruleSet: 'hadolint',
        href: hrefOf(rule.code),
      });
    }
  }
  return findings;
}
