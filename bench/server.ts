// The server under a 10 MB Dockerfile: how long its diagnostics take, and whether the server
// keeps answering meanwhile (a request round trip, a small document's diagnostics, a hover on
// another document sent right behind the huge document's first one).
// Usage: npm run bench -- server   (after npm run build)
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  HoverRequest,
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

/** A hover on an instruction keyword, answered from the document's parse on the main thread. */
async function hover(uri: string, line: number): Promise<number> {
  const start = now();
  await connection.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: { line, character: 1 },
  });
  return now() - start;
}

const median = (list: number[]): number => [...list].sort((a, b) => a - b)[list.length >> 1] ?? 0;

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
  const smallUri = 'file:///bench/small/Dockerfile';
  const smallDone = published(smallUri);
  const smallStart = now();
  await open(smallUri, generateDockerfile(60));
  await smallDone;
  const small = now() - smallStart;
  // Hovers while the huge document's diagnostics are still being computed: on the small file,
  // then on the huge one (its first request waits for the document's first parse, read in slices).
  const smallHovers: number[] = [];
  for (let i = 0; i < 5; i++) smallHovers.push(await hover(smallUri, 4));
  // The huge file's first hover (it waits for the document's first parse) and, sent right behind
  // it, one on the small file: the second shows how long another request waits meanwhile.
  const answered: string[] = [];
  const noted =
    (name: string) =>
    (ms: number): number => {
      answered.push(name);
      return ms;
    };
  const [firstHuge, behind] = await Promise.all([
    hover('file:///bench/huge/Dockerfile', 4).then(noted('huge')),
    hover(smallUri, 4).then(noted('small')),
  ]);
  const hugeHovers: number[] = [firstHuge];
  for (let i = 1; i < 5; i++) hugeHovers.push(await hover('file:///bench/huge/Dockerfile', 4 + i * 1000));
  const hoversDone = now() - start;
  const result = await hugeDone;
  const total = now() - start;
  console.log(
    `| ${(huge.length / 1024 / 1024).toFixed(1)} MB Dockerfile over LSP | diagnostics after ${total.toFixed(0)} ms (${result.diagnostics.length}) | request round trip meanwhile: median ${median(pings).toFixed(1)} ms, max ${Math.max(...pings).toFixed(1)} ms | a 60-line file's diagnostics meanwhile: ${small.toFixed(0)} ms |`,
  );
  console.log(
    `| hover while it is diagnosed (all answered ${hoversDone.toFixed(0)} ms after opening) | on the 60-line file: median ${median(smallHovers).toFixed(1)} ms, max ${Math.max(...smallHovers).toFixed(1)} ms | on the huge file: first ${firstHuge.toFixed(0)} ms, then median ${median(hugeHovers.slice(1)).toFixed(1)} ms | a hover on the 60-line file sent right behind the first: answered after ${behind.toFixed(0)} ms, ${answered[0] === 'small' ? 'before' : 'after'} it |`,
  );
  child.kill();
}

void main();
