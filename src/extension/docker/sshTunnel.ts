// Reaching an `ssh://` daemon the way the Docker CLI does: every connection to a private unix socket
// becomes one `ssh … docker system dial-stdio` process whose stdin/stdout carry the bytes.
import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Where the tunnel goes and how `ssh` is started. */
export interface SshTarget {
  host: string;
  port: number;
  username?: string;
}

export interface SshTunnelOptions {
  /** The `ssh` executable (a path or a name on PATH). */
  sshPath: string;
  /** A private key (`-i`); otherwise ssh's agent and configuration decide. */
  identityFile?: string;
  /** A known_hosts file to consult besides ssh's own. */
  knownHostsFile?: string;
  /** Seconds ssh may take to connect. */
  connectTimeoutSeconds?: number;
  /** The environment for ssh (SSH_AUTH_SOCK, HOME); defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

/** Raised with ssh's own words (its stderr) when the tunnel cannot reach the daemon. */
export class SshTunnelError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'SshTunnelError';
  }
}

/** Refuses host or user names that ssh would read as options. */
function checkArgument(value: string, what: string): string {
  if (value === '' || value.startsWith('-') || /[\s\0]/.test(value)) {
    throw new SshTunnelError(`The SSH ${what} "${value}" is not valid.`, '', null);
  }
  return value;
}

/** The arguments of one `ssh` process: options, `--`, the destination and the remote command. */
export function sshArguments(target: SshTarget, options: SshTunnelOptions): string[] {
  const args = ['-o', 'BatchMode=yes', '-o', `ConnectTimeout=${options.connectTimeoutSeconds ?? 10}`];
  if (target.port !== 22) {
    args.push('-p', String(target.port));
  }
  if (options.identityFile !== undefined && options.identityFile !== '') {
    args.push('-i', options.identityFile, '-o', 'IdentitiesOnly=yes');
  }
  if (options.knownHostsFile !== undefined && options.knownHostsFile !== '') {
    args.push('-o', `UserKnownHostsFile=${options.knownHostsFile}`);
  }
  if (target.username !== undefined) {
    args.push('-l', checkArgument(target.username, 'user'));
  }
  args.push('--', checkArgument(target.host, 'host'), 'docker', 'system', 'dial-stdio');
  return args;
}

type SshChild = ChildProcessByStdio<Writable, Readable, Readable>;

/**
 * A private unix socket (in a fresh 0700 temp dir) that forwards each connection through its own
 * `ssh` process. The processes are ours: disposing the tunnel ends them and removes the socket.
 */
export class SshTunnel {
  private readonly children = new Set<SshChild>();
  private failure: SshTunnelError | undefined;
  private closed = false;

  private constructor(
    private readonly dir: string,
    readonly socketPath: string,
    private readonly server: net.Server,
    private readonly target: SshTarget,
    private readonly options: SshTunnelOptions,
  ) {
    server.on('connection', (socket) => this.forward(socket));
  }

  /** Opens the local socket; nothing reaches ssh until the first connection. */
  static async open(target: SshTarget, options: SshTunnelOptions): Promise<SshTunnel> {
    sshArguments(target, options);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dockwright-ssh-'));
    await fs.chmod(dir, 0o700);
    const socketPath = path.join(dir, 'docker.sock');
    const server = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      await fs.rm(dir, { recursive: true, force: true });
      throw err;
    }
    return new SshTunnel(dir, socketPath, server, target, options);
  }

  /** The pids of the ssh processes running now. */
  get pids(): number[] {
    return [...this.children].flatMap((child) => (child.pid !== undefined ? [child.pid] : []));
  }

  /** Why the latest ssh process failed, in ssh's words; cleared by one that succeeds. */
  get lastFailure(): SshTunnelError | undefined {
    return this.failure;
  }

  private forward(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    const child: SshChild = spawn(this.options.sshPath, sshArguments(this.target, this.options), {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: this.options.env ?? process.env,
    });
    this.children.add(child);
    let stderr = '';
    let answered = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // Keep the tail: ssh's last lines say why it gave up.
      stderr = (stderr + chunk).slice(-4000);
    });
    child.stdout.once('data', () => {
      answered = true;
      this.failure = undefined;
    });
    socket.pipe(child.stdin);
    // The socket is ended only once ssh has exited, so its failure is recorded before the
    // client sees the connection close.
    child.stdout.pipe(socket, { end: false });
    const end = (): void => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill();
      }
    };
    socket.on('error', end);
    socket.on('close', end);
    child.stdin.on('error', () => socket.destroy());
    let spawnFailed = false;
    child.on('error', (err) => {
      spawnFailed = true;
      this.failure = new SshTunnelError(
        `ssh could not be started (${this.options.sshPath}): ${err.message}`,
        '',
        null,
      );
      socket.destroy();
    });
    child.on('close', (code) => {
      this.children.delete(child);
      if (code !== 0 && code !== null && !answered && !spawnFailed) {
        this.failure = new SshTunnelError(describeSshFailure(stderr, code), stderr.trim(), code);
      }
      if (answered) {
        socket.end();
      } else {
        socket.destroy();
      }
    });
  }

  /** Stops every ssh process we started (by pid), closes the socket and removes its folder. */
  dispose(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    for (const child of this.children) {
      child.kill();
    }
    this.children.clear();
    this.server.close();
    void fs.rm(this.dir, { recursive: true, force: true });
  }
}

