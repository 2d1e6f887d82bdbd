import * as vscode from 'vscode';
import type { ContainerTop, DiskUsage, DiskUsageCategory, ImageLayer } from '../docker/client';
import { describeDockerError } from '../docker/errors';
import type { Explorer } from '../views/explorer';
import { formatAge, formatBytes, shortId } from '../views/format';

/** The scheme of the read-only documents: inspect JSON, processes, image history, disk usage. */
export const inspectScheme = 'dockwright-inspect';

/** What a document shows. */
export type DocumentKind =
  | 'container'
  | 'image'
  | 'volume'
  | 'network'
  | 'top'
  | 'history'
  | 'df'
  | 'node'
  | 'service'
  | 'task'
  | 'secret'
  | 'config';

const languages: Record<DocumentKind, string> = {
  container: 'json',
  image: 'json',
  volume: 'json',
  network: 'json',
  top: 'plaintext',
  history: 'markdown',
  df: 'markdown',
  node: 'json',
  service: 'json',
  task: 'json',
  secret: 'json',
  config: 'json',
};

const extensions: Record<DocumentKind, string> = {
  container: 'json',
  image: 'json',
  volume: 'json',
  network: 'json',
  top: 'txt',
  history: 'md',
  df: 'md',
  node: 'json',
  service: 'json',
  task: 'json',
  secret: 'json',
  config: 'json',
};

