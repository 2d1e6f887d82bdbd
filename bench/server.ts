// The server under a 10 MB Dockerfile: how long its diagnostics take, and whether the server
// keeps answering meanwhile (a request round trip, a small document's diagnostics).
// Usage: npm run bench -- server   (after npm run build)
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { generateDockerfile, generateDockerfileOfSize } from './generate';

const child = spawn(process.execPath, [resolve('dist', 'server.js'), '--stdio'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const connection = createProtocolConnection(
  new StreamMessageReader(child.stdout),
  new StreamMessageWriter(child.stdin),
);
const arrivals = new Map<string, (p: PublishDiagnosticsParams) => void>();
connection.onNotification(PublishDiagnosticsNotification.type, (params) =>
  arrivals.get(params.uri)?.(params),
);
connection.listen();

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const published = (uri: string): Promise<PublishDiagnosticsParams> =>
  new Promise((done) => arrivals.set(uri, done));

async function open(uri: string, text: string): Promise<void> {
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'dockerfile', version: 1, text },
  });
}

/** A round trip the main thread answers at once (an unknown method gets an error reply). */
async function ping(): Promise<number> {
  const start = now();
  await connection.sendRequest('dockwright/ping').catch(() => undefined);
  return now() - start;
}

async function main(): Promise<void> {
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: null,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  // Warm the workers with a small file first, as an editor session would have.
  const warm = published('file:///bench/warm/Dockerfile');
  await open('file:///bench/warm/Dockerfile', generateDockerfile(200));
  await warm;

  const huge = generateDockerfileOfSize(10 * 1024 * 1024);
  const hugeDone = published('file:///bench/huge/Dockerfile');
  const start = now();
  await open('file:///bench/huge/Dockerfile', huge);
  const pings: number[] = [];
  for (let i = 0; i < 10; i++) pings.push(await ping());
  const smallDone = published('file:///bench/small/Dockerfile');
  const smallStart = now();
  await open('file:///bench/small/Dockerfile', generateDockerfile(60));
  await smallDone;
  const small = now() - smallStart;
  const result = await hugeDone;
  const total = now() - start;
  pings.sort((a, b) => a - b);
  console.log(
    `| ${(huge.length / 1024 / 1024).toFixed(1)} MB Dockerfile over LSP | diagnostics after ${total.toFixed(0)} ms (${result.diagnostics.length}) | request round trip meanwhile: median ${pings[5]?.toFixed(1)} ms, max ${pings[9]?.toFixed(1)} ms | a 60-line file's diagnostics meanwhile: ${small.toFixed(0)} ms |`,
  );
  child.kill();
}

void main();
