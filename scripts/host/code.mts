// Stands in for the VS Code executable that @vscode/test-electron's runTests() (and
// @vscode/test-cli) launch, so the standard runners work unchanged on this host: it takes the
// desktop CLI arguments, starts the VS Code server in extension-development mode with fresh
// data folders, opens its workbench in chromium with the development payload, prints the test
// run's console, and exits with the code the extension host reported.
// Usage: scripts/host/code --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [folder] [flags]
// Environment: DOCKWRIGHT_HOST_TIMEOUT_MS (default 600000), DOCKWRIGHT_HOST_VERBOSE=1 echoes the
// server's log. Every other variable reaches the extension host unchanged.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { createProfile, launchChromium, removeProfile, VsCodeServer } from './workbench.ts';
import type { Profile } from './workbench.ts';

const verbose = process.env.DOCKWRIGHT_HOST_VERBOSE === '1';

interface Invocation {
  developmentPaths: string[];
  testsPath: string | undefined;
  folder: string | undefined;
}

// Desktop flags that take a separate value; their values must not be read as the folder.
const valueFlags = new Set([
  'extensionDevelopmentPath',
  'extensionTestsPath',
  'user-data-dir',
  'extensions-dir',
  'folder-uri',
  'file-uri',
  'locale',
  'log',
  'profile',
  'sync',
  'inspect-extensions',
  'inspect-brk-extensions',
  'crash-reporter-directory',
  'crash-reporter-id',
  'enable-proposed-api',
]);

function parseArgs(argv: readonly string[]): Invocation {
  const invocation: Invocation = {
    developmentPaths: [],
    testsPath: undefined,
    folder: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      invocation.folder ??= resolve(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    let value: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    if (value === undefined && valueFlags.has(name)) {
      value = argv[++i];
    }
    if (name === 'extensionDevelopmentPath' && value !== undefined) {
      invocation.developmentPaths.push(resolve(value));
    } else if (name === 'extensionTestsPath' && value !== undefined) {
      invocation.testsPath = resolve(value);
    } else if (name === 'folder-uri' && value !== undefined && value.startsWith('file:')) {
      invocation.folder ??= fileURLToPath(value);
    }
    // Every other flag is desktop-only (the server rejects even --disable-extensions) and ignored.
  }
  return invocation;
}

// The workbench's own chatter arrives through the same channel as the extension host's console;
// these lines are hidden unless DOCKWRIGHT_HOST_VERBOSE=1.
const workbenchChatter = [
  /^Resolving connection token /,
  /^Resolved connection token /,
  /^Creating a socket /,
  /^(Ignoring fetching|Updating) additional builtin extensions/,
  /^\[(reconnection-grace-time|AgentHost[^\]]*|AccountPolicyGate|ChatModelSelection|Service Worker)\] /,
  /^Canceled: Canceled/,
];

function printLog(type: string, args: unknown[]): void {
  const text = `${format(...args)}\n`;
  if (!verbose && workbenchChatter.some((pattern) => pattern.test(text))) {
    return;
  }
  if (type === 'error' || type === 'warn') {
    process.stderr.write(text);
  } else {
    process.stdout.write(text);
  }
}

/** Runs the tests and resolves with the extension host's exit code. */
async function runTests(invocation: Invocation, testsPath: string, profile: Profile): Promise<number> {
  const timeoutMs = Number(process.env.DOCKWRIGHT_HOST_TIMEOUT_MS) || 600_000;
  let server: VsCodeServer | undefined;
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stop = async (): Promise<void> => {
    clearTimeout(timer);
    await browser?.close().catch(() => undefined);
    await server?.stop();
  };
  const interrupted = (signal: NodeJS.Signals): void => {
    process.stderr.write(`host: ${signal} received, stopping the VS Code server\n`);
    void stop()
      .then(() => removeProfile(profile))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    server = await VsCodeServer.start(profile, {
      developmentMode: true,
      echo: verbose,
    });
    const running = server;
    browser = await launchChromium();
    const page = await browser.newPage();
    let reportExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((done) => (reportExit = done));
    // The workbench calls these when the smoke-test driver is on: the extension host's console,
    // then its exit code once the tests module's run() has settled.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => printLog(type, args));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    const failure = new Promise<never>((_, fail) => {
      page.on('crash', () => fail(new Error('The workbench page crashed.')));
      void running.exited.then((how) =>
        fail(new Error(`The VS Code server exited (${how}) during the test run.`)),
      );
      timer = setTimeout(
        () =>
          fail(
            new Error(
              `The extension tests did not finish within ${timeoutMs / 1000}s (the workbench never reported an exit code). ` +
                'Set DOCKWRIGHT_HOST_TIMEOUT_MS to wait longer, or DOCKWRIGHT_HOST_VERBOSE=1 to see the server log.',
            ),
          ),
        timeoutMs,
      );
    });
    const payload = [
      ...invocation.developmentPaths.map(
        (path) => ['extensionDevelopmentPath', running.remoteUri(path)] as const,
      ),
      ['extensionTestsPath', running.remoteUri(testsPath)] as const,
    ];
    await page.goto(running.workbenchUrl(invocation.folder, payload));
    return await Promise.race([exitCode, failure]);
  } catch (err) {
    process.stderr.write(`host: ${err instanceof Error ? err.message : String(err)}\n`);
    if (server !== undefined && !verbose) {
      process.stderr.write(`host: last lines of the VS Code server log:\n${server.recentOutput()}\n`);
    }
    return 1;
  } finally {
    await stop();
  }
}

const invocation = parseArgs(process.argv.slice(2));
if (invocation.testsPath === undefined || invocation.developmentPaths.length === 0) {
  process.stderr.write('usage: code --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [folder]\n');
  process.exit(2);
}
const profile = await createProfile();
const code = await runTests(invocation, invocation.testsPath, profile);
await removeProfile(profile);
process.exit(code);
