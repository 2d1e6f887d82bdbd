// Registers the image actions that ask several questions or move data: pull, push, run and run
// interactive (tag, remove, prune and the documents are in images.ts).
import * as vscode from 'vscode';
import type { OpenRunTerminal } from './imageRun';
import { runCommand } from './imageRun';
import type { ImageActionDeps } from './imageTransfer';
import { pullCommand, pushCommand } from './imageTransfer';

/** `dockwright.images.pull`, `.push`, `.run` and `.runInteractive`. */
export function registerImageActions(
  deps: ImageActionDeps,
  openTerminal: OpenRunTerminal,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('dockwright.images.pull', (node?: unknown) => pullCommand(deps, node)),
    vscode.commands.registerCommand('dockwright.images.push', (node?: unknown) => pushCommand(deps, node)),
    vscode.commands.registerCommand('dockwright.images.run', (node?: unknown) =>
      runCommand(deps, openTerminal, node, false),
    ),
    vscode.commands.registerCommand('dockwright.images.runInteractive', (node?: unknown) =>
      runCommand(deps, openTerminal, node, true),
    ),
  ];
}
