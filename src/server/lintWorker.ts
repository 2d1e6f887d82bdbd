// The lint worker: parses and diagnoses documents off the server's main thread, so requests
// (completion, hover, …) are never queued behind a large file, then runs ShellCheck.
import { parentPort } from 'node:worker_threads';
import { diagnose } from './rules/diagnose';
import type { Finding } from './rules/finding';
import { applySeverity, DEFAULT_SETTINGS } from './rules/settings';
import { shellcheckReport } from './rules/shellcheck';
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
  const failures: string[] = [];
  const doc = treeOf(request.uri, request.text);
  const { findings, suppressions } = diagnose(doc, request.input, failures);
  post({ type: 'sync', id: request.id, findings, failures });
  const settings = request.input.settings ?? DEFAULT_SETTINGS;
  if (!settings.ruleSets.shellcheck) return;
  const controller = new AbortController();
  running.set(request.id, controller);
  try {
    const ignored = new Set(request.input.hadolint?.ignored ?? []);
    const report = await shellcheckReport(doc, { path: settings.shellcheckPath, signal: controller.signal });
    // hadolint's pragmas and ignore list cover ShellCheck's codes too.
    const kept: Finding[] = report.findings.filter(
      (finding) =>
        !ignored.has(finding.code) && !suppressions.isIgnored(finding.code, finding.range.start.line),
    );
    post({
      type: 'background',
      id: request.id,
      findings: applySeverity(kept, settings.severity),
      ...(report.problem !== undefined ? { problem: report.problem } : {}),
    });
  } catch {
    // Aborted (a newer version is on its way) or failed: nothing more to say for this version.
    post({ type: 'background', id: request.id, findings: [] });
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
