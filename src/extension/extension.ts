import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { config } from './config';
import type { DockerConnection } from './docker/connection';
import { Daemons, endpointResolver } from './docker/daemons';
import { startLanguageClient } from './language/client';
import { registerImageCompletion } from './language/imageCompletion';
import { registerImageDetails } from './language/imageDetails';
import { registerViewCommands } from './commands/views';
import type { ExplorerViews } from './views/explorerViews';
import { createExplorerViews } from './views/explorerViews';
import { RegistriesTreeProvider } from './views/registriesTree';
import { RegistrySessions } from './registries/registrySessions';
import { RegistryImages } from './registries/registryCompletion';
import { hiddenKey, registerRegistryCommands } from './commands/registries';
import { registryEntries } from './registries/registryEntries';
import { knownRegistries } from './registries/credentials';
import { ContextsTreeProvider } from './views/contextsTree';
import { registerContextCommands } from './commands/contexts';
import { openAttachTerminal, registerContainerTerminalCommands } from './commands/containerTerminals';
import { registerImageActions } from './commands/imageActions';
import { commandUi, registerResourceCommands } from './commands/system';
import { registerBuildCommand } from './commands/build';
import { registerComposeCommands } from './commands/compose';
import { ComposeCodeLensProvider, composeFileSelector } from './compose/composeCodeLens';
import { registerStatsCommands } from './commands/stats';
import { registerFileCommands } from './commands/files';
import { ContainerFileSystem } from './files/containerFileSystem';

/** What activate() returns: a small surface that in-host tests read. */
export interface DockwrightApi {
  /** This window's own daemon (the primary of `daemons`). */
  readonly connection: DockerConnection;
  /** Every daemon the views show. */
  readonly daemons: Daemons;
  /** The Contexts view's provider. */
  readonly contexts: ContextsTreeProvider;
  /** The explorer views and their per-daemon models (read-only use: tests look at the rows). */
  readonly views: ExplorerViews;
  /** The Registries view's provider. */
  readonly registries: RegistriesTreeProvider;
  /** Resolves once the language server is running (or immediately when it is disabled). */
  readonly languageServerReady: Promise<void>;
  /** The container and volume file systems. */
  readonly files: ContainerFileSystem;
}

/**
 * Removes the helper containers of browsed volumes. Kept outside the context because deactivate()
 * is the only hook VS Code awaits at shutdown.
 */
let endVolumeBrowsing: (() => Promise<void>) | undefined;

/** The one composition root: owns config access, the log, the connection and every disposable. */
interface DockwrightContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly connection: DockerConnection;
  readonly daemons: Daemons;
  /** Registry repositories and tags for FROM completion, through the Registries view's sessions. */
  readonly registryImages: RegistryImages;
  languageClient?: LanguageClient;
}

