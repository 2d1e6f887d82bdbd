// Finding the Compose tool and running it as a child process: output handed on as it comes,
// cancellation by signal. Free of the vscode API so the docker tests run it as the extension does.
import { spawn } from 'node:child_process';
import type { CommandLine, ComposeTool, ProbeResult } from './composeCommand';
import { toolFromProbes } from './composeCommand';

/** How long a `version` probe may take. */
const probeTimeoutMs = 15_000;

/** Runs `command args`, collecting stdout; undefined when it cannot start or times out. */
function probe(
  command: string,
  args: string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<ProbeResult | undefined> {
  return new Promise((resolve) => {
    let stdout = '';
    let settled = false;
    const done = (result: ProbeResult | undefined): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(result);
      }
    };
    const child = spawn(command, args, {
      env: env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const timer = setTimeout(() => {
      child.kill();
      done(undefined);
    }, probeTimeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', () => done(undefined));
    child.once('close', (code) => done({ code, stdout }));
  });
}

/**
 * The Compose the user has: `docker compose` (v2) when the Docker CLI has the plugin, else a
 * standalone `docker-compose`; undefined when neither runs.
 */
export async function detectComposeTool(
  env: Readonly<Record<string, string | undefined>>,
  paths: { docker: string; dockerCompose: string } = { docker: 'docker', dockerCompose: 'docker-compose' },
): Promise<ComposeTool | undefined> {
  const plugin = await probe(paths.docker, ['compose', 'version', '--short'], env);
  const fromPlugin = toolFromProbes(plugin, undefined, paths);
  if (fromPlugin !== undefined) {
    return fromPlugin;
  }
  return toolFromProbes(undefined, await probe(paths.dockerCompose, ['version', '--short'], env), paths);
}

/** How a run ended: the exit code, or the signal that stopped it (`cancelled` when we did). */
export interface RunResult {
  code: number | null;
  cancelled: boolean;
  /** Set when the process could not start at all. */
  error?: string;
}

/**
 * Runs a command line, handing stdout and stderr text to `onOutput` as it arrives. Aborting
 * `signal` sends SIGTERM (Compose stops what it does cleanly), then SIGKILL if it lingers.
 */
export function runCompose(
  line: CommandLine,
  options: { onOutput: (text: string) => void; signal?: AbortSignal },
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(line.command, line.args, {
      env: line.env,
      ...(line.cwd !== undefined ? { cwd: line.cwd } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let cancelled = false;
    let killer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      cancelled = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    };
    if (options.signal?.aborted) {
      onAbort();
    } else {
      options.signal?.addEventListener('abort', onAbort, { once: true });
    }
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => options.onOutput(chunk));
    }
    let error: string | undefined;
    child.once('error', (err) => {
      error = err.message;
    });
    child.once('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (killer !== undefined) clearTimeout(killer);
      resolve(error !== undefined ? { code, cancelled, error } : { code, cancelled });
    });
  });
}
