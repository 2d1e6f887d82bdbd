// Runs hadolint's rules over one document: builds the shared context (stages, parsed RUN
// scripts), then applies `.hadolint.yaml` (ignored, override) and the inline pragmas.
import type { Dockerfile, Instruction } from '../../syntax/ast';
import { parseShell, type ShellScript } from '../../semantics/shell';
import { stagesOf, type Stage, type StageModel } from '../../semantics/stages';
import type { Finding, Severity } from '../finding';
import { DEFAULT_HADOLINT_CONFIG, type HadolintConfig, type HadolintSeverity } from './config';
import type { HadolintContext, HadolintIndexes, HadolintRule } from './rule';
import { suppressionsOf, type Suppressions } from './suppressions';

/** Rules hadolint ships switched off (severity "ignore") unless a config turns them on. */
export const DEFAULT_OFF = new Set(['DL1001', 'DL3057']);

const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);

/** The editor severity of each hadolint level. */
export const SEVERITY: Record<Exclude<HadolintSeverity, 'ignore'>, Severity> = {
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

/** What the engine knows about one RUN (plain or an ONBUILD trigger) before parsing it. */
interface RunEntry {
  /** The instruction as written: the RUN, or the ONBUILD registering it. */
  readonly outer: Instruction;
  readonly run: Instruction;
  /** The shell the RUN executes in, before pragmas. */
  shell: string;
  posix: boolean;
  text: string | undefined;
  parsed: boolean;
  script: ShellScript | undefined;
}

const NO_INSTRUCTIONS: readonly Instruction[] = [];
const DROPPED_FOR_MENTIONS = /["'\\\n]/g;
const SEPARATOR = '\0';

/**
 * The script texts of some RUNs with quotes, backslashes and newlines dropped, joined by NUL into
 * one string, so a search for a word is one scan however many RUNs there are.
 */
interface Haystack {
  readonly text: string;
  /** Where each RUN's text starts; it ends one before the next start (or at the end). */
  readonly starts: readonly number[];
}

function haystackOf(texts: readonly string[]): Haystack {
  if (texts.length === 0) return { text: '', starts: [] };
  // One replacement over the joined texts, unless a text holds a NUL of its own.
  const text = texts.join(SEPARATOR).replace(DROPPED_FOR_MENTIONS, '');
  const starts = [0];
  for (let at = text.indexOf(SEPARATOR); at >= 0; at = text.indexOf(SEPARATOR, at + 1)) {
    starts.push(at + 1);
  }
  if (starts.length === texts.length) return { text, starts };
  return haystackOf(texts.map((one) => one.replaceAll(SEPARATOR, '')));
}

/** Indices of the texts in the haystack that contain `needle`. */
function textsContaining(haystack: Haystack, needle: string): number[] {
  const found: number[] = [];
  const { text, starts } = haystack;
  if (starts.length === 0) return found;
  let at = text.indexOf(needle);
  while (at >= 0) {
    // The last text starting at or before `at`.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    const end = low + 1 < starts.length ? (starts[low + 1] ?? 0) - 1 : text.length;
    if (at + needle.length <= end) {
      found.push(low);
      at = end + 1 <= text.length ? text.indexOf(needle, end + 1) : -1;
    } else {
      // The match runs across a separator: look further on.
      at = text.indexOf(needle, at + 1);
    }
  }
  return found;
}

/**
 * Builds the indexes of a document. `scriptText` says which instructions carry a POSIX script and
 * its text; `runs` lists those instructions in document order.
 */
function buildIndexes(
  doc: Dockerfile,
  runs: () => readonly Instruction[],
  scriptText: (instruction: Instruction) => string | undefined,
): HadolintIndexes {
  let plain: Map<string, Instruction[]> | undefined;
  let merged: Map<string, Instruction[]> | undefined;
  let haystack: Haystack | undefined;
  const memo = new Map<string, unknown>();
  const mentions = new Map<string, readonly Instruction[]>();
  const index = (): void => {
    plain = new Map();
    merged = new Map();
    const add = (map: Map<string, Instruction[]>, keyword: string, instruction: Instruction): void => {
      const list = map.get(keyword);
      if (list === undefined) map.set(keyword, [instruction]);
      else list.push(instruction);
    };
    for (const instruction of doc.instructions) add(plain, instruction.keyword, instruction);
    // Without ONBUILD triggers both views list the same instructions.
    if (!plain.has('ONBUILD')) {
      merged = plain;
      return;
    }
    for (const instruction of doc.instructions) {
      add(merged, instruction.keyword, instruction);
      const trigger = instruction.keyword === 'ONBUILD' ? instruction.trigger?.keyword : undefined;
      if (trigger !== undefined && trigger !== 'ONBUILD') add(merged, trigger, instruction);
    }
  };
  return {
    instructionsOf(keyword, withOnbuild = false) {
      if (plain === undefined) index();
      return (withOnbuild ? merged : plain)?.get(keyword) ?? NO_INSTRUCTIONS;
    },
    scriptText,
    runsMentioning(needle) {
      let found = mentions.get(needle);
      if (found === undefined) {
        const list = runs();
        haystack ??= haystackOf(list.map((instruction) => scriptText(instruction) ?? ''));
        found = textsContaining(haystack, needle).map((index) => list[index]);
        mentions.set(needle, found);
      }
      return found;
    },
    shared<T>(key: string, compute: () => T): T {
      if (memo.has(key)) return memo.get(key) as T;
      const value = compute();
      memo.set(key, value);
      return value;
    },
  };
}

const fallbackIndexes = new WeakMap<HadolintContext, HadolintIndexes>();

/**
 * The shared indexes of a context: the engine's own, or (for a context built by hand) ones
 * derived from its document that treat every RUN as a POSIX script.
 */
export function indexesOf(context: HadolintContext): HadolintIndexes {
  if (context.indexes !== undefined) return context.indexes;
  let indexes = fallbackIndexes.get(context);
  if (indexes === undefined) {
    const textOf = (instruction: Instruction): string | undefined => {
      const run = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
      return run?.keyword === 'RUN' && run.json === undefined ? runScriptText(run) : undefined;
    };
    const runs = (): readonly Instruction[] =>
      context.doc.instructions.filter((instruction) => textOf(instruction) !== undefined);
    indexes = buildIndexes(context.doc, runs, textOf);
    fallbackIndexes.set(context, indexes);
  }
  return indexes;
}

/** The shared context the rules of one document run against (exported for the benchmarks). */
export function hadolintContext(
  doc: Dockerfile,
  stages: StageModel,
  config: HadolintConfig,
  suppressions: Suppressions,
): HadolintContext {
  let entries: Map<Instruction, RunEntry> | undefined;
  let posixRuns: Instruction[] | undefined;
  const posixByShell = new Map<string, boolean>();
  // Every RUN and ONBUILD RUN with the shell of its stage, worked out in one pass: a SHELL
  // instruction changes the shell for what follows it in its stage; a pragma overrides both.
  const runEntries = (): Map<Instruction, RunEntry> => {
    if (entries !== undefined) return entries;
    entries = new Map();
    posixRuns = [];
    for (const instruction of doc.instructions) {
      const run = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
      if (run?.keyword !== 'RUN') continue;
      entries.set(instruction, {
        outer: instruction,
        run,
        shell: 'sh',
        posix: false,
        text: undefined,
        parsed: false,
        script: undefined,
      });
    }
    // A stage built on another stage starts with that stage's shell, as its image carries it.
    const finalShells = new Map<Stage, string>();
    for (const stage of stages.stages) {
      const base = stages.stageNamed(stage.base, stage.index);
      let shell = (base !== undefined ? finalShells.get(base) : undefined) ?? 'sh';
      for (const instruction of stage.instructions) {
        const keyword = instruction.keyword;
        // Only RUNs and ONBUILDs have entries: the rest need no look-up.
        if (keyword === 'RUN' || keyword === 'ONBUILD') {
          const entry = entries.get(instruction);
          if (entry !== undefined) entry.shell = shell;
        } else if (keyword === 'SHELL' && instruction.json?.[0] !== undefined) shell = instruction.json[0];
      }
      finalShells.set(stage, shell);
    }
    const shellPragmas = suppressions.shellPragmaLines.length > 0;
    for (const entry of entries.values()) {
      const pragmaShell = shellPragmas ? suppressions.shellAt(entry.outer.range.start.line) : undefined;
      const shell = pragmaShell ?? entry.shell;
      let posix = posixByShell.get(shell);
      if (posix === undefined) {
        posix = isPosixShell(shell);
        posixByShell.set(shell, posix);
      }
      entry.posix = posix;
      if (posix) posixRuns.push(entry.outer);
    }
    return entries;
  };
  const scriptText = (instruction: Instruction): string | undefined => {
    const entry = runEntries().get(instruction);
    if (entry === undefined || !entry.posix) return undefined;
    entry.text ??= runScriptText(entry.run);
    return entry.text;
  };
  // An instruction from outside the document: worked out on its own, as the rules ask.
  const strays = new Map<Instruction, ShellScript | undefined>();
  const strayScript = (instruction: Instruction): ShellScript | undefined => {
    if (strays.has(instruction)) return strays.get(instruction);
    const run = instruction.keyword === 'ONBUILD' ? instruction.trigger : instruction;
    let script: ShellScript | undefined;
    if (run?.keyword === 'RUN') {
      let shell = 'sh';
      for (const other of stages.stageOf(instruction)?.instructions ?? []) {
        if (other.range.start.line >= instruction.range.start.line) break;
        if (other.keyword === 'SHELL' && other.json?.[0] !== undefined) shell = other.json[0];
      }
      if (isPosixShell(suppressions.shellAt(instruction.range.start.line) ?? shell)) {
        script = parseShell(runScriptText(run));
      }
    }
    strays.set(instruction, script);
    return script;
  };
  const runsWithScripts = (): readonly Instruction[] => {
    runEntries();
    return posixRuns ?? NO_INSTRUCTIONS;
  };
  const indexes = buildIndexes(doc, runsWithScripts, scriptText);
  return {
    doc,
    stages,
    config,
    indexes,
    script(instruction) {
      const entry = runEntries().get(instruction);
      if (entry === undefined) {
        const keyword =
          instruction.keyword === 'ONBUILD' ? instruction.trigger?.keyword : instruction.keyword;
        return keyword === 'RUN' ? strayScript(instruction) : undefined;
      }
      if (!entry.parsed) {
        entry.parsed = true;
        const text = scriptText(instruction);
        entry.script = text === undefined ? undefined : parseShell(text);
      }
      return entry.script;
    },
  };
}

function hrefOf(code: string): string {
  return `https://github.com/hadolint/hadolint/wiki/${code}`;
}

/** The level of each rule under a configuration, worked out once per configuration and rule list. */
const levelCache = new WeakMap<
  HadolintConfig,
  WeakMap<readonly HadolintRule[], readonly HadolintSeverity[][]>
>();

function levelsFor(
  rules: readonly HadolintRule[],
  config: HadolintConfig,
  includeDefaultOff: boolean,
): readonly HadolintSeverity[] {
  let byRules = levelCache.get(config);
  if (byRules === undefined) levelCache.set(config, (byRules = new WeakMap()));
  let both = byRules.get(rules);
  if (both === undefined) {
    const ignored = new Set(config.ignored);
    const levels = (withDefaultOff: boolean): HadolintSeverity[] =>
      rules.map((rule) => {
        if (ignored.has(rule.code)) return 'ignore';
        const configured = config.override[rule.code];
        return configured ?? (DEFAULT_OFF.has(rule.code) && !withDefaultOff ? 'ignore' : rule.severity);
      });
    both = [levels(false), levels(true)];
    byRules.set(rules, both);
  }
  return both[includeDefaultOff ? 1 : 0] ?? [];
}

/** Runs the rules; a rule that fails is skipped, never fatal. */
export function hadolintFindings(
  doc: Dockerfile,
  rules: readonly HadolintRule[],
  options: HadolintOptions = {},
): Finding[] {
  const config = options.config ?? DEFAULT_HADOLINT_CONFIG;
  const stages = options.stages ?? stagesOf(doc.instructions);
  const suppressions = options.suppressions ?? suppressionsOf(doc, stages, config);
  const context = hadolintContext(doc, stages, config, suppressions);
  const findings: Finding[] = [];
  const levels = levelsFor(rules, config, options.includeDefaultOff === true);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const level = levels[i];
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
