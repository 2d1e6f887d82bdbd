import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { NewContext } from '../docker/contextStore';
import {
  contextNameProblem,
  defaultContextName,
  dockerConfigDir,
  inspectContext,
  nodeReader,
  readContext,
  readCurrentContext,
  removeContext,
  writeContext,
} from '../docker/contextStore';
import type { Daemons } from '../docker/daemons';
import { resolutionInputs, windowContextKey } from '../docker/daemons';
import type { ContextRow, ContextsTreeProvider } from '../views/contextsTree';

/** The scheme of the read-only documents `Inspect` opens. */
export const inspectScheme = 'dockwright-context';

/** What the context commands work with. */
export interface ContextCommandDeps {
  readonly state: vscode.Memento;
  readonly daemons: Daemons;
  readonly tree: ContextsTreeProvider;
  readonly log: vscode.LogOutputChannel;
}

function configDir(state: vscode.Memento): string {
  const inputs = resolutionInputs(state);
  return dockerConfigDir(inputs.env, inputs.home);
}

/** A row from the view, or one picked from a quick pick when run from the palette. */
async function pickContext(
  deps: ContextCommandDeps,
  row: ContextRow | undefined,
  placeHolder: string,
  filter: (row: ContextRow) => boolean = () => true,
): Promise<ContextRow | undefined> {
  if (row !== undefined) {
    return row;
  }
  const rows = (await deps.tree.load()).filter(filter);
  const picked = await vscode.window.showQuickPick(
    rows.map((r) => ({
      label: r.name,
      description: r.current ? vscode.l10n.t('{0} · in use', r.endpoint) : r.endpoint,
      detail: r.description || undefined,
      row: r,
    })),
    { placeHolder },
  );
  return picked?.row;
}

/** Uses a context for this window only: remembered in workspace state, never `docker context use`. */
async function useContext(deps: ContextCommandDeps, row?: ContextRow): Promise<void> {
  const picked = await pickContext(deps, row, vscode.l10n.t('Context to use in this window'));
  if (picked === undefined) {
    return;
  }
  await deps.state.update(windowContextKey, picked.name);
  deps.log.info(`This window now uses the Docker context "${picked.name}"`);
  deps.tree.refresh();
  await deps.daemons.primary.connection.connect();
}

/** Forgets the window's choice, so the window follows DOCKER_HOST / DOCKER_CONTEXT / config.json again. */
async function followCli(deps: ContextCommandDeps): Promise<void> {
  await deps.state.update(windowContextKey, undefined);
  deps.tree.refresh();
  await deps.daemons.primary.connection.connect();
}

/** Read-only JSON like `docker context inspect`, served from the store on each open. */
export class ContextInspectProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly state: vscode.Memento) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const name = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.json$/, ''));
    const dir = configDir(this.state);
    if (name === defaultContextName) {
      const host = process.env.DOCKER_HOST?.trim() || 'unix:///var/run/docker.sock';
      const json = {
        Name: defaultContextName,
        Metadata: {},
        Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
        TLSMaterial: {},
        Storage: { MetadataPath: '<IN MEMORY>', TLSPath: '<IN MEMORY>' },
      };
      return `${JSON.stringify([json], null, 4)}\n`;
    }
    const stored = await readContext(dir, name, nodeReader);
    if (stored === undefined) {
      return vscode.l10n.t('The context "{0}" is no longer in {1}.', name, dir);
    }
    return `${JSON.stringify([inspectContext(stored)], null, 4)}\n`;
  }
}

async function inspect(deps: ContextCommandDeps, row?: ContextRow): Promise<void> {
  const picked = await pickContext(deps, row, vscode.l10n.t('Context to inspect'));
  if (picked === undefined) {
    return;
  }
  const uri = vscode.Uri.from({ scheme: inspectScheme, path: `/${encodeURIComponent(picked.name)}.json` });
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
}

async function remove(deps: ContextCommandDeps, row?: ContextRow): Promise<void> {
  const picked = await pickContext(
    deps,
    row,
    vscode.l10n.t('Context to remove'),
    (r) => !r.current && r.name !== defaultContextName,
  );
  if (picked === undefined) {
    return;
  }
  const dir = configDir(deps.state);
  const cliCurrent = await readCurrentContext(dir, nodeReader);
  if (picked.current || picked.name === cliCurrent) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        '"{0}" is the context in use and cannot be removed. Switch to another one first.',
        picked.name,
      ),
    );
    return;
  }
  if (picked.name === defaultContextName) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The "default" context cannot be removed.'));
    return;
  }
  const confirm = vscode.l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove the Docker context "{0}" ({1})?', picked.name, picked.endpoint),
    {
      modal: true,
      detail: vscode.l10n.t('It is removed from {0} for the Docker CLI and every tool that reads it.', dir),
    },
    confirm,
  );
  if (answer !== confirm) {
    return;
  }
  try {
    await removeContext(dir, picked.name);
    deps.log.info(`Removed the Docker context "${picked.name}"`);
  } catch (err) {
    void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
  }
  deps.tree.refresh();
}

