// Serves a sandboxed VS Code in the browser with the packaged Dockwright installed, for a person
// to use (scripts/start.sh runs it). The sandbox keeps its settings and extensions between runs;
// the server listens on 127.0.0.1 only and inherits this environment, DOCKER_HOST included.
// Runs in the foreground until Ctrl-C, then stops the server.
// Usage: node scripts/host/serve.mts --vsix FILE --sandbox DIR [--port 8080] [folder]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createProfile, installExtension, VsCodeServer } from './workbench.ts';

const { values, positionals } = parseArgs({
  options: {
    vsix: { type: 'string' },
    sandbox: { type: 'string' },
    port: { type: 'string', default: '8080' },
  },
  allowPositionals: true,
});
const port = Number(values.port);
if (values.vsix === undefined || values.sandbox === undefined || !Number.isInteger(port) || port <= 0) {
  process.stderr.write('usage: serve.mts --vsix FILE --sandbox DIR [--port 8080] [folder]\n');
  process.exit(2);
}
const folder = resolve(positionals[0] ?? process.cwd());

const profile = await createProfile({ root: values.sandbox });
await installExtension(values.vsix, profile);
let server: VsCodeServer;
try {
  server = await VsCodeServer.start(profile, { port });
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.stderr.write(`Is port ${port} in use? Choose another with DOCKWRIGHT_PORT.\n`);
  process.exit(1);
}

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the VS Code server (pid ${server.pid})\n`);
  void server.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
void server.exited.then((how) => {
  if (stopping) return;
  process.stderr.write(`The VS Code server exited (${how}).\n${server.recentOutput()}\n`);
  process.exit(1);
});

process.stdout.write(
  [
    '',
    `Dockwright is running in a sandboxed VS Code (sandbox: ${profile.root}).`,
    `Open: ${server.workbenchUrl(folder)}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);
