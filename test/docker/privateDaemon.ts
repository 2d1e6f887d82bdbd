// A dockerd of our own (own socket, data root, exec root and pidfile under a temp folder), for
// tests and benchmarks that stop a daemon or flood it: the shared test daemon is never touched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { join } from 'node:path';

/** Whether the daemon at a unix socket answers `/_ping` with OK. */
export function pingSocket(socketPath: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ socketPath, path: '/_ping', timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(response.statusCode === 200 && body === 'OK'));
      response.on('error', () => resolve(false));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A dockerd started by this process, stopped only by its own pid. */
export class PrivateDaemon {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  private constructor(readonly dir: string) {}

  /** The daemon's socket; the folder stays short, since unix socket paths are limited to 108 bytes. */
  get socketPath(): string {
    return join(this.dir, 'd.sock');
  }

  get host(): string {
    return `unix://${this.socketPath}`;
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** Whether dockerd can be started here: it needs root and the binary. */
  static available(): string | undefined {
    if (process.getuid?.() !== 0) {
      return 'dockerd needs root';
    }
    if (spawnSync('dockerd', ['--version']).status !== 0) {
      return 'dockerd is not installed';
    }
    return undefined;
  }

  /** Starts a daemon in a new temp folder and waits until it answers. */
  static async start(prefix = '/tmp/dwd-'): Promise<PrivateDaemon> {
    const daemon = new PrivateDaemon(mkdtempSync(prefix));
    writeFileSync(join(daemon.dir, 'daemon.json'), '{}\n');
    try {
      await daemon.launch();
    } catch (err) {
      await daemon.destroy();
      throw err;
    }
    return daemon;
  }

  /** Starts dockerd again on the same socket and data (after `stop`). */
  async launch(deadlineMs = 60_000): Promise<void> {
    const dir = this.dir;
    const namespace = `dw-${dir.slice(-6)}`;
    mkdirSync(join(dir, 'data'), { recursive: true });
    mkdirSync(join(dir, 'exec'), { recursive: true });
    rmSync(this.socketPath, { force: true });
    const log = openSync(join(dir, 'dockerd.log'), 'a');
    const child = spawn(
      'dockerd',
      [
        '--host',
        this.host,
        '--config-file',
        join(dir, 'daemon.json'),
        '--data-root',
        join(dir, 'data'),
        '--exec-root',
        join(dir, 'exec'),
        '--pidfile',
        join(dir, 'dockerd.pid'),
        '--bridge=none',
        '--iptables=false',
        '--ip6tables=false',
        '--ip-masq=false',
        '--containerd-namespace',
        namespace,
        '--containerd-plugins-namespace',
        `${namespace}-plugins`,
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + deadlineMs;
    while (!(await pingSocket(this.socketPath))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        const tail = readFileSync(join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-15).join('\n');
        throw new Error(`dockerd in ${dir} did not answer:\n${tail}`);
      }
      await pause(50);
    }
  }

  /** Stops dockerd by its pid: TERM, then KILL after `graceMs`; resolves once it has exited. */
  async stop(graceMs = 20_000): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Stops the daemon and removes its folder, undoing any mount it left below it. */
  async destroy(): Promise<void> {
    await this.stop();
    const mounts = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1] ?? '')
      .filter((mount) => mount.startsWith(`${this.dir}/`))
      .sort()
      .reverse();
    for (const mount of mounts) {
      spawnSync('umount', ['-l', mount]);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
