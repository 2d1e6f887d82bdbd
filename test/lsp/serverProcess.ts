// Starts the built language server (dist/server.js) over stdio and speaks LSP to it, as an
// editor would. Used by every lsp-layer test.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
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
  stop(): Promise<void>;
}

const serverPath = path.resolve('dist', 'server.js');

/** Spawns `node dist/server.js --stdio` and initializes it. */
export async function startServer(): Promise<ServerUnderTest> {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiting = new Map<string, { version: number; resolve: (p: PublishDiagnosticsParams) => void }[]>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
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
    capabilities: {},
    workspaceFolders: null,
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
