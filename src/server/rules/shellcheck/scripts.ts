// The shell scripts of a Dockerfile as ShellCheck should see them: one per shell-form RUN (and
// ONBUILD RUN), one per heredoc the shell or a POSIX shebang runs, each with the shell dialect of
// its stage, the variable names declared before it, and a map from script offsets back to the
// document. Pure and linear; never throws.
import type { Dockerfile, Heredoc, Instruction, Position, Range } from '../../syntax/ast';
import { parseHeredocWord } from '../../syntax/heredocs';
import { stagesOf } from '../../semantics/stages';
import type { Stage } from '../../semantics/stages';
import { parsePragma } from '../hadolint/pragmas';
import { PROXY_ARGS } from '../../semantics/scope';

/** The dialects ShellCheck understands (`--shell=`). */
export type ShellDialect = 'sh' | 'bash' | 'dash' | 'ksh';

export interface CheckedScript {
  /** The instruction that runs the script (the ONBUILD itself for a trigger). */
  readonly instruction: Instruction;
  readonly dialect: ShellDialect;
  /** Names the script may use as assigned: ARG and ENV names, the proxy variables. Sorted. */
  readonly variables: readonly string[];
  /** The script text as the shell receives it. */
  readonly text: string;
  /** Maps an offset in `text` (0..text.length) to a document position. */
  positionAt(offset: number): Position;
}

