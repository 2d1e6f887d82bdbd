import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import type { Daemons } from '../docker/daemons';
import { describeDockerError } from '../docker/errors';
import type { ExplorerNode } from '../views/explorerNodes';
import { AttachTerminal } from '../terminals/attachTerminal';
import type { EnginePty, PtyContext } from '../terminals/enginePty';
import { ExecTerminal } from '../terminals/execTerminal';
import { readLogText } from '../terminals/logsDocument';
import { LogChangeWatch, startedAgain } from '../terminals/logsDocumentWatch';
import { LogsTerminal } from '../terminals/logsTerminal';
import { terminalSettings } from '../terminals/terminalSettings';

/** What the terminal commands need from the composition root. */
export interface ContainerTerminalsContext {
  readonly daemons: Daemons;
  readonly state: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
}

/** A terminal opened by a command, with its pseudoterminal (tests read its writes). */
export interface ContainerTerminal {
  readonly terminal: vscode.Terminal;
  readonly pty: EnginePty;
}

/** One container on one daemon. */
interface Target {
  client: DockerClient;
  daemonId: string;
  id: string;
  name: string;
}

const historyKey = 'dockwright.containers.runCommand.history';
const historyLength = 20;
const logsScheme = 'dockwright-logs';
/** The newest part of a log kept in a document. */
const documentLimitBytes = 8 * 1024 * 1024;

const t: PtyContext['t'] = (message, ...args) => vscode.l10n.t(message, ...args);

function clientOf(daemons: Daemons, daemonId: string): DockerClient {
  const daemon = daemons.all.find((d) => d.id === daemonId);
  const client = daemon?.connection.client;
  if (daemon === undefined || client === undefined) {
    throw new Error(
      daemon?.connection.reason ?? vscode.l10n.t('Docker is not connected ({0}).', daemon?.label ?? daemonId),
    );
  }
  return client;
}

/** The containers a command acts on: the selection, the clicked node, or one picked from a list. */
async function targets(
  daemons: Daemons,
  node: ExplorerNode | undefined,
  selected: readonly ExplorerNode[] | undefined,
  runningOnly: boolean,
): Promise<Target[]> {
  const nodes = (
    selected !== undefined && selected.length > 0 ? selected : node !== undefined ? [node] : []
  ).filter((n) => n.kind === 'container');
  if (nodes.length > 0) {
    return nodes.map((n) => ({
      client: clientOf(daemons, n.daemonId),
      daemonId: n.daemonId,
      id: n.key,
      name: n.row?.label ?? n.key.slice(0, 12),
    }));
  }
  const daemonId = daemons.primary.id;
  const client = clientOf(daemons, daemonId);
  const containers = (await client.listContainers())
    .filter((c) => !runningOnly || c.state === 'running')
    .sort(
      (a, b) => Number(b.state === 'running') - Number(a.state === 'running') || a.name.localeCompare(b.name),
    );
  if (containers.length === 0) {
    void vscode.window.showInformationMessage(
      runningOnly ? vscode.l10n.t('No container is running.') : vscode.l10n.t('There are no containers.'),
    );
    return [];
  }
  const picked = await vscode.window.showQuickPick(
    containers.map((c) => ({
      label: c.name || c.id.slice(0, 12),
      description: c.image,
      detail: c.status,
      id: c.id,
    })),
    { title: vscode.l10n.t('Choose a container'), matchOnDescription: true },
  );
  return picked === undefined ? [] : [{ client, daemonId, id: picked.id, name: picked.label }];
}

function context(target: Target): PtyContext {
  return { t, describe: (err) => describeDockerError(err, target.client.endpoint) };
}

function open(name: string, icon: string, pty: EnginePty): ContainerTerminal {
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon(icon) });
  terminal.show();
  return { terminal, pty };
}

/**
 * Opens a terminal attached to a container's main process (Run Interactive opens one on the
 * container it has just started).
 */
export function openAttachTerminal(
  client: DockerClient,
  daemonId: string,
  containerId: string,
  name: string,
): ContainerTerminal {
  const target: Target = { client, daemonId, id: containerId, name };
  return open(
    vscode.l10n.t('Attach: {0}', name),
    'plug',
    new AttachTerminal({ ...context(target), engine: client, containerId }),
  );
}

