// Which shell a container has, found without any tool in the image: each candidate is exec'd
// directly, and the runtime's own verdict (exit code 126 or 127) says it is not there.
import type { Duplex } from 'node:stream';
import type { ExecSpec, ExecState } from '../docker/client';

/** The exec calls the probe needs (DockerClient has them). */
export interface ExecEngine {
  createExec(containerId: string, spec: ExecSpec, signal?: AbortSignal): Promise<string>;
  startExec(execId: string, options: { tty: boolean; stdin: boolean }, signal?: AbortSignal): Promise<Duplex>;
  inspectExec(execId: string, signal?: AbortSignal): Promise<ExecState>;
}

/** Tried in order when no shell is configured: bash, then sh, then ash. */
export const shellCandidates: readonly string[] = [
  '/bin/bash',
  '/usr/bin/bash',
  '/bin/sh',
  '/usr/bin/sh',
  '/bin/ash',
  '/sbin/ash',
];

/** The outcome of a probe: the shell found, or every path tried. */
export type ProbeResult = { shell: string } | { shell: undefined; tried: readonly string[] };

/** The runtime's exit codes for a command it could not run: not executable, not found. */
export function missingCommand(exitCode: number | undefined): boolean {
  return exitCode === 126 || exitCode === 127;
}

/** How long one candidate may take to answer before the probe gives up on it. */
const candidateDeadlineMs = 10_000;

/**
 * Runs `<candidate> -c :` for each candidate until one runs. A candidate that the Engine refuses
 * (a stopped container, a missing one) fails the whole probe with the Engine's error.
 */
export async function probeShell(
  engine: ExecEngine,
  containerId: string,
  candidates: readonly string[] = shellCandidates,
  signal?: AbortSignal,
): Promise<ProbeResult> {
  for (const candidate of candidates) {
    if (await runs(engine, containerId, candidate, signal)) {
      return { shell: candidate };
    }
  }
  return { shell: undefined, tried: candidates };
}

/** Whether `path -c :` could be started in the container. */
async function runs(
  engine: ExecEngine,
  containerId: string,
  path: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const execId = await engine.createExec(
    containerId,
    { cmd: [path, '-c', ':'], tty: false, stdin: false },
    signal,
  );
  const stream = await engine.startExec(execId, { tty: false, stdin: false }, signal);
  // The output (the runtime's complaint, if any) is not needed; reading it lets the stream end.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, candidateDeadlineMs);
    function done(): void {
      clearTimeout(timer);
      resolve();
    }
    stream.on('data', () => undefined);
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
  });
  stream.destroy();
  const state = await settledExec(engine, execId, signal);
  return !missingCommand(state.exitCode);
}

/**
 * The exec's state once it has ended: the stream can close a moment before the Engine records
 * the exit code, so ask again briefly while it still reports running.
 */
export async function settledExec(
  engine: ExecEngine,
  execId: string,
  signal?: AbortSignal,
): Promise<ExecState> {
  const deadline = Date.now() + 5_000;
  let delay = 10;
  for (;;) {
    const state = await engine.inspectExec(execId, signal);
    if (!state.running || Date.now() > deadline) {
      return state;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 200);
  }
}

/**
 * Splits a command line into arguments for an image without a shell: whitespace separates,
 * single and double quotes group, a backslash escapes the next character (not in single quotes).
 */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArgument = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote !== undefined) {
      if (c === quote) {
        quote = undefined;
      } else if (c === '\\' && quote === '"' && i + 1 < line.length) {
        current += line[++i] ?? '';
      } else {
        current += c;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inArgument = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i] ?? '';
      inArgument = true;
    } else if (/\s/.test(c)) {
      if (inArgument) {
        args.push(current);
        current = '';
        inArgument = false;
      }
    } else {
      current += c;
      inArgument = true;
    }
  }
  if (inArgument) {
    args.push(current);
  }
  return args;
}
