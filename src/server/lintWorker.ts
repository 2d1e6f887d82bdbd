// The lint worker: parses and diagnoses large documents off the server's main thread, so requests
// (completion, hover, …) are never queued behind them, then runs ShellCheck.
import { parentPort } from 'node:worker_threads';
import { runLint } from './lintRun';
import type { Dockerfile } from './syntax/ast';
import { parseDockerfile, reparseDockerfile } from './syntax/parser';
import type { FromWorker, ToWorker } from './lintProtocol';

const running = new Map<number, AbortController>();

/** The last tree of each document this worker linted, so a new version is parsed incrementally. */
const lastTrees = new Map<string, Dockerfile>();
const keptTrees = 16;

function treeOf(uri: string, text: string): Dockerfile {
  const previous = lastTrees.get(uri);
  const doc = previous !== undefined ? reparseDockerfile(previous, text) : parseDockerfile(text);
  lastTrees.delete(uri);
  lastTrees.set(uri, doc);
  if (lastTrees.size > keptTrees) lastTrees.delete(lastTrees.keys().next().value as string);
  return doc;
}

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

async function lint(request: Extract<ToWorker, { type: 'lint' }>): Promise<void> {
  const controller = new AbortController();
  const outcome = runLint(treeOf(request.uri, request.text), request.input, controller.signal);
  post({ type: 'sync', id: request.id, ...outcome.sync });
  if (outcome.background === undefined) return;
  running.set(request.id, controller);
  try {
    post({ type: 'background', id: request.id, ...(await outcome.background) });
  } finally {
    running.delete(request.id);
  }
}

parentPort?.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  lint(message).catch((err: unknown) => {
    post({ type: 'sync', id: message.id, findings: [], failures: [`worker: ${String(err)}`] });
  });
});
