// Runs the shellcheck binary on one script read from stdin and returns its comments. Children are
// queued (at most a few at once), each has a timeout, and an AbortSignal kills the child it owns.
// Every failure (no binary, a crash, bad output) becomes a result; nothing here throws.
import { spawn } from 'node:child_process';
import type { ShellDialect } from './scripts';

/** One ShellCheck comment; lines and columns are 1-based, columns count code points. */
export interface ShellcheckComment {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly level: 'error' | 'warning' | 'info' | 'style';
  readonly code: number;
  readonly message: string;
}

export type ShellcheckResult =
  | { readonly kind: 'ok'; readonly comments: readonly ShellcheckComment[] }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'cancelled' };

export interface ShellcheckRun {
  readonly script: string;
  readonly dialect: ShellDialect;
  /** Codes to leave out, `SC2086` or `2086`. */
  readonly exclude?: readonly string[];
  readonly signal?: AbortSignal;
}

export interface RunnerOptions {
  /** The executable: a path, or a name looked up on PATH. */
  readonly path?: string;
  readonly maxConcurrent?: number;
  readonly timeoutMs?: number;
}

const MAX_OUTPUT = 8 * 1024 * 1024;
/** Answers kept per runner: re-checking an edited document re-runs only the scripts that changed. */
const CACHE_SIZE = 512;

/** A queue of shellcheck children sharing one executable, concurrency limit and timeout. */
export class ShellcheckRunner {
  readonly path: string;
  private readonly maxConcurrent: number;
  private readonly timeoutMs: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly cache = new Map<string, readonly ShellcheckComment[]>();

  constructor(options: RunnerOptions = {}) {
    this.path = options.path !== undefined && options.path.trim() !== '' ? options.path : 'shellcheck';
    this.maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent ?? 4));
    this.timeoutMs = Math.max(1, options.timeoutMs ?? 10_000);
  }

  /** Children running now (for tests and diagnostics). */
  get active(): number {
    return this.running;
  }

  /** Checks one script; resolves when shellcheck is done, gave up, or the signal aborted. */
  async run(request: ShellcheckRun): Promise<ShellcheckResult> {
    if (request.signal?.aborted === true) return { kind: 'cancelled' };
    const key = `${request.dialect}\0${normalizeCodes(request.exclude ?? []).join(',')}\0${request.script}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return { kind: 'ok', comments: cached };
    }
    const admitted = await this.admit(request.signal);
    if (!admitted) return { kind: 'cancelled' };
    // The slot is held until the child has really exited, not just until its answer is known.
    const { result, exited } = this.spawnOne(request);
    void exited.then(() => this.release());
    const answer = await result;
    if (answer.kind === 'ok') {
      this.cache.set(key, answer.comments);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value ?? '');
    }
    return answer;
  }

  private admit(signal: AbortSignal | undefined): Promise<boolean> {
    if (this.running < this.maxConcurrent) {
      this.running++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const start = (): void => {
        signal?.removeEventListener('abort', cancel);
        this.running++;
        resolve(true);
      };
      const cancel = (): void => {
        const at = this.waiting.indexOf(start);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(false);
      };
      this.waiting.push(start);
      signal?.addEventListener('abort', cancel, { once: true });
    });
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }

  private spawnOne(request: ShellcheckRun): { result: Promise<ShellcheckResult>; exited: Promise<void> } {
    // The signal may have fired between admission and now; its listener would never run.
    if (request.signal?.aborted === true) {
      return { result: Promise.resolve({ kind: 'cancelled' }), exited: Promise.resolve() };
    }
    const args = ['--format=json1', '--norc', `--shell=${request.dialect}`];
    const exclude = normalizeCodes(request.exclude ?? []);
    if (exclude.length > 0) args.push(`--exclude=${exclude.join(',')}`);
    args.push('-');

    let markExited: () => void = () => undefined;
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const result = new Promise<ShellcheckResult>((resolve) => {
      let settled = false;
      let stdout = '';
      let stderr = '';
      let child: ReturnType<typeof spawn>;
      const finish = (result: ShellcheckResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const stop = (result: ShellcheckResult): void => {
        finish(result);
        child.kill();
      };
      const onAbort = (): void => stop({ kind: 'cancelled' });
      const timer = setTimeout(
        () =>
          stop({
            kind: 'timeout',
            message: `shellcheck took longer than ${this.timeoutMs} ms and was stopped`,
          }),
        this.timeoutMs,
      );
      try {
        child = spawn(this.path, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, shell: false });
      } catch (error) {
        finish({ kind: 'failed', message: `shellcheck could not be started: ${describe(error)}` });
        markExited();
        return;
      }
      request.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (error: NodeJS.ErrnoException) => {
        markExited();
        if (error.code === 'ENOENT') {
          finish({
            kind: 'not-found',
            message: `shellcheck was not found (${this.path}); install ShellCheck or set its path to get SC diagnostics`,
          });
        } else {
          finish({ kind: 'failed', message: `shellcheck could not be started: ${describe(error)}` });
        }
      });
      child.stdout?.setEncoding('utf8');
      child.stderr?.setEncoding('utf8');
      child.stdout?.on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.length > MAX_OUTPUT) stop({ kind: 'failed', message: 'shellcheck wrote too much output' });
      });
      child.stderr?.on('data', (chunk: string) => {
        if (stderr.length < 4096) stderr += chunk;
      });
      // A child that exits before reading all of stdin makes the write fail; its exit says why.
      child.stdin?.on('error', () => undefined);
      child.on('close', (code) => {
        markExited();
        // 0: no comments, 1: comments; anything else is a usage or runtime error.
        if (code !== 0 && code !== 1) {
          const reason = stderr.trim() !== '' ? stderr.trim().split('\n')[0] : `exit code ${String(code)}`;
          finish({ kind: 'failed', message: `shellcheck failed: ${reason}` });
          return;
        }
        const comments = parseJson1(stdout);
        finish(
          comments === undefined
            ? { kind: 'failed', message: 'shellcheck printed output that is not its json1 format' }
            : { kind: 'ok', comments },
        );
      });
      child.stdin?.end(request.script, 'utf8');
    });
    return { result, exited };
  }
}

/** `SC2086`, `sc2086` or `2086` → `2086`; anything else is dropped. */
export function normalizeCodes(codes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const code of codes) {
    const match = /^(?:SC)?(\d+)$/i.exec(code.trim());
    if (match?.[1] !== undefined) out.add(match[1]);
  }
  return [...out];
}

const LEVELS = new Set(['error', 'warning', 'info', 'style']);

/** Reads `--format=json1` output; undefined when it is not that shape. */
export function parseJson1(output: string): ShellcheckComment[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(output);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const list = (data as { comments?: unknown }).comments;
  if (!Array.isArray(list)) return undefined;
  const comments: ShellcheckComment[] = [];
  for (const item of list as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const entry = item as Record<string, unknown>;
    const { line, column, code, level, message } = entry;
    if (typeof line !== 'number' || typeof column !== 'number' || typeof code !== 'number') continue;
    if (typeof level !== 'string' || !LEVELS.has(level) || typeof message !== 'string') continue;
    comments.push({
      line,
      column,
      endLine: typeof entry.endLine === 'number' ? entry.endLine : line,
      endColumn: typeof entry.endColumn === 'number' ? entry.endColumn : column,
      level: level as ShellcheckComment['level'],
      code,
      message,
    });
  }
  return comments;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