/** Asks for a command, offering the ones run before (most recent first). */
async function askCommand(state: vscode.Memento): Promise<string | undefined> {
  const stored = state.get<unknown>(historyKey);
  const history = Array.isArray(stored) ? stored.filter((h): h is string => typeof h === 'string') : [];
  const pick = vscode.window.createQuickPick();
  pick.title = vscode.l10n.t('Run a command in the container');
  pick.placeholder = vscode.l10n.t('A command line, e.g. ls -la /');
  const recent = history.map((label) => ({ label, description: vscode.l10n.t('recent') }));
  pick.items = recent;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items = typed === '' || history.includes(typed) ? recent : [{ label: typed }, ...recent];
  });
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.label ?? (pick.value.trim() || undefined));
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen === undefined || chosen.trim() === '') {
    return undefined;
  }
  const next = [chosen, ...history.filter((h) => h !== chosen)].slice(0, historyLength);
  await state.update(historyKey, next);
  return chosen;
}

/** Asks for the tail and since of a logs view; undefined when dismissed. */
async function askLogOptions(): Promise<{ tail: number | 'all'; since?: string } | undefined> {
  const tails: { label: string; tail: number | 'all' }[] = [
    { label: vscode.l10n.t('Last 100 lines'), tail: 100 },
    { label: vscode.l10n.t('Last 1,000 lines'), tail: 1000 },
    { label: vscode.l10n.t('Last 10,000 lines'), tail: 10000 },
    { label: vscode.l10n.t('The whole log'), tail: 'all' },
    { label: vscode.l10n.t('Only new lines'), tail: 0 },
  ];
  const tail = await vscode.window.showQuickPick(tails, {
    title: vscode.l10n.t('How much of the existing log?'),
  });
  if (tail === undefined) {
    return undefined;
  }
  const sinces: { label: string; since: string | undefined }[] = [
    { label: vscode.l10n.t('Any time'), since: undefined },
    { label: vscode.l10n.t('The last 10 minutes'), since: '10m' },
    { label: vscode.l10n.t('The last hour'), since: '1h' },
    { label: vscode.l10n.t('The last 24 hours'), since: '24h' },
  ];
  const since = await vscode.window.showQuickPick(sinces, { title: vscode.l10n.t('Since when?') });
  if (since === undefined) {
    return undefined;
  }
  return { tail: tail.tail, ...(since.since !== undefined ? { since: since.since } : {}) };
}

/**
 * Serves `dockwright-logs:` documents: a container's log read when the document opens, and read
 * again when the running container writes more, until it stops or the document closes.
 */
class LogsDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly watches = new Map<string, LogChangeWatch>();
  /** Documents whose container stopped, waiting for it to start again. */
  private readonly restarts = new Map<string, AbortController>();
  private readonly closing: vscode.Disposable;

  constructor(private readonly daemons: Daemons) {
    this.closing = vscode.workspace.onDidCloseTextDocument((document) => {
      const key = document.uri.toString();
      this.watches.get(key)?.dispose();
      this.watches.delete(key);
      this.restarts.get(key)?.abort();
      this.restarts.delete(key);
    });
  }

  /** Follows a document's container for new output, once per document. */
  private watch(uri: vscode.Uri, client: DockerClient, containerId: string): void {
    const key = uri.toString();
    if (this.watches.has(key)) {
      return;
    }
    const began = Date.now();
    const watch = new LogChangeWatch(client, containerId, () => this.changed.fire(uri));
    this.watches.set(key, watch);
    // Once the container stops, its next start reads the document again, which follows anew.
    void watch.ended.then(async () => {
      if (this.watches.get(key) !== watch) return;
      const restart = new AbortController();
      this.restarts.set(key, restart);
      const started = await startedAgain(client, containerId, restart.signal).catch(() => false);
      if (this.restarts.get(key) === restart) this.restarts.delete(key);
      // A stream that failed at once on a running container is not followed again at once.
      const pause = began + 1000 - Date.now();
      if (started && pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      if (this.watches.get(key) !== watch) return;
      this.watches.delete(key);
      if (started) this.changed.fire(uri);
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const [daemonId = '', containerId = ''] = uri.path.replace(/^\//, '').split('/').map(decodeURIComponent);
    const query = new URLSearchParams(uri.query);
    const tailText = query.get('tail') ?? 'all';
    const since = query.get('since') ?? undefined;
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      const client = clientOf(this.daemons, daemonId);
      const { text } = await readLogText(
        client,
        containerId,
        {
          tail: tailText === 'all' ? 'all' : Number(tailText),
          ...(since !== undefined ? { since } : {}),
          timestamps: terminalSettings.logsTimestamps(),
          limitBytes: documentLimitBytes,
          t,
        },
        controller.signal,
      );
      this.watch(uri, client, containerId);
      return text;
    } catch (err) {
      const client = this.daemons.all.find((d) => d.id === daemonId)?.connection.client;
      return client !== undefined ? describeDockerError(err, client.endpoint) : String(err);
    } finally {
      cancel.dispose();
    }
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.closing.dispose();
    this.watches.forEach((watch) => watch.dispose());
    this.watches.clear();
    this.restarts.forEach((restart) => restart.abort());
    this.restarts.clear();
    this.changed.dispose();
  }
}

/** Runs a command for each target, turning failures into one clear message. */
function handler(
  daemons: Daemons,
  runningOnly: boolean,
  run: (target: Target) => Promise<ContainerTerminal | undefined> | ContainerTerminal | undefined,
): (node?: ExplorerNode, selected?: readonly ExplorerNode[]) => Promise<ContainerTerminal[]> {
  return async (node, selected) => {
    const opened: ContainerTerminal[] = [];
    try {
      for (const target of await targets(daemons, node, selected, runningOnly)) {
        const terminal = await run(target);
        if (terminal !== undefined) {
          opened.push(terminal);
        }
      }
    } catch (err) {
      void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
    }
    return opened;
  };
}

/** Exec Shell, Attach, Run Command and the logs commands on containers. */
export function registerContainerTerminalCommands(ctx: ContainerTerminalsContext): vscode.Disposable {
  const { daemons, state } = ctx;
  const documents = new LogsDocuments(daemons);
  const logs = (target: Target, options: { tail: number | 'all'; since?: string }): ContainerTerminal =>
    open(
      vscode.l10n.t('Logs: {0}', target.name),
      'output',
      new LogsTerminal({
        ...context(target),
        engine: target.client,
        containerId: target.id,
        ...options,
        timestamps: terminalSettings.logsTimestamps,
      }),
    );
  return vscode.Disposable.from(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(logsScheme, documents),
    vscode.commands.registerCommand(
      'dockwright.containers.execShell',
      handler(daemons, true, (target) =>
        open(
          vscode.l10n.t('Shell: {0}', target.name),
          'terminal',
          new ExecTerminal({
            ...context(target),
            engine: target.client,
            containerId: target.id,
            shell: terminalSettings.shell(),
          }),
        ),
      ),
    ),
    vscode.commands.registerCommand(
      'dockwright.containers.attach',
      handler(daemons, true, (target) =>
        openAttachTerminal(target.client, target.daemonId, target.id, target.name),
      ),
    ),
    vscode.commands.registerCommand(
      'dockwright.containers.runCommand',
      handler(daemons, true, async (target) => {
        const command = await askCommand(state);
        if (command === undefined) {
          return undefined;
        }
        return open(
          vscode.l10n.t('Run: {0}', target.name),
          'run',
          new ExecTerminal({
            ...context(target),
            engine: target.client,
            containerId: target.id,
            shell: terminalSettings.shell(),
            command,
          }),
        );
      }),
    ),
    vscode.commands.registerCommand(
      'dockwright.containers.logs',
      handler(daemons, false, (target) => logs(target, { tail: terminalSettings.logsTail() })),
    ),
    vscode.commands.registerCommand(
      'dockwright.containers.logsWithOptions',
      handler(daemons, false, async (target) => {
        const options = await askLogOptions();
        return options === undefined ? undefined : logs(target, options);
      }),
    ),
    vscode.commands.registerCommand(
      'dockwright.containers.openLogs',
      handler(daemons, false, async (target) => {
        const tail = terminalSettings.logsTail();
        const uri = vscode.Uri.from({
          scheme: logsScheme,
          path: `/${encodeURIComponent(target.daemonId)}/${encodeURIComponent(target.id)}/${encodeURIComponent(target.name)}.log`,
          query: new URLSearchParams({ tail: String(tail) }).toString(),
        });
        documents.refresh(uri);
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(document, { preview: false });
        return undefined;
      }),
    ),
    vscode.commands.registerCommand('dockwright.logs.refresh', (uri?: unknown) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (target?.scheme === logsScheme) {
        documents.refresh(target);
      }
    }),
    vscode.commands.registerCommand('dockwright.logs.toggleTimestamps', async () => {
      await terminalSettings.toggleLogsTimestamps();
      // Terminals read the setting as they write; open documents are read again with it.
      for (const document of vscode.workspace.textDocuments) {
        if (document.uri.scheme === logsScheme) {
          documents.refresh(document.uri);
        }
      }
    }),
  );
}