/** Proxy variables Docker passes to every RUN without a declaration. */
export const predefinedVariables: readonly string[] = PROXY_ARGS;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The dialect of a shell command (SHELL's JSON array, a pragma's shell name or a shebang's words),
 * or undefined when ShellCheck cannot judge it (PowerShell, cmd, zsh, fish, an interpreter…).
 */
export function dialectOf(command: readonly string[]): ShellDialect | undefined {
  let index = 0;
  let name = programName(command[0] ?? '');
  if (name === 'env') {
    // `/usr/bin/env [-S] [NAME=value…] bash`: the first word that is neither a flag nor an assignment.
    index = 1;
    while (index < command.length && /^-|=/.test(command[index] ?? '')) index++;
    name = programName(command[index] ?? '');
  }
  if (name === 'busybox') name = programName(command[index + 1] ?? '');
  switch (name) {
    case 'sh':
    case 'bash':
    case 'dash':
    case 'ksh':
      return name;
    // ShellCheck reads ash (Alpine, BusyBox) as dash.
    case 'ash':
      return 'dash';
    case 'mksh':
    case 'ksh93':
    case 'pdksh':
    case 'oksh':
      return 'ksh';
    default:
      return undefined;
  }
}

/** The shell a Windows image runs RUN with when no SHELL says otherwise. */
const WINDOWS_SHELL: readonly string[] = ['cmd', '/S', '/C'];

/** A stage on a Windows base image: a `windows/…` platform, or a Windows image name or tag. */
function isWindowsStage(stage: Stage): boolean {
  if (stage.platform?.toLowerCase().startsWith('windows') === true) return true;
  return /(^|[/:-])(windows|nanoserver|windowsservercore)([/:-]|$)/.test(stage.base.toLowerCase());
}

/** `C:\Windows\…\PowerShell.EXE` → `powershell`; `/bin/bash` → `bash`. */
function programName(path: string): string {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  return base.endsWith('.exe') ? base.slice(0, -4) : base;
}

/** The words of a `#!` line (without the `#!`), or undefined when the text has no shebang. */
export function shebangOf(firstLine: string): string[] | undefined {
  const line = firstLine.replace(/^\t+/, '');
  if (!line.startsWith('#!')) return undefined;
  return line
    .slice(2)
    .trim()
    .split(/[ \t]+/)
    .filter((word) => word !== '');
}

/** A string built from pieces, each knowing where its characters stand in the document. */
class MappedText {
  private readonly starts: number[] = [];
  private readonly maps: Array<(offset: number) => Position> = [];
  text = '';

  append(piece: string, map: (offset: number) => Position): void {
    if (piece === '') return;
    this.starts.push(this.text.length);
    this.maps.push(map);
    this.text += piece;
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    const map = this.maps[low];
    return map === undefined ? { line: 0, character: 0 } : map(at - (this.starts[low] ?? 0));
  }
}

/** Appends document lines `first..last` (inclusive) verbatim, newline-separated, from a column. */
function appendLines(out: MappedText, doc: Dockerfile, first: number, last: number, from = 0): void {
  for (let line = first; line <= last; line++) {
    const text = doc.lines[line] ?? '';
    const start = line === first ? Math.min(from, text.length) : 0;
    out.append(text.slice(start), (offset) => ({ line, character: start + offset }));
    if (line < last) out.append('\n', () => ({ line, character: text.length }));
  }
}

/** What a stage has declared so far, for its RUNs and (separately) for its ONBUILD triggers. */
interface ShellState {
  /** The shell as SHELL or a pragma names it; undefined means `/bin/sh -c`. */
  shell: readonly string[] | undefined;
  /** Every name declared (ARG and ENV) plus the predefined ones. */
  variables: Set<string>;
  /** The ENV names alone: what a stage built on this one inherits. */
  env: Set<string>;
}

function freshState(shell: readonly string[] | undefined, env: ReadonlySet<string> = new Set()): ShellState {
  return { shell, variables: new Set([...predefinedVariables, ...env]), env: new Set(env) };
}

function declare(state: ShellState, instruction: Instruction): void {
  for (const pair of instruction.pairs) {
    const name = pair.key.replace(/^(["'])(.*)\1$/, '$2');
    if (!IDENTIFIER.test(name)) continue;
    state.variables.add(name);
    if (instruction.keyword === 'ENV') state.env.add(name);
  }
}

/** Builds the scripts of every RUN, in document order. */
export function shellScripts(doc: Dockerfile): CheckedScript[] {
  const stages = stagesOf(doc.instructions);
  const scripts: CheckedScript[] = [];
  // hadolint's `# hadolint shell=` before the first FROM sets the shell of every stage.
  let defaultShell: readonly string[] | undefined;
  let state = freshState(undefined);
  let triggers = freshState(undefined);
  const finalStates = new Map<number, ShellState>();
  let stageIndex = -1;

  const pragmas = shellPragmas(doc);
  let nextPragma = 0;

  for (const instruction of doc.instructions) {
    const line = instruction.range.start.line;
    while (nextPragma < pragmas.length && (pragmas[nextPragma]?.line ?? 0) < line) {
      const shell = [pragmas[nextPragma]?.shell ?? ''];
      nextPragma++;
      if (stageIndex < 0) defaultShell = shell;
      state.shell = shell;
      triggers.shell = shell;
    }
    const keyword = instruction.keyword;
    if (keyword === 'FROM') {
      if (stageIndex >= 0) finalStates.set(stageIndex, state);
      const stage = stages.stageOf(instruction);
      stageIndex = stage?.index ?? stageIndex + 1;
      // A stage built on an earlier one inherits its shell and its ENV (ARG values do not carry).
      const base = stage === undefined ? undefined : stages.stageNamed(stage.base, stage.index);
      const inherited = base === undefined ? undefined : finalStates.get(base.index);
      // A Windows base image runs RUN with cmd unless a pragma named the shell.
      const windows = base === undefined && stage !== undefined && isWindowsStage(stage);
      const fallback = defaultShell ?? (windows ? WINDOWS_SHELL : undefined);
      state = freshState(inherited?.shell ?? fallback, inherited?.env);
      triggers = freshState(fallback);
      continue;
    }
    if (keyword === 'ONBUILD') {
      const trigger = instruction.trigger;
      if (trigger !== undefined) {
        // Triggers run in a later build; like hadolint, judge them by what the triggers declare.
        applyDeclaration(triggers, trigger);
        if (trigger.keyword === 'RUN') scripts.push(...scriptsOf(doc, instruction, trigger, triggers));
      }
      continue;
    }
    applyDeclaration(state, instruction);
    if (keyword === 'RUN') scripts.push(...scriptsOf(doc, instruction, instruction, state));
  }
  return scripts;
}

function applyDeclaration(state: ShellState, instruction: Instruction): void {
  if (instruction.keyword === 'ARG' || instruction.keyword === 'ENV') declare(state, instruction);
  else if (instruction.keyword === 'SHELL' && instruction.json !== undefined && instruction.json.length > 0) {
    state.shell = instruction.json;
  }
}

/** The `# hadolint shell=` pragmas on comment lines between instructions, in order. */
function shellPragmas(doc: Dockerfile): Array<{ line: number; shell: string }> {
  const inside = new Set<number>();
  for (const instruction of doc.instructions) {
    for (let line = instruction.range.start.line + 1; line <= instruction.range.end.line; line++)
      inside.add(line);
  }
  const found: Array<{ line: number; shell: string }> = [];
  for (const comment of doc.comments) {
    const line = comment.range.start.line;
    if (inside.has(line)) continue;
    const pragma = parsePragma(comment.text);
    if (pragma?.kind === 'shell') found.push({ line, shell: pragma.shell });
  }
  return found.sort((a, b) => a.line - b.line);
}

/** The scripts one RUN hands to a shell (none for exec form or a shell ShellCheck cannot read). */
function scriptsOf(
  doc: Dockerfile,
  owner: Instruction,
  run: Instruction,
  state: ShellState,
): CheckedScript[] {
  if (run.json !== undefined) return [];
  const stageDialect = state.shell === undefined ? 'sh' : dialectOf(state.shell);
  const variables = [...state.variables].sort();
  const make = (dialect: ShellDialect, out: MappedText): CheckedScript => ({
    instruction: owner,
    dialect,
    variables,
    text: out.text,
    positionAt: (offset) => out.positionAt(offset),
  });

  const heredocs = run.heredocs;
  if (heredocs.length === 0) {
    if (stageDialect === undefined || run.argText.trim() === '') return [];
    const out = new MappedText();
    out.append(run.argText, (offset) => run.positionAt(offset));
    return [make(stageDialect, out)];
  }
  if (heredocs.some((heredoc) => !heredoc.terminated)) return [];

  const only = heredocs.length === 1 ? heredocs[0] : undefined;
  const marker = parseHeredocWord(run.argText.trim());
  if (only !== undefined && marker.ok && marker.marker !== undefined) {
    // `RUN <<EOF`: BuildKit runs the body itself, with its shebang's interpreter if it has one.
    return heredocScript(doc, only, stageDialect, make);
  }
  // Anything else: BuildKit hands the command line and the heredocs to the shell as one script.
  if (stageDialect === undefined) return [];
  const out = new MappedText();
  out.append(run.argText, (offset) => run.positionAt(offset));
  for (const heredoc of heredocs) {
    const end = run.positionAt(run.argText.length);
    out.append('\n', () => end);
    appendLines(out, doc, heredoc.range.start.line, heredoc.range.end.line);
  }
  return [make(stageDialect, out)];
}

function heredocScript(
  doc: Dockerfile,
  heredoc: Heredoc,
  stageDialect: ShellDialect | undefined,
  make: (dialect: ShellDialect, out: MappedText) => CheckedScript,
): CheckedScript[] {
  const first = heredoc.range.start.line;
  // The body ends before the terminator line.
  const last = heredoc.range.end.line - 1;
  if (last < first) return [];
  const shebang = shebangOf(doc.lines[first] ?? '');
  const out = new MappedText();
  if (shebang === undefined) {
    if (stageDialect === undefined) return [];
    appendLines(out, doc, first, last);
    return out.text.trim() === '' ? [] : [make(stageDialect, out)];
  }
  const dialect = dialectOf(shebang);
  if (dialect === undefined) return [];
  // The shebang line is left out: ShellCheck is told the dialect, and the declared variables go
  // where the shebang was. A blank line keeps the body's line numbers.
  const shebangEnd = (doc.lines[first] ?? '').length;
  out.append('\n', () => ({ line: first, character: shebangEnd }));
  if (last > first) appendLines(out, doc, first + 1, last);
  return [make(dialect, out)];
}

/** The document range of `text[start, end)`, ends kept on the line of the last character. */
export function scriptRange(script: CheckedScript, start: number, end: number): Range {
  const from = script.positionAt(start);
  if (end <= start) return { start: from, end: from };
  const last = script.positionAt(end - 1);
  return { start: from, end: { line: last.line, character: last.character + 1 } };
}