/** Turns ssh's stderr and exit code into a sentence: authentication, host key, or docker missing. */
export function describeSshFailure(stderr: string, exitCode: number | null): string {
  const text = stderr.trim();
  const last =
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .pop() ?? '';
  if (/Permission denied \(/i.test(text) || /Too many authentication failures/i.test(text)) {
    return `SSH refused the login (${last.trim()}). Load a key into ssh-agent, or set "dockwright.docker.ssh.identityFile".`;
  }
  if (
    /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/i.test(text)
  ) {
    return 'SSH could not verify the host key. Connect once with `ssh` in a terminal to accept it into known_hosts.';
  }
  if (/docker: (command )?not found|"docker": executable file not found/i.test(text) || exitCode === 127) {
    return 'The remote host has no `docker` command on its PATH for this user (needed for `docker system dial-stdio`).';
  }
  if (/Could not resolve hostname/i.test(text)) {
    return `SSH could not resolve the host name (${last.trim()}).`;
  }
  if (/Connection refused|Connection timed out|No route to host|Operation timed out/i.test(text)) {
    return `SSH could not connect (${last.trim()}).`;
  }
  if (/Cannot connect to the Docker daemon|Is the docker daemon running/i.test(text)) {
    return `The remote docker could not reach its daemon (${last.trim()}).`;
  }
  return `ssh exited with code ${exitCode ?? 'unknown'}${last !== '' ? `: ${last.trim()}` : ''}.`;
}

/** One parsed line of a known_hosts file. */
interface KnownHost {
  patterns: string[];
  keyType: string;
  key: string;
  revoked: boolean;
}

function parseKnownHosts(text: string): KnownHost[] {
  const entries: KnownHost[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@') === true) {
      const marker = fields.shift();
      if (marker === '@cert-authority') {
        continue;
      }
      revoked = marker === '@revoked';
    }
    const [hosts, keyType, key] = fields;
    if (hosts === undefined || keyType === undefined || key === undefined) {
      continue;
    }
    entries.push({ patterns: hosts.split(','), keyType, key, revoked });
  }
  return entries;
}

/** How known_hosts names a host: `host` on port 22, else `[host]:port`. */
function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (salt === undefined || hash === undefined) {
      return false;
    }
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  if (pattern.startsWith('!')) {
    return false;
  }
  // Wildcards: '*' any run, '?' one character; matched without backtracking blow-up.
  return globMatch(pattern.toLowerCase(), name.toLowerCase());
}

function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') {
    p++;
  }
  return p === pattern.length;
}

/**
 * Whether `key` (the server's public key blob) is what known_hosts records for the host, as ssh
 * checks it: a revoked key fails, a listed key passes, an unknown host fails.
 */
export function knownHostAccepts(knownHostsText: string, host: string, port: number, key: Buffer): boolean {
  const name = knownHostName(host, port);
  const blob = key.toString('base64');
  let accepted = false;
  for (const entry of parseKnownHosts(knownHostsText)) {
    if (!entry.patterns.some((pattern) => patternMatches(pattern, name))) {
      continue;
    }
    if (entry.key === blob) {
      if (entry.revoked) {
        return false;
      }
      accepted = true;
    }
  }
  return accepted;
}

/** The known_hosts files ssh reads by default, plus an extra one when given. */
export async function readKnownHosts(home: string, extra?: string): Promise<string> {
  const files = [path.join(home, '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
  if (extra !== undefined && extra !== '') {
    files.push(extra);
  }
  const texts = await Promise.all(files.map((file) => fs.readFile(file, 'utf8').catch(() => '')));
  return texts.join('\n');
}
