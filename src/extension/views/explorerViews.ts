import * as vscode from 'vscode';
import { config } from '../config';
import type { Daemons } from '../docker/daemons';
import { ComposeWorkspace } from '../compose/composeWorkspace';
import { ComposeTree } from './composeTree';
import { ContainersTree } from './containersTree';
import { Explorer, refreshManagers } from './explorer';
import type { ExplorerTree } from './explorerTree';
import { ImagesTree } from './imagesTree';
import { NetworksTree } from './networksTree';
import { viewSettings } from './settings';
import { SwarmTree } from './swarmTree';
import { VolumesTree } from './volumesTree';

/** The explorer views by short name. */
export interface ExplorerTrees {
  readonly containers: ContainersTree;
  readonly images: ImagesTree;
  readonly volumes: VolumesTree;
  readonly networks: NetworksTree;
  readonly swarm: SwarmTree;
  readonly compose: ComposeTree;
}

/** The explorer and its views, as built by `createExplorerViews`. */
export interface ExplorerViews extends vscode.Disposable {
  readonly explorer: Explorer;
  readonly trees: ExplorerTrees;
  /** Every tree, for what applies to all. */
  readonly all: readonly ExplorerTree[];
}

/**
 * Builds one model and refresh manager per daemon and the Containers, Images, Volumes and Networks
 * views over them; the models are kept current while any of these views is visible.
 */
export function createExplorerViews(
  daemons: Daemons,
  state: vscode.Memento,
  log: vscode.LogOutputChannel,
): ExplorerViews {
  const explorer = new Explorer(
    daemons,
    refreshManagers({
      log: (message) => log.debug(message),
      // Read live: a changed setting applies from the next poll on.
      safetyPollMs: () => config.dockerSafetyPollSeconds() * 1000,
    }),
  );
  const composeWorkspace = new ComposeWorkspace(log);
  const trees: ExplorerTrees = {
    containers: new ContainersTree(explorer, 'dockwright.containers', state),
    images: new ImagesTree(explorer, 'dockwright.images', state),
    volumes: new VolumesTree(explorer, 'dockwright.volumes', state),
    networks: new NetworksTree(explorer, 'dockwright.networks', state),
    swarm: new SwarmTree(explorer, 'dockwright.swarm', state),
    compose: new ComposeTree(explorer, 'dockwright.compose', state, composeWorkspace),
  };
  const all: ExplorerTree[] = [
    trees.containers,
    trees.images,
    trees.volumes,
    trees.networks,
    trees.swarm,
    trees.compose,
  ];
  const showToggles = (): void => {
    void vscode.commands.executeCommand(
      'setContext',
      'dockwright.images.showDangling',
      viewSettings.imagesShowDangling(),
    );
    void vscode.commands.executeCommand(
      'setContext',
      'dockwright.networks.showBuiltIn',
      viewSettings.networksShowBuiltIn(),
    );
  };
  showToggles();
  const disposables: vscode.Disposable[] = all.map((tree) => tree.createView());
  disposables.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (viewSettings.affected(event)) {
        showToggles();
        all.forEach((tree) => tree.refreshAll());
      }
    }),
  );
  return {
    explorer,
    trees,
    all,
    dispose: () => {
      disposables.forEach((d) => {
        d.dispose();
      });
      all.forEach((tree) => tree.dispose());
      composeWorkspace.dispose();
      explorer.dispose();
    },
  };
}
