import * as vscode from 'vscode';

/** The trace levels the language client understands. */
export type TraceLevel = 'off' | 'messages' | 'verbose';

const section = 'dockwright';

function read(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(section);
}

function stringSetting(key: string, fallback: string): string {
  const value = read().get<unknown>(key);
  return typeof value === 'string' ? value.trim() : fallback;
}

function numberSetting(key: string, fallback: number, min: number, max: number): number {
  const value = read().get<unknown>(key);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, value));
}

function booleanSetting(key: string, fallback: boolean): boolean {
  const value = read().get<unknown>(key);
  return typeof value === 'boolean' ? value : fallback;
}

/** Typed, validated getters for every Dockwright setting, read live on each call. */
export const config = {
  /** Explicit Docker endpoint, or '' to resolve it as the Docker CLI does. */
  dockerHost: (): string => stringSetting('docker.host', ''),
  /** Timeout of one Engine API call, in milliseconds. */
  dockerTimeout: (): number => numberSetting('docker.timeout', 15000, 1000, 600000),
  languageServerEnabled: (): boolean => booleanSetting('languageServer.enabled', true),
  languageServerTrace: (): TraceLevel => {
    const value = stringSetting('languageServer.trace.server', 'off');
    return value === 'messages' || value === 'verbose' ? value : 'off';
  },
  /** True when a change event touches the given setting below `dockwright.`. */
  affects: (event: vscode.ConfigurationChangeEvent, key: string): boolean =>
    event.affectsConfiguration(`${section}.${key}`),
};
