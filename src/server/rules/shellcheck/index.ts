// ShellCheck findings for a Dockerfile: every RUN script goes to the shellcheck binary with the
// names its stage declared, and each comment comes back as a Finding on the document. Runs off
// the request path; the caller aborts it when the document changes.
import { setMaxListeners } from 'node:events';
import type { Dockerfile, Position } from '../../syntax/ast';
import type { Finding, Severity } from '../finding';
import { ShellcheckRunner } from './runner';
import type { ShellcheckComment, ShellcheckResult } from './runner';
import { scriptRange, shellScripts } from './scripts';
import type { CheckedScript } from './scripts';

export interface ShellcheckOptions {
  /** The shellcheck executable; `shellcheck` on PATH when empty. */
  readonly path?: string;
  readonly signal?: AbortSignal;
  /** Codes to leave out (`SC2086` or `2086`), on top of the ones that never apply to a RUN. */
  readonly exclude?: readonly string[];
  /** A runner to use instead of the shared one for `path`. */
  readonly runner?: ShellcheckRunner;
}

export interface ShellcheckReport {
  readonly findings: Finding[];
  /** Why nothing could be checked (no binary, a failing binary); undefined when all went well. */
  readonly problem?: string;
}

/**
 * Codes that cannot apply to a RUN: SC1090/SC1091 want the sourced file, which lives in the image,
 * not beside the Dockerfile; SC2187 only says ash is checked as dash.
 */
export const alwaysExcluded: readonly string[] = ['SC1090', 'SC1091', 'SC2187'];

const runners = new Map<string, ShellcheckRunner>();

function runnerFor(path: string | undefined): ShellcheckRunner {
  const key = path !== undefined && path.trim() !== '' ? path : 'shellcheck';
  let runner = runners.get(key);
  if (runner === undefined) {
    runner = new ShellcheckRunner({ path: key });
    runners.set(key, runner);
  }
  return runner;
}

/** The ShellCheck findings of a document; rejects with an AbortError when `signal` aborts. */
export async function shellcheckFindings(
  doc: Dockerfile,
  options: ShellcheckOptions = {},
): Promise<Finding[]> {
  return (await shellcheckReport(doc, options)).findings;
}

/** Like shellcheckFindings, and also says why ShellCheck could not run, if it could not. */
export async function shellcheckReport(
  doc: Dockerfile,
  options: ShellcheckOptions = {},
): Promise<ShellcheckReport> {
  const scripts = shellScripts(doc);
  const runner = options.runner ?? runnerFor(options.path);
  const exclude = [...alwaysExcluded, ...(options.exclude ?? [])];
  // One missing binary should not be reported once per RUN: the first failure stops the rest.
  const local = new AbortController();
  // Every queued script listens to it.
  setMaxListeners(scripts.length + 10, local.signal);
  const stopLocal = (): void => local.abort();
  options.signal?.addEventListener('abort', stopLocal, { once: true });
  if (options.signal?.aborted === true) local.abort();
  let problem: string | undefined;
  try {
    const results = await Promise.all(
      scripts.map(async (script) => {
        const result: ShellcheckResult = await runner.run({
          script: inputOf(script),
          dialect: script.dialect,
          exclude,
          signal: local.signal,
        });
        if (result.kind === 'not-found' || result.kind === 'failed' || result.kind === 'timeout') {
          problem ??= result.message;
          if (result.kind !== 'timeout') local.abort();
        }
        return result.kind === 'ok' ? result.comments.flatMap((c) => findingOf(script, c) ?? []) : [];
      }),
    );
    if (options.signal?.aborted === true) throw abortError(options.signal);
    const findings = results.flat().sort(byPosition);
    return problem === undefined ? { findings } : { findings, problem };
  } finally {
    options.signal?.removeEventListener('abort', stopLocal);
  }
}

/** The text handed to shellcheck: the declared names on line 1, then the script. */
export function inputOf(script: CheckedScript): string {
  const exports = script.variables.map((name) => `${name}=1`).join(' ');
  const prelude = exports === '' ? ':' : `export ${exports}`;
  return `${prelude}\n${script.text}${script.text.endsWith('\n') ? '' : '\n'}`;
}

const SEVERITY: Record<ShellcheckComment['level'], Severity> = {
  error: 'error',
  warning: 'warning',
  info: 'information',
  style: 'hint',
};

/** Maps one comment on inputOf(script) to a finding; undefined for comments on the prelude. */
export function findingOf(script: CheckedScript, comment: ShellcheckComment): Finding | undefined {
  if (comment.line < 2) return undefined;
  const starts = lineStarts(script.text);
  let start = offsetOf(script.text, starts, comment.line - 2, comment.column);
  let end = offsetOf(script.text, starts, comment.endLine - 2, comment.endColumn);
  if (end < start) end = start;
  // Zero-width comments (parse errors) get the character they point at, when there is one.
  if (end === start && start < script.text.length && script.text[start] !== '\n') end = start + 1;
  if (end === start && start > 0 && start === script.text.length) start--;
  const code = `SC${comment.code}`;
  return {
    code,
    message: comment.message,
    range: scriptRange(script, start, end),
    severity: SEVERITY[comment.level],
    ruleSet: 'shellcheck',
    href: `https://www.shellcheck.net/wiki/${code}`,
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** A 0-based line and 1-based code-point column to a UTF-16 offset, clamped to the text. */
function offsetOf(text: string, starts: readonly number[], line: number, column: number): number {
  if (line < 0) return 0;
  const lineStart = starts[line];
  if (lineStart === undefined) return text.length;
  const next = starts[line + 1];
  const lineEnd = next === undefined ? text.length : next - 1;
  let offset = lineStart;
  for (let points = 1; points < column && offset < lineEnd; points++) {
    const code = text.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < lineEnd ? 2 : 1;
  }
  return offset;
}

function byPosition(a: Finding, b: Finding): number {
  return (
    compare(a.range.start, b.range.start) || compare(a.range.end, b.range.end) || a.code.localeCompare(b.code)
  );
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function abortError(signal: AbortSignal): Error {
  if (signal.reason instanceof Error) return signal.reason;
  const error = new Error('ShellCheck was cancelled');
  error.name = 'AbortError';
  return error;
}
