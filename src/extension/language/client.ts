import * as vscode from 'vscode';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { LanguageClient, Trace, TransportKind } from 'vscode-languageclient/node';
import { dockerfileLanguageId } from '../../shared/protocol';
import { config } from '../config';

/** Starts the bundled Dockerfile language server (dist/server.js) over IPC. */
export async function startLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: dockerfileLanguageId, scheme: 'file' },
      { language: dockerfileLanguageId, scheme: 'untitled' },
      { language: dockerfileLanguageId, scheme: 'vscode-remote' },
    ],
    outputChannel: log,
    synchronize: {
      // The files that change diagnostics without an edit to the Dockerfile itself.
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{.hadolint.yaml,.hadolint.yml,.dockerignore,*.dockerignore}',
      ),
    },
  };
  const client = new LanguageClient(
    'dockwright',
    'Dockwright Dockerfile Language Server',
    serverOptions,
    clientOptions,
  );
  await client.start();
  await client.setTrace(Trace.fromString(config.languageServerTrace()));
  return client;
}
