import * as vscode from 'vscode';
import type { ExtraRegistrySetting } from './registries/registryEntries';
import { isHubNamespace } from './registries/dockerHub';
import { parseExtraRegistries } from './registries/registryEntries';

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

/**
 * A setting that chooses a daemon or an executable. In an untrusted workspace only the user's own
 * (global) value counts, so opening a repository cannot redirect Dockwright.
 */
function trustedValue(key: string): unknown {
  const configuration = read();
  if (vscode.workspace.isTrusted) {
    return configuration.get<unknown>(key);
  }
  const inspected = configuration.inspect<unknown>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

function trustedString(key: string, fallback: string): string {
  const value = trustedValue(key);
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
  dockerHost: (): string => trustedString('docker.host', ''),
  /** More daemons to show beside this window's: host URLs or context names, trimmed, unique. */
  additionalEndpoints: (): string[] => {
    const value = trustedValue('docker.additionalEndpoints');
    if (!Array.isArray(value)) {
      return [];
    }
    const entries = value.filter((entry): entry is string => typeof entry === 'string').map((e) => e.trim());
    return [...new Set(entries.filter((entry) => entry !== ''))];
  },
  /** When an `ssh://` endpoint goes through the system `ssh` tunnel: on failure, or always. */
  sshTunnel: (): 'auto' | 'always' =>
    stringSetting('docker.ssh.tunnel', 'auto') === 'always' ? 'always' : 'auto',
  /** The `ssh` executable for tunnels: a path, or a name looked up on `PATH`. */
  sshPath: (): string => trustedString('docker.ssh.path', 'ssh') || 'ssh',
  /** A private key for SSH endpoints, or '' for the agent and ssh's own defaults. */
  sshIdentityFile: (): string => trustedString('docker.ssh.identityFile', ''),
  /** Timeout of one Engine API call, in milliseconds. */
  dockerTimeout: (): number => numberSetting('docker.timeout', 15000, 1000, 600000),
  /** Seconds between the explorer's safety re-listings (the event stream does the rest). */
  dockerSafetyPollSeconds: (): number => numberSetting('docker.safetyPollSeconds', 300, 30, 86400),
  /** Registries added in the settings, with their TLS options (only the user's own in untrusted folders). */
  extraRegistries: (): ExtraRegistrySetting[] => parseExtraRegistries(trustedValue('registries.extra')),
  /** Docker Hub namespaces to list besides the logged-in user's. */
  dockerHubNamespaces: (): string[] => {
    const value = read().get<unknown>('registries.dockerHubNamespaces');
    if (!Array.isArray(value)) return [];
    const names = value.filter((n): n is string => typeof n === 'string').map((n) => n.trim().toLowerCase());
    return [...new Set(names.filter(isHubNamespace))];
  },
  languageServerEnabled: (): boolean => booleanSetting('languageServer.enabled', true),
  languageServerTrace: (): TraceLevel => {
    const value = stringSetting('languageServer.trace.server', 'off');
    return value === 'messages' || value === 'verbose' ? value : 'off';
  },
  /** True when a change event touches the given setting below `dockwright.`. */
  affects: (event: vscode.ConfigurationChangeEvent, key: string): boolean =>
    event.affectsConfiguration(`${section}.${key}`),
};
