// Starts the built language server (dist/server.js) over stdio and speaks LSP to it, as an
// editor would. Used by every lsp-layer test.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type FileEvent,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/** A running server with the initialize handshake done. */
export interface ServerUnderTest {
  connection: ProtocolConnection;
  initializeResult: InitializeResult;
  process: ChildProcess;
  stderr: () => string;
  /** Opens a document and resolves with the first diagnostics published for that version. */
  open(uri: string, text: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Replaces a document's text and resolves with the diagnostics for the new version. */
  change(uri: string, text: string, version: number): Promise<PublishDiagnosticsParams>;
  /** Resolves with the next diagnostics for the URI that satisfy `accept`. */
  diagnostics(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean,
  ): Promise<PublishDiagnosticsParams>;
  /** Replaces the settings the client serves and tells the server they changed. */
  setSettings(settings: unknown): Promise<void>;
  /** Tells the server that watched files (e.g. .hadolint.yaml) changed. */
  filesChanged(uris: string[]): Promise<void>;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The `dockwright.dockerfile` settings served through workspace/configuration. */
  settings?: unknown;
  /** How long the client takes to answer workspace/configuration (a slow editor). */
  configurationDelayMs?: number;
  /** Workspace folder URIs. */
  workspaceFolders?: string[];
}

const serverPath = path.resolve('dist', 'server.js');

/** Spawns `node dist/server.js --stdio` and initializes it. */
export async function startServer(options: ServerOptions = {}): Promise<ServerUnderTest> {
  let settings: unknown = options.settings ?? {};
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map<string, { version: number; resolve: (p: PublishDiagnosticsParams) => void }[]>();
  const watchers: Array<{
    uri: string;
    accept: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }> = [];
  connection.onRequest(ConfigurationRequest.type, async (params) => {
    const answer = params.items.map(() => settings) as never[];
    const delay = options.configurationDelayMs ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return answer;
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    for (const watcher of watchers.filter((w) => w.uri === params.uri && w.accept(params))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve(params);
    }
    const list = waiting.get(params.uri) ?? [];
    const ready = list.filter((w) => params.version === undefined || params.version >= w.version);
    waiting.set(
      params.uri,
      list.filter((w) => !ready.includes(w)),
    );
    ready.forEach((w) => w.resolve(params));
  });
  connection.listen();
  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
    },
    workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri })) ?? null,
  });
  await connection.sendNotification(InitializedNotification.type, {});

  const nextDiagnostics = (uri: string, version: number): Promise<PublishDiagnosticsParams> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no diagnostics for ${uri} v${version}\n${stderr}`)),
        10_000,
      );
      const list = waiting.get(uri) ?? [];
      list.push({
        version,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
      waiting.set(uri, list);
    });

  return {
    connection,
    initializeResult,
    process: child,
    stderr: () => stderr,
    async open(uri, text, version = 1) {
      const result = nextDiagnostics(uri, version);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockerfile', version, text },
      });
      return result;
    },
    async change(uri, text, version) {
      const result = nextDiagnostics(uri, version);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
      return result;
    },
    diagnostics(uri, accept) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching diagnostics for ${uri}\n${stderr}`)),
          10_000,
        );
        watchers.push({
          uri,
          accept,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      });
    },
    async setSettings(next) {
      settings = next;
      await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    },
    async filesChanged(uris) {
      await connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: uris.map((uri): FileEvent => ({ uri, type: FileChangeType.Changed })),
      });
    },
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      if (child.exitCode === null) {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      connection.dispose();
    },
  };
}