/** The URI of a document: a readable path for the tab, and daemon, kind and object in the query. */
export function documentUri(kind: DocumentKind, daemonId: string, id: string, title: string): vscode.Uri {
  const safe = title.replace(/[/\\?#%:]+/g, '_');
  const query = new URLSearchParams({ daemon: daemonId, kind, id }).toString();
  return vscode.Uri.from({ scheme: inspectScheme, path: `/${safe}.${extensions[kind]}`, query });
}

function parseUri(uri: vscode.Uri): { kind: DocumentKind; daemonId: string; id: string } | undefined {
  const query = new URLSearchParams(uri.query);
  const kind = query.get('kind');
  const daemonId = query.get('daemon');
  const id = query.get('id');
  if (kind === null || daemonId === null || id === null || !(kind in languages)) {
    return undefined;
  }
  return { kind: kind as DocumentKind, daemonId, id };
}

/** Columns padded to their widest cell, like `docker top` prints them. */
export function topText(top: ContainerTop): string {
  const rows = [top.titles, ...top.processes];
  const widths = top.titles.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return `${rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The layers of an image as a markdown table: id, age, size, the instruction. */
export function historyMarkdown(reference: string, layers: readonly ImageLayer[], nowMs: number): string {
  const total = layers.reduce((sum, layer) => sum + layer.size, 0);
  const lines = [
    `# ${vscode.l10n.t('History of {0}', reference)}`,
    '',
    vscode.l10n.t('{0} layers, {1} in all.', layers.length, formatBytes(total)),
    '',
    `| ${vscode.l10n.t('Layer')} | ${vscode.l10n.t('Created')} | ${vscode.l10n.t('Size')} | ${vscode.l10n.t('Created by')} |`,
    '| --- | --- | ---: | --- |',
  ];
  for (const layer of layers) {
    const id = layer.id === '<missing>' || layer.id === '' ? '<missing>' : shortId(layer.id);
    const createdBy = layer.createdBy
      .replace(/^\/bin\/sh -c #\(nop\)\s+/, '')
      .replace(/^\/bin\/sh -c /, 'RUN ');
    lines.push(
      `| ${cell(id)} | ${formatAge(layer.created, nowMs)} | ${formatBytes(layer.size)} | \`${cell(createdBy).replace(/`/g, "'")}\` |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function categoryRow(name: string, c: DiskUsageCategory): string {
  const percent = c.size > 0 ? ` (${Math.round((c.reclaimable / c.size) * 100)}%)` : '';
  return `| ${name} | ${c.count} | ${c.active} | ${formatBytes(c.size)} | ${formatBytes(c.reclaimable)}${percent} |`;
}

function largest(title: string, c: DiskUsageCategory): string[] {
  const items = [...c.items].sort((a, b) => b.size - a.size).slice(0, 10);
  if (items.length === 0) {
    return [];
  }
  return [
    '',
    `## ${title}`,
    '',
    `| ${vscode.l10n.t('Name')} | ${vscode.l10n.t('Size')} | ${vscode.l10n.t('In use')} |`,
    '| --- | ---: | --- |',
    ...items.map(
      (i) =>
        `| ${cell(i.name)} | ${formatBytes(i.size)} | ${i.active ? vscode.l10n.t('yes') : vscode.l10n.t('no')} |`,
    ),
  ];
}

/** `/system/df` as `docker system df` sums it, with the largest objects of each kind. */
export function diskUsageMarkdown(where: string, usage: DiskUsage): string {
  return `${[
    `# ${vscode.l10n.t('Docker disk usage at {0}', where)}`,
    '',
    `| ${vscode.l10n.t('Type')} | ${vscode.l10n.t('Total')} | ${vscode.l10n.t('Active')} | ${vscode.l10n.t('Size')} | ${vscode.l10n.t('Reclaimable')} |`,
    '| --- | ---: | ---: | ---: | ---: |',
    categoryRow(vscode.l10n.t('Images'), usage.images),
    categoryRow(vscode.l10n.t('Containers'), usage.containers),
    categoryRow(vscode.l10n.t('Local volumes'), usage.volumes),
    categoryRow(vscode.l10n.t('Build cache'), usage.buildCache),
    ...largest(vscode.l10n.t('Largest images'), usage.images),
    ...largest(vscode.l10n.t('Largest containers (writable layer)'), usage.containers),
    ...largest(vscode.l10n.t('Largest volumes'), usage.volumes),
    ...largest(vscode.l10n.t('Largest build cache entries'), usage.buildCache),
  ].join('\n')}\n`;
}

/**
 * Serves the read-only documents from the daemon on each load; `refresh` loads one again. A
 * daemon that cannot answer gives a document that says why, rather than a popup.
 */
export class InspectDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly explorer: Explorer) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const parsed = parseUri(uri);
    if (parsed === undefined) {
      return vscode.l10n.t('This document does not name a Docker object.');
    }
    const entry = this.explorer.entry(parsed.daemonId);
    const client = entry?.daemon.connection.client;
    if (entry === undefined || client === undefined) {
      return vscode.l10n.t('Docker at {0} is not connected.', entry?.daemon.label ?? parsed.daemonId);
    }
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    const signal = controller.signal;
    try {
      switch (parsed.kind) {
        case 'container':
        case 'image':
        case 'volume':
        case 'network':
          return `${JSON.stringify(await client.inspectRaw(parsed.kind, parsed.id, signal), null, 2)}\n`;
        case 'top':
          return topText(await client.topContainer(parsed.id, undefined, signal));
        case 'history':
          return historyMarkdown(parsed.id, await client.imageHistory(parsed.id, signal), Date.now());
        case 'df':
          return diskUsageMarkdown(client.endpoint.display, await client.diskUsage(signal));
        case 'node':
        case 'service':
        case 'task':
        case 'secret':
        case 'config':
          // Secrets and configs come without their data: metadata only.
          return `${JSON.stringify(await client.swarm.inspectRaw(parsed.kind, parsed.id, signal), null, 2)}\n`;
      }
    } catch (err) {
      return `${describeDockerError(err, client.endpoint)}\n`;
    } finally {
      cancel.dispose();
    }
  }

  /** Opens (or shows again, reloaded) one document in a preview editor. */
  async open(kind: DocumentKind, daemonId: string, id: string, title: string): Promise<vscode.TextEditor> {
    const uri = documentUri(kind, daemonId, id, title);
    const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    if (open) {
      this.changed.fire(uri);
    }
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== languages[kind]) {
      document = await vscode.languages.setTextDocumentLanguage(document, languages[kind]);
    }
    return vscode.window.showTextDocument(document, { preview: true });
  }

  /** Loads a document again (the active editor's when none is given). */
  refresh(uri?: vscode.Uri): void {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (target?.scheme === inspectScheme) {
      this.changed.fire(target);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Registers the document provider and its Refresh command (editor title of these documents). */
export function registerInspectDocuments(explorer: Explorer): {
  documents: InspectDocuments;
  disposables: vscode.Disposable[];
} {
  const documents = new InspectDocuments(explorer);
  return {
    documents,
    disposables: [
      documents,
      vscode.workspace.registerTextDocumentContentProvider(inspectScheme, documents),
      vscode.commands.registerCommand('dockwright.inspect.refresh', (uri?: unknown) =>
        documents.refresh(uri instanceof vscode.Uri ? uri : undefined),
      ),
    ],
  };
}
