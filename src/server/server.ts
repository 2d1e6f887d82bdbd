// LSP glue only: keeps the open documents, their parses, the settings and the project files,
// and hands each request to the engine.
import {
  createConnection,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticSource } from '../shared/protocol';
import { DiagnosticsScheduler, type LintJob } from './diagnosticsScheduler';
import { DocumentCache } from './documentCache';
import { parseDockerfile } from './syntax/parser';
import { featureHandlers } from './handlers';
import type { HandlerHost } from './handlers/host';
import { LintPool } from './lintPool';
import { ProjectFileCache, type ProjectFiles } from './projectFiles';
import type { DiagnoseInput } from './rules/diagnose';
import type { Finding } from './rules/finding';
import { DEFAULT_SETTINGS, readSettings, type DiagnosticsSettings } from './rules/settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const parses = new DocumentCache();
const projectFiles = new ProjectFileCache();
let settings: DiagnosticsSettings = DEFAULT_SETTINGS;
let canPullConfiguration = false;

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toDiagnostic(finding: Finding): Diagnostic {
  const tags: DiagnosticTag[] = [];
  if (finding.unnecessary === true) tags.push(DiagnosticTag.Unnecessary);
  if (finding.deprecated === true) tags.push(DiagnosticTag.Deprecated);
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    codeDescription: { href: finding.href },
    source: diagnosticSource,
    message: finding.message,
    ...(tags.length > 0 ? { tags } : {}),
  };
}

const reportedConfigs = new Set<string>();

/** Says once per file what was wrong with a hadolint configuration (the rest of it still applies). */
function reportConfigProblems(files: ProjectFiles): void {
  const source = files.hadolintSource;
  if (source === undefined || files.hadolintProblems.length === 0) return;
  const key = `${source}\n${files.hadolintProblems.join('\n')}`;
  if (reportedConfigs.has(key)) return;
  reportedConfigs.add(key);
  connection.console.warn(`${source}: ${files.hadolintProblems.join('; ')}`);
}

const pool = new LintPool(undefined, (message) => connection.console.error(message));
let shellcheckProblem: string | undefined;

const scheduler = new DiagnosticsScheduler({
  currentVersion: (uri) => documents.get(uri)?.version,
  lint(job: LintJob, signal: AbortSignal) {
    const document = documents.get(job.uri);
    const started = (async () => {
      if (document === undefined) return undefined;
      // The first diagnostics wait for the client's settings, so they never flash the defaults.
      await initialSettings;
      const files = await projectFiles.forDocument(job.uri);
      reportConfigProblems(files);
      const input: DiagnoseInput = {
        settings,
        hadolint: files.hadolint,
        ...(files.dockerignore !== undefined ? { dockerignore: files.dockerignore } : {}),
      };
      const text = document.getText();
      const version = document.version;
      // Small documents are linted here, on the parse the requests share (if still current).
      const handle = pool.lint(job.uri, text, input, () =>
        document.version === version ? parses.get(document) : parseDockerfile(text),
      );
      signal.addEventListener('abort', () => handle.cancel(), { once: true });
      return handle;
    })();
    return {
      sync: started.then(async (handle) => {
        if (handle === undefined) return [];
        const { findings, failures } = await handle.sync;
        for (const failure of failures) connection.console.error(`Rule failure in ${job.uri}: ${failure}`);
        return findings;
      }),
      background: started.then(async (handle) => {
        if (handle === undefined) return [];
        const { findings, problem } = await handle.background;
        // Say once why ShellCheck is not running, not on every keystroke.
        if (problem !== undefined && problem !== shellcheckProblem)
          connection.console.warn(`ShellCheck: ${problem}`);
        shellcheckProblem = problem;
        return findings;
      }),
    };
  },
  publish(job, findings) {
    void connection.sendDiagnostics({
      uri: job.uri,
      version: job.version,
      diagnostics: findings.map(toDiagnostic),
    });
  },
  log: (message) => connection.console.error(message),
});

/** Settles once the client's settings have been read the first time (at once when none are pulled). */
let initialSettings: Promise<void> = Promise.resolve();
const settingsWaitMs = 2_000;

async function refreshSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  try {
    settings = readSettings(
      await connection.workspace.getConfiguration({ section: 'dockwright.dockerfile' }),
    );
  } catch (err) {
    connection.console.error(`Reading settings failed: ${String(err)}`);
  }
}

function relintAll(): void {
  for (const document of documents.all()) scheduler.schedule(document.uri, true);
}

connection.onInitialize((params) => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  const roots =
    params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri !== null ? [params.rootUri] : []);
  projectFiles.setRoots(roots);
  settings = readSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
  return {
    capabilities: Object.assign(
      { textDocumentSync: TextDocumentSyncKind.Incremental },
      ...featureHandlers.map((handler) => handler.capabilities),
    ) as ServerCapabilities,
    serverInfo: { name: 'dockwright-dockerfile' },
  };
});

connection.onInitialized(() => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, {
      section: 'dockwright.dockerfile',
    });
    // A client that never answers must not hold diagnostics back for long.
    initialSettings = Promise.race([
      refreshSettings(),
      new Promise<void>((resolve) => setTimeout(resolve, settingsWaitMs).unref()),
    ]);
  }
});

connection.onDidChangeConfiguration(async (change) => {
  if (canPullConfiguration) await refreshSettings();
  else
    settings = readSettings(
      (change.settings as { dockwright?: { dockerfile?: unknown } } | null)?.dockwright?.dockerfile,
    );
  relintAll();
});

connection.onDidChangeWatchedFiles(() => {
  projectFiles.clear();
  relintAll();
});

// Opening reports a content change too: lint a new document at once, debounce later edits.
const seen = new Set<string>();
documents.onDidChangeContent((event) => {
  const uri = event.document.uri;
  scheduler.schedule(uri, !seen.has(uri));
  seen.add(uri);
});
documents.onDidClose((event) => {
  seen.delete(event.document.uri);
  scheduler.cancel(event.document.uri);
  parses.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});
connection.onShutdown(() => {
  scheduler.dispose();
  pool.dispose();
});

const host: HandlerHost = {
  connection,
  documents,
  async parsed(uri, token) {
    const document = documents.get(uri);
    if (document === undefined) return undefined;
    const version = document.version;
    const doc = await parses.parse(document);
    // The open document is updated in place: while a large one was parsed it may have changed.
    if (token?.isCancellationRequested === true || documents.get(uri) !== document) return undefined;
    if (doc === undefined || document.version !== version) {
      throw new ResponseError(LSPErrorCodes.ContentModified, 'The document changed while it was parsed.');
    }
    return { document, doc };
  },
};
for (const handler of featureHandlers) handler.register(host);

documents.listen(connection);
connection.listen();
