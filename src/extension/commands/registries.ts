// Commands of the Registries view: log in and out, add and remove registries, TLS options, load
// more, and the tag actions (copy, inspect, delete). Each takes the clicked row, the selection, or
// asks with quick picks from the palette.
import * as vscode from 'vscode';
import type { Daemons } from '../docker/daemons';
import { progressMessage, TransferCancelled } from '../docker/layerProgress';
import { pullImage } from '../docker/pullImage';
import { manifestMarkdown } from '../registries/manifestSummary';
import type { ExtraRegistrySetting, RegistryEntry } from '../registries/registryEntries';
import { parseExtraRegistries, registryHostOf } from '../registries/registryEntries';
import type { RegistrySessions } from '../registries/registrySessions';
import { RegistryError } from '../registries/v2Client';
import type { RegistriesTreeProvider } from '../views/registriesTree';
import type { RegistryNode, TagNode } from '../views/registryNodes';
import { digestReference, tagReference } from '../views/registryNodes';
import { askModal, nameList } from './confirm';
import { commandUi } from './system';

export const manifestScheme = 'dockwright-manifest';

/** What the registry commands work with. */
export interface RegistryCommandDeps {
  readonly tree: RegistriesTreeProvider;
  readonly sessions: RegistrySessions;
  /** Registry hosts hidden from the view (Docker's own entries the user removed). */
  readonly hidden: vscode.Memento;
  readonly log: vscode.LogOutputChannel;
  readonly daemons: Daemons;
}

export const hiddenKey = 'dockwright.registries.hidden';
const extraKey = 'registries.extra';
const namespacesKey = 'registries.dockerHubNamespaces';

function isNode(value: unknown): value is RegistryNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RegistryNode).id === 'string' &&
    'entry' in value
  );
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Read-only manifest documents, their text kept by URI until closed. */
class ManifestDocuments implements vscode.TextDocumentContentProvider {
  readonly texts = new Map<string, string>();
  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ?? vscode.l10n.t('This manifest is no longer loaded: inspect it again.')
    );
  }
}