/** Reads an optional PEM file chosen in a dialog; undefined when skipped. */
async function pickPem(title: string): Promise<string | undefined> {
  const uris = await vscode.window.showOpenDialog({
    title,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use this file'),
    filters: { [vscode.l10n.t('PEM files')]: ['pem', 'crt', 'key'], [vscode.l10n.t('All files')]: ['*'] },
  });
  const uri = uris?.[0];
  return uri === undefined ? undefined : fs.readFile(uri.fsPath, 'utf8');
}

/** Turns `user@host[:port]` or `ssh://…` into an ssh:// host; undefined when it names no host. */
export function sshHost(text: string): string | undefined {
  const value = text.trim();
  const url = value.startsWith('ssh://') ? value : `ssh://${value}`;
  try {
    const parsed = new URL(url);
    return parsed.hostname !== '' && !parsed.hostname.startsWith('-') ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Turns `host:port` or `tcp://…` into a tcp:// host; undefined when it names no host and port. */
export function tcpHost(text: string): string | undefined {
  const value = text.trim();
  const url = value.startsWith('tcp://') ? value : `tcp://${value}`;
  try {
    const parsed = new URL(url.replace(/^tcp:/, 'http:'));
    return parsed.hostname !== '' && parsed.port !== '' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A guided input (name, description, SSH or TCP host, optional TLS files) written as the CLI does. */
async function create(deps: ContextCommandDeps): Promise<void> {
  const dir = configDir(deps.state);
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Create Docker Context (1/4): name'),
    prompt: vscode.l10n.t('Letters, digits, "_", ".", "+" and "-"'),
    validateInput: async (value) => {
      const problem = contextNameProblem(value.trim());
      if (problem !== undefined) {
        return problem;
      }
      return (await readContext(dir, value.trim(), nodeReader)) !== undefined
        ? vscode.l10n.t('A context named "{0}" already exists.', value.trim())
        : undefined;
    },
  });
  if (name === undefined) {
    return;
  }
  const description = await vscode.window.showInputBox({
    title: vscode.l10n.t('Create Docker Context (2/4): description'),
    prompt: vscode.l10n.t('Optional'),
  });
  if (description === undefined) {
    return;
  }
  const kinds = [
    { label: vscode.l10n.t('SSH host'), detail: 'ssh://user@host[:port]', way: 'ssh' as const },
    {
      label: vscode.l10n.t('TCP with TLS'),
      detail: 'tcp://host:2376 + CA, certificate, key',
      way: 'tls' as const,
    },
    { label: vscode.l10n.t('TCP without TLS'), detail: 'tcp://host:2375', way: 'tcp' as const },
  ];
  const kind = await vscode.window.showQuickPick(kinds, {
    title: vscode.l10n.t('Create Docker Context (3/4): how to reach the daemon'),
  });
  if (kind === undefined) {
    return;
  }
  const toHost = kind.way === 'ssh' ? sshHost : tcpHost;
  const hostText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Create Docker Context (4/4): host'),
    placeHolder: kind.way === 'ssh' ? 'user@host' : kind.way === 'tls' ? 'host:2376' : 'host:2375',
    validateInput: (value) =>
      toHost(value) === undefined
        ? kind.way === 'ssh'
          ? vscode.l10n.t('Enter user@host, optionally with :port')
          : vscode.l10n.t('Enter host:port')
        : undefined,
  });
  const host = hostText === undefined ? undefined : toHost(hostText);
  if (host === undefined) {
    return;
  }
  const spec: NewContext = { name: name.trim(), description: description.trim(), host, skipTlsVerify: false };
  if (kind.way === 'tls') {
    const ca = await pickPem(vscode.l10n.t('CA certificate (ca.pem) — cancel to skip'));
    const cert = await pickPem(vscode.l10n.t('Client certificate (cert.pem) — cancel to skip'));
    const key = cert !== undefined ? await pickPem(vscode.l10n.t('Client key (key.pem)')) : undefined;
    spec.tls = {
      ...(ca !== undefined ? { ca } : {}),
      ...(cert !== undefined ? { cert } : {}),
      ...(key ? { key } : {}),
    };
  }
  try {
    await writeContext(dir, spec);
  } catch (err) {
    void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
    return;
  }
  deps.log.info(`Created the Docker context "${spec.name}" (${host}) in ${dir}`);
  deps.tree.refresh();
  const use = vscode.l10n.t('Use for This Window');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('Created the Docker context "{0}".', spec.name),
    use,
  );
  if (answer === use) {
    await deps.state.update(windowContextKey, spec.name);
    deps.tree.refresh();
    await deps.daemons.primary.connection.connect();
  }
}

/** Registers the Contexts view's commands and its inspect documents. */
export function registerContextCommands(deps: ContextCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(
      inspectScheme,
      new ContextInspectProvider(deps.state),
    ),
    vscode.commands.registerCommand('dockwright.contexts.use', (row?: ContextRow) => useContext(deps, row)),
    vscode.commands.registerCommand('dockwright.contexts.followCli', () => followCli(deps)),
    vscode.commands.registerCommand('dockwright.contexts.inspect', (row?: ContextRow) => inspect(deps, row)),
    vscode.commands.registerCommand('dockwright.contexts.remove', (row?: ContextRow) => remove(deps, row)),
    vscode.commands.registerCommand('dockwright.contexts.create', () => create(deps)),
    vscode.commands.registerCommand('dockwright.contexts.refresh', () => deps.tree.refresh()),
  );
}
