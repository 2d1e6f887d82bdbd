import * as vscode from 'vscode';
import type { ContainerGrouping } from './grouping';
import { containerGroupings } from './grouping';
import type { ContainerSort } from './sorting';
import { containerSorts } from './sorting';

function read(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('dockwright');
}

function choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  const value = read().get<unknown>(key);
  return allowed.find((a) => a === value) ?? fallback;
}

function flag(key: string, fallback: boolean): boolean {
  const value = read().get<unknown>(key);
  return typeof value === 'boolean' ? value : fallback;
}

/** Typed, validated getters for the explorer trees' settings, read live. */
export const viewSettings = {
  containersGroupBy: (): ContainerGrouping => choice('containers.groupBy', containerGroupings, 'compose'),
  containersSortBy: (): ContainerSort => choice('containers.sortBy', containerSorts, 'name'),
  imagesShowDangling: (): boolean => flag('images.showDangling', true),
  networksShowBuiltIn: (): boolean => flag('networks.showBuiltIn', true),
  /** True when a change touches any setting the trees read. */
  affected: (event: vscode.ConfigurationChangeEvent): boolean =>
    ['containers.groupBy', 'containers.sortBy', 'images.showDangling', 'networks.showBuiltIn'].some((key) =>
      event.affectsConfiguration(`dockwright.${key}`),
    ),
};

/**
 * Writes a view setting where it takes effect: the workspace when the workspace already sets it,
 * else the user settings.
 */
export async function updateViewSetting(key: string, value: unknown): Promise<void> {
  const settings = read();
  const where = settings.inspect(key);
  const target =
    where?.workspaceFolderValue !== undefined || where?.workspaceValue !== undefined
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await settings.update(key, value, target);
}
