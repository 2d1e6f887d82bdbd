import * as vscode from 'vscode';

function read(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('dockwright');
}

/** Typed getters for the terminal and logs settings, read live. */
export const terminalSettings = {
  /** The shell for Exec Shell, or '' to probe bash, sh, ash. */
  shell: (): string => {
    const value = read().get<unknown>('containers.shell');
    return typeof value === 'string' ? value.trim() : '';
  },
  /** Lines of existing log shown before following: a count, or `all` for a negative value. */
  logsTail: (): number | 'all' => {
    const value = read().get<unknown>('logs.tail');
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return 1000;
    }
    return value < 0 ? 'all' : Math.floor(value);
  },
  /** Whether log lines start with their time. */
  logsTimestamps: (): boolean => read().get<unknown>('logs.timestamps') === true,
  /** Flips the timestamps setting where it is set (the user's settings by default). */
  toggleLogsTimestamps: async (): Promise<void> => {
    const inspected = read().inspect<boolean>('logs.timestamps');
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await read().update('logs.timestamps', !terminalSettings.logsTimestamps(), target);
  },
};