export function activate(extension: vscode.ExtensionContext): DockwrightApi {
  const log = vscode.window.createOutputChannel('Dockwright', { log: true });
  const daemons = new Daemons(log, endpointResolver(extension.workspaceState));
  const connection = daemons.primary.connection;
  const registrySessions = new RegistrySessions(extension.secrets, () => ({}), config.dockerTimeout);
  const registryList = async () =>
    registryEntries(
      await knownRegistries().catch(() => []),
      config.extraRegistries(),
      extension.globalState.get<string[]>(hiddenKey, []),
    );
  const registryImages = new RegistryImages({
    entries: registryList,
    hasOwnLogin: (host) => registrySessions.hasOwnLogin(host),
    client: (entry) => registrySessions.client(entry),
  });
  registrySessions.onDidForget((host) => registryImages.forget(host));
  const ctx: DockwrightContext = { extension, log, connection, daemons, registryImages };
  extension.subscriptions.push(log, daemons);

  const views = createExplorerViews(daemons, extension.workspaceState, log);
  extension.subscriptions.push(views, ...registerViewCommands(views));
  extension.subscriptions.push(
    registerContainerTerminalCommands({ daemons, state: extension.workspaceState, log }),
  );
  extension.subscriptions.push(...registerResourceCommands(views.explorer));
  const composeLenses = new ComposeCodeLensProvider(views.trees.compose);
  extension.subscriptions.push(
    registerComposeCommands({ tree: views.trees.compose, log }),
    composeLenses,
    vscode.languages.registerCodeLensProvider(composeFileSelector, composeLenses),
  );
  const registries = new RegistriesTreeProvider(
    registrySessions,
    { entries: registryList, hubNamespaces: config.dockerHubNamespaces },
    log,
  );
  extension.subscriptions.push(
    registries,
    vscode.window.createTreeView('dockwright.registries', {
      treeDataProvider: registries,
      canSelectMany: true,
      showCollapseAll: true,
    }),
    ...registerRegistryCommands({
      tree: registries,
      sessions: registrySessions,
      hidden: extension.globalState,
      log,
      daemons,
    }),
  );
  const files = new ContainerFileSystem(
    daemons,
    (daemonId, id) => views.explorer.entry(daemonId)?.model.containers().get(id)?.name,
  );
  extension.subscriptions.push(
    files,
    files.register(),
    ...registerFileCommands({
      explorer: views.explorer,
      ui: commandUi(),
      files,
      trees: [views.trees.containers, views.trees.volumes],
    }),
  );
  views.trees.containers.showFiles(files);
  views.trees.volumes.showFiles(files);
  endVolumeBrowsing = () => files.shutdown();
  extension.subscriptions.push(
    ...registerImageActions(
      { explorer: views.explorer, ui: commandUi(), state: extension.workspaceState },
      openAttachTerminal,
    ),
    ...registerStatsCommands({
      explorer: views.explorer,
      ui: commandUi(),
      mediaRoot: vscode.Uri.joinPath(extension.extensionUri, 'media'),
    }),
  );
  const contexts = new ContextsTreeProvider(extension.workspaceState);
  extension.subscriptions.push(
    contexts,
    vscode.window.registerTreeDataProvider('dockwright.contexts', contexts),
    registerContextCommands({ state: extension.workspaceState, daemons, tree: contexts, log }),
    daemons.primary.connection.onDidChangeState(() => contexts.refresh()),
  );

  extension.subscriptions.push(
    vscode.commands.registerCommand('dockwright.refresh', async () => {
      await daemons.connectAll();
      views.explorer.entries.forEach((e) => e.updater.refresh());
    }),
    vscode.commands.registerCommand('dockwright.showLog', () => log.show()),
    vscode.commands.registerCommand('dockwright.showConnectionProblem', () =>
      showConnectionProblem(daemons.primary.connection),
    ),
    registerBuildCommand({ state: extension.workspaceState, daemons, log }),
    vscode.commands.registerCommand('dockwright.openDockerSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', 'dockwright.docker'),
    ),
    vscode.commands.registerCommand('dockwright.restartLanguageServer', () => restartLanguageServer(ctx)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (config.affects(event, 'docker')) {
        void daemons.connectAll();
      }
      if (config.affects(event, 'registries')) {
        registrySessions.forget();
        registries.refresh();
      }
      if (config.affects(event, 'languageServer')) {
        void restartLanguageServer(ctx);
      }
    }),
  );

  void connection.connect();
  const languageServerReady = startServerIfEnabled(ctx);
  return { connection, daemons, contexts, views, registries, languageServerReady, files };
}

async function startServerIfEnabled(ctx: DockwrightContext): Promise<void> {
  if (!config.languageServerEnabled()) {
    return;
  }
  try {
    const client = await startLanguageClient(ctx.extension, ctx.log);
    ctx.languageClient = client;
    ctx.extension.subscriptions.push(client);
    ctx.extension.subscriptions.push(registerImageCompletion(client, ctx));
    ctx.extension.subscriptions.push(registerImageDetails(client, ctx));
  } catch (err) {
    ctx.log.error(`The Dockerfile language server did not start: ${String(err)}`);
  }
}

async function restartLanguageServer(ctx: DockwrightContext): Promise<void> {
  const running = ctx.languageClient;
  ctx.languageClient = undefined;
  if (running !== undefined) {
    await running.stop();
  }
  await startServerIfEnabled(ctx);
}

export async function deactivate(): Promise<void> {
  // Everything else, the language client included, is disposed through the extension context.
  await endVolumeBrowsing?.();
  endVolumeBrowsing = undefined;
}

/** Says, when asked, why this window's daemon cannot be reached, with the ways forward. */
async function showConnectionProblem(connection: DockerConnection): Promise<void> {
  if (connection.state !== 'unreachable') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Docker is reachable.'));
    return;
  }
  const retry = vscode.l10n.t('Retry');
  const settings = vscode.l10n.t('Open Settings');
  const choice = await vscode.window.showErrorMessage(
    connection.reason ?? vscode.l10n.t('Docker is not reachable.'),
    retry,
    settings,
  );
  if (choice === retry) await vscode.commands.executeCommand('dockwright.refresh');
  else if (choice === settings) await vscode.commands.executeCommand('dockwright.openDockerSettings');
}