export function registerRegistryCommands(deps: RegistryCommandDeps): vscode.Disposable[] {
  const { tree, sessions } = deps;
  const ui = commandUi();
  const t = ui.t;
  const documents = new ManifestDocuments();

  async function pickRow(
    parent: RegistryNode | undefined,
    placeHolder: string,
  ): Promise<RegistryNode | undefined> {
    const rows = (await tree.getChildren(parent)).filter((r) => r.kind !== 'message' && r.kind !== 'more');
    if (rows.length === 0) {
      void vscode.window.showInformationMessage(t('Nothing to choose from here.'));
      return undefined;
    }
    const items = rows.map((row) => ({ label: rowLabel(row), row }));
    return (await vscode.window.showQuickPick(items, { placeHolder }))?.row;
  }

  async function registryOf(node: unknown): Promise<RegistryEntry | undefined> {
    if (isNode(node)) return node.entry;
    return (await pickRow(undefined, t('Which registry?')))?.entry;
  }

  /** The tags a tag command acts on: the selection, the clicked tag, or picks from the palette. */
  async function tagsOf(node: unknown, selected: unknown): Promise<TagNode[]> {
    const many = Array.isArray(selected) && selected.length > 0 ? (selected as unknown[]) : [];
    const nodes =
      many.length > 0 && (!isNode(node) || many.some((s) => isNode(s) && s.id === node.id)) ? many : [node];
    const tags = nodes.filter((n): n is TagNode => isNode(n) && n.kind === 'tag');
    if (tags.length > 0 || node !== undefined) return tags;
    let row = await pickRow(undefined, t('Which registry?'));
    while (row !== undefined && row.kind !== 'tag') {
      row = await pickRow(row, row.kind === 'repository' ? t('Which tag?') : t('Which repository?'));
    }
    return row === undefined ? [] : [row];
  }

  async function details(tag: TagNode) {
    const known = tree.tagDetails(tag);
    const result = known === undefined ? await tree.readDetails(tag) : known;
    if (result instanceof Error) throw result;
    return result;
  }

  async function logIn(node?: unknown): Promise<void> {
    const entry = await registryOf(node);
    if (entry === undefined) return;
    const username = await vscode.window.showInputBox({
      title: t('Log in to {0}', entry.host),
      prompt: t('User name'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? t('Enter a user name') : undefined),
    });
    if (username === undefined) return;
    const secret = await vscode.window.showInputBox({
      title: t('Log in to {0}', entry.host),
      prompt: entry.provider === 'generic' ? t('Password') : t('Password or personal access token'),
      password: true,
      ignoreFocusOut: true,
    });
    if (secret === undefined || secret === '') return;
    try {
      await ui.progress(t('Logging in to {0}', entry.host), (_report, signal) =>
        sessions.logIn(entry, username.trim(), secret, signal),
      );
      tree.refresh();
      void vscode.window.showInformationMessage(t('Logged in to {0} as {1}.', entry.host, username.trim()));
    } catch (err) {
      void vscode.window.showErrorMessage(t('Login to {0} failed: {1}', entry.host, message(err)));
    }
  }

  async function logOut(node?: unknown): Promise<void> {
    const entry = await registryOf(node);
    if (entry === undefined) return;
    await sessions.logOut(entry.host);
    tree.refresh();
    if ((await sessions.origin(entry.host)) === 'docker') {
      void vscode.window.showInformationMessage(
        t(
          "Dockwright's login to {0} is removed; Docker's own login remains (run docker logout {0} to end it).",
          entry.host,
        ),
      );
    }
  }

  async function writeExtras(extras: ExtraRegistrySetting[]): Promise<void> {
    await vscode.workspace
      .getConfiguration('dockwright')
      .update(extraKey, extras, vscode.ConfigurationTarget.Global);
  }

  function readExtras(): ExtraRegistrySetting[] {
    return parseExtraRegistries(vscode.workspace.getConfiguration('dockwright').get<unknown>(extraKey));
  }

  async function addRegistry(): Promise<void> {
    const url = await vscode.window.showInputBox({
      title: t('Add Registry'),
      prompt: t('Registry address (host[:port], or its URL)'),
      placeHolder: 'registry.example.com:5000',
      ignoreFocusOut: true,
      validateInput: (v) =>
        registryHostOf(v) === undefined ? t('Enter a host name, host:port or URL') : undefined,
    });
    const host = url === undefined ? undefined : registryHostOf(url);
    if (host === undefined) return;
    const extras = readExtras().filter((e) => registryHostOf(e.url) !== host);
    extras.push({ url: host });
    await writeExtras(extras);
    const hidden = deps.hidden.get<string[]>(hiddenKey, []);
    await deps.hidden.update(
      hiddenKey,
      hidden.filter((h) => h !== host),
    );
    tree.refresh();
  }

  async function removeRegistry(node?: unknown, selected?: unknown): Promise<void> {
    const many = Array.isArray(selected)
      ? selected.filter((s): s is RegistryNode => isNode(s) && s.kind === 'registry')
      : [];
    let entries = many.length > 0 ? many.map((n) => n.entry) : [];
    if (entries.length === 0) {
      const entry = await registryOf(node);
      if (entry === undefined) return;
      entries = [entry];
    }
    const hosts = entries.map((e) => e.host);
    const remove = t('Remove');
    const question = {
      message: t('Remove {0} from the Registries view?', nameList(hosts, t)),
      detail: t(
        "The registry and any login Dockwright stored for it are removed from this view. Nothing on the registry and none of Docker's own logins change.",
      ),
      buttons: [remove],
    };
    if ((await askModal(ui, question)) !== remove) return;
    await writeExtras(readExtras().filter((e) => !hosts.includes(registryHostOf(e.url) ?? '')));
    const docker = entries.filter((e) => e.sources.includes('docker')).map((e) => e.host);
    if (docker.length > 0) {
      const hidden = new Set([...deps.hidden.get<string[]>(hiddenKey, []), ...docker]);
      await deps.hidden.update(hiddenKey, [...hidden]);
    }
    for (const host of hosts) await sessions.logOut(host);
    tree.refresh();
  }

  async function configureTls(node?: unknown): Promise<void> {
    const entry = await registryOf(node);
    if (entry === undefined) return;
    const ca = t('Use a CA certificate file…');
    const insecure = t('Mark insecure (plain HTTP, no certificate check)');
    const secure = t('Verify TLS with the system CAs only');
    const choice = await vscode.window.showQuickPick([ca, insecure, secure], {
      title: t('TLS for {0}', entry.host),
    });
    if (choice === undefined) return;
    const extras = readExtras().filter((e) => registryHostOf(e.url) !== entry.host);
    const next: ExtraRegistrySetting = { url: entry.host };
    if (choice === ca) {
      const files = await vscode.window.showOpenDialog({
        title: t('CA certificate for {0}', entry.host),
        canSelectMany: false,
        filters: { [t('PEM certificates')]: ['pem', 'crt', 'cer'], [t('All files')]: ['*'] },
      });
      if (files === undefined || files.length === 0) return;
      next.caFile = files[0].fsPath;
    } else if (choice === insecure) {
      next.insecure = true;
    }
    extras.push(next);
    await writeExtras(extras);
    sessions.forget(entry.host);
    tree.refresh();
  }

  async function addHubNamespace(): Promise<void> {
    const namespace = await vscode.window.showInputBox({
      title: t('Add Docker Hub Namespace'),
      prompt: t('A Docker Hub user or organization name'),
      validateInput: (v) =>
        /^[a-z0-9][a-z0-9_-]*$/.test(v.trim()) ? undefined : t('Lower-case letters, digits, - and _'),
    });
    if (namespace === undefined) return;
    const configuration = vscode.workspace.getConfiguration('dockwright');
    const current = configuration.get<unknown>(namespacesKey);
    const list = Array.isArray(current) ? current.filter((n): n is string => typeof n === 'string') : [];
    if (!list.includes(namespace.trim())) list.push(namespace.trim());
    await configuration.update(namespacesKey, list, vscode.ConfigurationTarget.Global);
    tree.refresh();
  }

  async function copyReference(node?: unknown, selected?: unknown): Promise<void> {
    const tags = await tagsOf(node, selected);
    if (tags.length === 0) return;
    await vscode.env.clipboard.writeText(
      tags.map((tag) => tagReference(tag.entry, tag.repository, tag.tag)).join('\n'),
    );
  }

  async function copyDigest(node?: unknown, selected?: unknown): Promise<void> {
    const tags = await tagsOf(node, selected);
    if (tags.length === 0) return;
    try {
      const lines = [];
      for (const tag of tags)
        lines.push(digestReference(tag.entry, tag.repository, (await details(tag)).digest));
      await vscode.env.clipboard.writeText(lines.join('\n'));
    } catch (err) {
      void vscode.window.showErrorMessage(t('Reading the digest failed: {0}', message(err)));
    }
  }

  async function inspectManifest(node?: unknown): Promise<void> {
    const [tag] = await tagsOf(node, undefined);
    if (tag === undefined) return;
    try {
      const d = await details(tag);
      const reference = tagReference(tag.entry, tag.repository, tag.tag);
      const uri = vscode.Uri.from({
        scheme: manifestScheme,
        path: `/${reference.replace(/[/\\?#%:]+/g, '_')}.md`,
        query: new URLSearchParams({ id: tag.id }).toString(),
      });
      documents.texts.set(uri.toString(), manifestMarkdown(reference, d.digest, d.manifest, d.config));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(document, 'markdown');
      await vscode.window.showTextDocument(document, { preview: true });
    } catch (err) {
      void vscode.window.showErrorMessage(t('Reading the manifest failed: {0}', message(err)));
    }
  }

  async function deleteTags(node?: unknown, selected?: unknown): Promise<void> {
    const tags = await tagsOf(node, selected);
    if (tags.length === 0) return;
    const references = tags.map((tag) => tagReference(tag.entry, tag.repository, tag.tag));
    const remove = t('Delete');
    const question = {
      message: t('Delete {0} from the registry?', nameList(references, t)),
      detail: t(
        'The registry deletes the manifest each tag points to, by digest: every other tag with the same digest goes too, and no one can pull it any more. This cannot be undone.',
      ),
      buttons: [remove],
    };
    if ((await askModal(ui, question)) !== remove) return;
    const failures: string[] = [];
    await ui.progress(t('Deleting from the registry'), async (report, signal) => {
      for (const tag of tags) {
        const reference = tagReference(tag.entry, tag.repository, tag.tag);
        report(reference);
        try {
          const client = await sessions.client(tag.entry);
          const digest = await client.digest(tag.repository, tag.tag, signal);
          await client.deleteManifest(tag.repository, digest, signal);
        } catch (err) {
          const why =
            err instanceof RegistryError && err.kind === 'unsupported'
              ? t(
                  '{0}: the registry does not allow deleting (it answered {1}); deletion must be enabled in its configuration',
                  reference,
                  String(err.status ?? ''),
                )
              : `${reference}: ${message(err)}`;
          failures.push(why);
        }
      }
    });
    const parents = new Set(tags.map((tag) => tree.getParent(tag)).filter((p) => p !== undefined));
    for (const parent of parents) tree.refresh(parent);
    if (failures.length > 0)
      void vscode.window.showErrorMessage(t('Deleting failed: {0}', failures.join('; ')));
  }

  /** The connected daemon to pull into: the only one, or the one the user picks. */
  async function chooseDaemon() {
    const connected = deps.daemons.all.filter((d) => d.connection.client !== undefined);
    if (connected.length === 0) {
      void vscode.window.showErrorMessage(t('No Docker daemon is connected to pull into.'));
      return undefined;
    }
    if (connected.length === 1) return connected[0];
    const picked = await vscode.window.showQuickPick(
      connected.map((daemon) => ({ label: daemon.label, daemon })),
      { placeHolder: t('Pull into which Docker daemon?') },
    );
    return picked?.daemon;
  }

  async function pull(node?: unknown, selected?: unknown): Promise<void> {
    const tags = await tagsOf(node, selected);
    if (tags.length === 0) return;
    const daemon = await chooseDaemon();
    const client = daemon?.connection.client;
    if (daemon === undefined || client === undefined) return;
    const failures: string[] = [];
    const pulled: string[] = [];
    await ui.progress(t('Pulling into {0}', daemon.label), async (report, signal) => {
      for (const tag of tags) {
        const reference = tagReference(tag.entry, tag.repository, tag.tag);
        report(reference);
        try {
          const credential = await sessions.credential(tag.entry.host);
          await pullImage(
            client,
            reference,
            credential,
            (progress) => report(`${reference} · ${progressMessage(progress, t)}`),
            signal,
          );
          pulled.push(reference);
        } catch (err) {
          if (err instanceof TransferCancelled || signal.aborted) {
            failures.push(t('{0}: cancelled', reference));
            break;
          }
          failures.push(`${reference}: ${message(err)}`);
        }
      }
    });
    if (failures.length > 0) {
      void vscode.window.showErrorMessage(t('Pull failed: {0}', failures.join('; ')));
    } else if (pulled.length > 0) {
      void vscode.window.showInformationMessage(t('Pulled {0} into {1}.', nameList(pulled, t), daemon.label));
    }
  }

  return [
    vscode.commands.registerCommand('dockwright.registries.pull', pull),
    vscode.workspace.registerTextDocumentContentProvider(manifestScheme, documents),
    vscode.workspace.onDidCloseTextDocument((d) => documents.texts.delete(d.uri.toString())),
    vscode.commands.registerCommand('dockwright.registries.refresh', (node?: unknown) =>
      tree.refresh(isNode(node) ? node : undefined),
    ),
    vscode.commands.registerCommand('dockwright.registries.loadMore', (node?: unknown) =>
      isNode(node) ? tree.loadMore(node) : undefined,
    ),
    vscode.commands.registerCommand('dockwright.registries.logIn', logIn),
    vscode.commands.registerCommand('dockwright.registries.logOut', logOut),
    vscode.commands.registerCommand('dockwright.registries.add', addRegistry),
    vscode.commands.registerCommand('dockwright.registries.remove', removeRegistry),
    vscode.commands.registerCommand('dockwright.registries.configureTls', configureTls),
    vscode.commands.registerCommand('dockwright.registries.addHubNamespace', addHubNamespace),
    vscode.commands.registerCommand('dockwright.registries.copyReference', copyReference),
    vscode.commands.registerCommand('dockwright.registries.copyDigest', copyDigest),
    vscode.commands.registerCommand('dockwright.registries.inspectManifest', inspectManifest),
    vscode.commands.registerCommand('dockwright.registries.deleteTag', deleteTags),
  ];
}

/** A row's name in a quick pick. */
function rowLabel(row: RegistryNode): string {
  switch (row.kind) {
    case 'registry':
      return row.entry.host === 'docker.io' ? 'Docker Hub' : row.entry.host;
    case 'namespace':
      return row.namespace;
    case 'repository':
      return row.repository;
    case 'tag':
      return row.tag;
    default:
      return row.id;
  }
}
