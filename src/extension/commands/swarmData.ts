import * as vscode from 'vscode';
import type { DockerClient } from '../docker/client';
import { parseLabels } from './confirm';
import type { ResourceDeps } from './pick';
import { clientOf, failureMessage, paletteDaemon } from './pick';
import { inspectSwarmObjects, swarmAction } from './swarm';
import { swarmManagerOrSay } from './swarmGuard';
import { maxSwarmDataBytes, removeSwarmDataQuestion, swarmDataNameProblem } from './swarmConfirm';

type Kind = 'secret' | 'config';

/** Where a new secret's or config's value comes from. */
interface Source {
  readonly data: Uint8Array;
  /** A name to offer: the file's name, or nothing for a selection. */
  readonly suggestedName?: string;
}

function daemonOfNode(deps: ResourceDeps, node: unknown): string | undefined {
  const id =
    typeof node === 'object' && node !== null ? (node as { daemonId?: unknown }).daemonId : undefined;
  return typeof id === 'string' ? id : paletteDaemon(deps.explorer);
}

/** The active editor's selection (the whole document when nothing is selected). */
function selectionSource(): Source | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    return undefined;
  }
  const text = editor.selection.isEmpty
    ? editor.document.getText()
    : editor.document.getText(editor.selection);
  return { data: Buffer.from(text, 'utf8') };
}

async function fileSource(t: ResourceDeps['ui']['t']): Promise<Source | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: t('Use This File') });
  const uri = picked?.[0];
  if (uri === undefined) {
    return undefined;
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > maxSwarmDataBytes) {
    throw new Error(t('The file has {0} bytes; the swarm takes at most {1}.', stat.size, maxSwarmDataBytes));
  }
  const name = uri.path.split('/').pop() ?? '';
  return {
    data: await vscode.workspace.fs.readFile(uri),
    suggestedName: name.replace(/[^a-zA-Z0-9_.-]/g, '-'),
  };
}

/** Asks where the value comes from: from the editor when called there, else file or editor. */
async function askSource(deps: ResourceDeps, fromEditor: boolean): Promise<Source | undefined> {
  const t = deps.ui.t;
  if (fromEditor) {
    return selectionSource();
  }
  const file = t('From a file…');
  const editor = t('From the editor selection');
  const items = vscode.window.activeTextEditor !== undefined ? [file, editor] : [file];
  const chosen =
    items.length === 1
      ? file
      : await deps.ui.window.showQuickPick(items, { placeHolder: t('Where is the value?') });
  if (chosen === undefined) {
    return undefined;
  }
  return chosen === file ? fileSource(t) : selectionSource();
}

async function create(deps: ResourceDeps, kind: Kind, node: unknown, fromEditor: boolean): Promise<void> {
  const { ui, explorer } = deps;
  const t = ui.t;
  const daemonId = daemonOfNode(deps, fromEditor ? undefined : node);
  if (daemonId === undefined) {
    return;
  }
  let client: DockerClient | undefined;
  try {
    client = clientOf(explorer, daemonId, t);
    const model = explorer.entry(daemonId)?.model;
    if (!(await swarmManagerOrSay(deps, daemonId))) {
      return;
    }
    const source = await askSource(deps, fromEditor);
    if (source === undefined) {
      return;
    }
    if (source.data.length === 0 || source.data.length > maxSwarmDataBytes) {
      void ui.window.showErrorMessage(
        source.data.length === 0
          ? t('The value is empty; the swarm needs at least one byte.')
          : t('The value has {0} bytes; the swarm takes at most {1}.', source.data.length, maxSwarmDataBytes),
      );
      return;
    }
    const taken = new Set(
      [...((kind === 'secret' ? model?.secrets() : model?.configs())?.values() ?? [])].map((x) => x.name),
    );
    const name = await ui.window.showInputBox({
      title: kind === 'secret' ? t('Create a secret') : t('Create a config'),
      prompt: t('The name services refer to it by'),
      ...(source.suggestedName !== undefined ? { value: source.suggestedName } : {}),
      validateInput: (value) =>
        swarmDataNameProblem(value.trim(), t) ??
        (taken.has(value.trim()) ? t('"{0}" exists already.', value.trim()) : undefined),
    });
    if (name === undefined || swarmDataNameProblem(name.trim(), t) !== undefined) {
      return;
    }
    const labelText = await ui.window.showInputBox({
      title: kind === 'secret' ? t('Create a secret') : t('Create a config'),
      prompt: t('Labels, as key=value separated by commas (optional)'),
      validateInput: (value) => (parseLabels(value) === undefined ? t('Each label needs a key.') : undefined),
    });
    if (labelText === undefined) {
      return;
    }
    await client.swarm.createData(kind, name.trim(), source.data, parseLabels(labelText) ?? {});
    void ui.window.showInformationMessage(
      kind === 'secret'
        ? t('Created the secret "{0}".', name.trim())
        : t('Created the config "{0}".', name.trim()),
    );
  } catch (err) {
    const message = failureMessage(err, client);
    void ui.window.showErrorMessage(
      kind === 'secret'
        ? t('Could not create the secret: {0}', message)
        : t('Could not create the config: {0}', message),
    );
  }
}

function remove(deps: ResourceDeps, kind: Kind, node: unknown, selected: unknown): Promise<void> {
  const t = deps.ui.t;
  return swarmAction(
    deps,
    kind,
    node,
    selected,
    {
      placeHolder: kind === 'secret' ? t('Secrets to remove') : t('Configs to remove'),
      question: (labels) => removeSwarmDataQuestion(kind, labels, t),
      title: kind === 'secret' ? t('Removing secrets') : t('Removing configs'),
      failed: (label) => t('Could not remove "{0}":', label),
    },
    (swarm, target, signal) => swarm.removeData(kind, target.id, signal),
  );
}

/** Secrets and configs: create (from a file or the editor), inspect (metadata only), remove. */
export function registerSwarmDataCommands(deps: ResourceDeps): vscode.Disposable[] {
  const t = deps.ui.t;
  const disposables: vscode.Disposable[] = [];
  for (const kind of ['secret', 'config'] as const) {
    const plural = kind === 'secret' ? 'secrets' : 'configs';
    disposables.push(
      vscode.commands.registerCommand(`dockwright.swarm.${plural}.create`, (node?: unknown) =>
        create(deps, kind, node, false),
      ),
      vscode.commands.registerCommand(`dockwright.swarm.${plural}.createFromSelection`, () =>
        create(deps, kind, undefined, true),
      ),
      vscode.commands.registerCommand(
        `dockwright.swarm.${plural}.remove`,
        (node?: unknown, selected?: unknown) => remove(deps, kind, node, selected),
      ),
      vscode.commands.registerCommand(
        `dockwright.swarm.${plural}.inspect`,
        (node?: unknown, selected?: unknown) =>
          inspectSwarmObjects(
            deps,
            kind,
            node,
            selected,
            kind === 'secret' ? t('Secret to inspect') : t('Config to inspect'),
          ),
      ),
    );
  }
  return disposables;
}
