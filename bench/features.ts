// Editor features against dockerfile-language-service (the service behind the most used Dockerfile
// language server), measured in the same process after an incremental edit, printed as ratios.
// The anchor re-parses the text for every request; the server parses once per document version,
// incrementally from the previous version, so "first request after an edit" counts that re-parse
// (and any per-version model a feature builds) and "later requests" reuse them.
// Usage: npm run bench -- features
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import * as protocol from 'vscode-languageserver-protocol/node';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { parseDockerfile, reparseDockerfile } from '../src/server/syntax/parser';
import type { Dockerfile } from '../src/server/syntax/ast';
import { completionAt } from '../src/server/features/completion';
import { hover } from '../src/server/features/hover';
import { documentSymbols } from '../src/server/features/symbols';
import { semanticTokens } from '../src/server/features/semanticTokens';
import { formatDocument } from '../src/server/features/format';
import { DEFAULT_FORMAT_SETTINGS } from '../src/server/features/formatSettings';
import { definition, documentHighlights, references } from '../src/server/features/navigation';
import { foldingRanges } from '../src/server/features/folding';
import { generateDockerfile } from './generate';

const anchor = DockerfileLanguageServiceFactory.createLanguageService();
anchor.setCapabilities({
  completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
  hover: { contentFormat: ['markdown'] },
});

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Median milliseconds of `runs` calls after a warm-up (up to 30 calls or 2 s). */
function measure(run: () => unknown, runs: number, warmCalls = 30): number {
  const warmUntil = Date.now() + 2000;
  for (let i = 0; i < warmCalls && Date.now() < warmUntil; i++) run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = nowMs();
    run();
    times.push(nowMs() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** One request of each kind, on our side (given a parse) and on the anchor's (given the text). */
export interface FeatureCase {
  readonly name: string;
  ours(doc: Dockerfile): unknown;
  anchor(text: string): unknown;
}

/** Where a request lands: in the middle of the file, on a RUN line and on an empty spot. */
function positions(text: string): {
  runKeyword: Position;
  variable: Position;
  lineStart: Position;
  mountType: Position;
} {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  const find = (test: (line: string) => boolean): number => {
    for (let i = middle; i < lines.length; i++) if (test(lines[i] ?? '')) return i;
    for (let i = 0; i < middle; i++) if (test(lines[i] ?? '')) return i;
    return 0;
  };
  const run = find((line) => line.startsWith('RUN '));
  const variable = find((line) => /\$\{?[A-Z_]/.test(line));
  const variableLine = lines[variable] ?? '';
  const mount = find((line) => line.includes('--mount=type='));
  const mountLine = lines[mount] ?? '';
  return {
    runKeyword: { line: run, character: 1 },
    variable: { line: variable, character: Math.max(0, variableLine.search(/\$\{?[A-Z_]/)) + 2 },
    lineStart: { line: run, character: 0 },
    mountType: { line: mount, character: mountLine.indexOf('--mount=type=') + '--mount=type='.length },
  };
}

function cases(text: string, uri: string): FeatureCase[] {
  const at = positions(text);
  const identifier = { uri };
  return [
    {
      name: 'hover (instruction keyword)',
      ours: (doc) => hover(doc, at.runKeyword),
      anchor: (t) => anchor.computeHover(t, at.runKeyword),
    },
    {
      name: 'hover (variable)',
      ours: (doc) => hover(doc, at.variable),
      anchor: (t) => anchor.computeHover(t, at.variable),
    },
    {
      name: 'completion (instruction at line start)',
      ours: (doc) => completionAt(doc, at.lineStart).items.length,
      anchor: (t) => anchor.computeCompletionItems(t, at.lineStart),
    },
    {
      name: 'completion (`--mount=type=`)',
      ours: (doc) => completionAt(doc, at.mountType).items.length,
      anchor: (t) => anchor.computeCompletionItems(t, at.mountType),
    },
    {
      name: 'document symbols',
      ours: (doc) => documentSymbols(doc),
      anchor: (t) => anchor.computeSymbols(identifier, t),
    },
    {
      name: 'definition (variable)',
      ours: (doc) => definition(doc, uri, at.variable),
      anchor: (t) => anchor.computeDefinition(identifier, t, at.variable),
    },
    {
      name: 'document highlight (variable)',
      ours: (doc) => documentHighlights(doc, at.variable),
      anchor: (t) => anchor.computeHighlightRanges(t, at.variable),
    },
    {
      name: 'references (variable; the anchor has none, its highlight stands in)',
      ours: (doc) => references(doc, uri, at.variable, true),
      anchor: (t) => anchor.computeHighlightRanges(t, at.variable),
    },
    {
      name: 'folding ranges',
      ours: (doc) => foldingRanges(doc),
      anchor: (t) => anchor.computeFoldingRanges(t),
    },
    {
      name: 'formatting (whole document)',
      ours: (doc) => formatDocument(doc, { tabSize: 4, insertSpaces: true }, DEFAULT_FORMAT_SETTINGS),
      anchor: (t) => anchor.format(t, { tabSize: 4, insertSpaces: true }),
    },
  ];
}

interface Row {
  name: string;
  first: number;
  later: number;
  anchor: number;
}

/**
 * Versions of the document as typing makes them: a space typed at the start of a line in the
 * middle, deleted, typed again, and so on.
 */
function editedVersions(text: string, count: number): string[] {
  const document = TextDocument.create('file:///bench/Dockerfile', 'dockerfile', 1, text);
  const line = Math.floor(document.lineCount / 2);
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    // Type a space at the start of the line, then delete it again: every version differs from
    // the one before, so each request follows a real edit.
    const start = { line, character: 0 };
    const edit =
      i % 2 === 0
        ? { range: { start, end: start }, text: ' ' }
        : { range: { start, end: { line, character: 1 } }, text: '' };
    TextDocument.update(document, [edit], i + 2);
    texts.push(document.getText());
  }
  return texts;
}

function measureCase(feature: FeatureCase, text: string, anchorRuns: number): Row {
  const versions = editedVersions(text, 40);
  let v = 0;
  let previous = parseDockerfile(text);
  // The first request after an edit: the server parses the new version from the previous one
  // (as its document cache does), then answers.
  const first = measure(() => {
    previous = reparseDockerfile(previous, versions[v++ % versions.length] ?? text);
    return feature.ours(previous);
  }, 25);
  const parsed = parseDockerfile(text);
  const later = measure(() => feature.ours(parsed), 200, 100);
  const anchorMs = measure(() => feature.anchor(text), anchorRuns, anchorRuns > 3 ? 10 : 1);
  return { name: feature.name, first, later, anchor: anchorMs };
}

function table(title: string, rows: Row[]): string {
  const out = [
    `### ${title}`,
    '',
    '| request | Dockwright, first request after an edit (re-parse included) | Dockwright, later requests | dockerfile-language-service 0.16.1 | speed-up (first / later) |',
    '|---|---|---|---|---|',
  ];
  for (const row of rows) {
    out.push(
      `| ${row.name} | ${row.first.toFixed(3)} ms | ${row.later.toFixed(3)} ms | ${row.anchor.toFixed(2)} ms | ${(row.anchor / row.first).toFixed(0)}× / ${(row.anchor / row.later).toFixed(0)}× |`,
    );
  }
  return out.join('\n');
}

/** Semantic tokens: the anchor is quadratic, so it runs once per size, ours many times. */
function tokensRows(): string {
  const out = [
    '### Semantic tokens (whole document) by size',
    '',
    '| lines | Dockwright (after an edit: re-parse + tokens) | per 1,000 lines | dockerfile-language-service 0.16.1 | speed-up |',
    '|---|---|---|---|---|',
  ];
  for (const size of [600, 1200, 2400, 4800]) {
    const text = generateDockerfile(size);
    const versions = editedVersions(text, 2);
    let previous = parseDockerfile(text);
    let v = 0;
    const ours = measure(() => {
      previous = reparseDockerfile(previous, versions[v++ % 2] ?? text);
      return semanticTokens(previous);
    }, 15);
    const start = nowMs();
    anchor.computeSemanticTokens(text);
    const anchorMs = nowMs() - start;
    out.push(
      `| ${size.toLocaleString('en-US')} | ${ours.toFixed(2)} ms | ${((ours * 1000) / size).toFixed(2)} ms | ${anchorMs.toFixed(0)} ms | ${(anchorMs / ours).toFixed(0)}× |`,
    );
  }
  return out.join('\n');
}

function corpusRows(dir: string): Row[] {
  const texts = readdirSync(dir)
    .filter((name) => !name.endsWith('.md') && !name.endsWith('.tsv'))
    .map((name) => readFileSync(join(dir, name), 'utf8'));
  const names = cases(texts[0] ?? '', 'file:///corpus/0').map((c) => c.name);
  return names.map((name, index) => {
    const perFile = texts.map((text, i) => cases(text, `file:///corpus/${i}`)[index]);
    const versions = texts.map((text) => editedVersions(text, 2));
    const previous = texts.map((text) => parseDockerfile(text));
    let round = 0;
    const firstAll = measure(
      () => {
        round++;
        perFile.forEach((c, i) => {
          const doc = reparseDockerfile(previous[i], versions[i]?.[round % 2] ?? '');
          previous[i] = doc;
          c?.ours(doc);
        });
      },
      15,
      5,
    );
    const parsed = texts.map((text) => parseDockerfile(text));
    const laterAll = measure(() => perFile.forEach((c, i) => c?.ours(parsed[i])), 25, 10);
    const anchorAll = measure(() => perFile.forEach((c, i) => c?.anchor(texts[i] ?? '')), 5, 2);
    return { name: `${name}, every file once`, first: firstAll, later: laterAll, anchor: anchorAll };
  });
}

const large = generateDockerfile(4800);
const output: string[] = [];
output.push(
  table(
    'Generated multi-stage Dockerfile, 4,800 lines',
    cases(large, 'file:///bench/Dockerfile').map((c) => measureCase(c, large, 7)),
  ),
);
const corpusDir = join(process.cwd(), '..', 'shared', 'corpus');
if (existsSync(corpusDir)) {
  output.push(table('../shared/corpus (all files, one request each)', corpusRows(corpusDir)));
} else {
  output.push('### ../shared/corpus\n\nskipped: the corpus is absent');
}
output.push(tokensRows());
console.log(output.join('\n\n'));

/** The server's resident memory with the 4,800-line file open, after every request above. */
async function serverMemory(text: string): Promise<string> {
  const child = spawn(process.execPath, [resolve('dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const connection = protocol.createProtocolConnection(
    new protocol.StreamMessageReader(child.stdout),
    new protocol.StreamMessageWriter(child.stdin),
  );
  const uri = 'file:///bench/memory/Dockerfile';
  const diagnosed = new Promise<void>((done) =>
    connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
      if (params.uri === uri) done();
    }),
  );
  connection.listen();
  try {
    await connection.sendRequest(protocol.InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
    });
    await connection.sendNotification(protocol.InitializedNotification.type, {});
    await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text },
    });
    await diagnosed;
    const at = positions(text);
    const textDocument = { uri };
    await connection.sendRequest(protocol.HoverRequest.type, { textDocument, position: at.runKeyword });
    await connection.sendRequest(protocol.CompletionRequest.type, { textDocument, position: at.lineStart });
    await connection.sendRequest(protocol.DocumentSymbolRequest.type, { textDocument });
    await connection.sendRequest(protocol.SemanticTokensRequest.type, { textDocument });
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    const peak = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    const anon = Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    const file = Number(/RssFile:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    return `Server memory with the 4,800-line file open (diagnostics published, hover, completion, symbols and semantic tokens answered): RSS ${rss.toFixed(1)} MB (${anon.toFixed(1)} MB private, ${file.toFixed(1)} MB mapped files such as the node binary; peak ${peak.toFixed(1)} MB); goal < 60 MB.`;
  } finally {
    connection.dispose();
    child.kill();
  }
}

if (existsSync(join('dist', 'server.js')) && existsSync('/proc/self/status')) {
  void serverMemory(large).then((line) => console.log(`\n${line}`));
} else {
  console.log('\nServer memory: skipped (build dist/server.js first, and run on Linux)');
}
