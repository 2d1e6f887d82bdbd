// A shell (or one command) in a running container: an exec with a real TTY, the terminal's size
// forwarded, the process's exit closing the terminal.
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ContainerProcess, TerminalSize } from '../docker/client';
import type { PtyContext } from './enginePty';
import { EnginePty } from './enginePty';
import type { ExecEngine } from './shellProbe';
import { probeShell, settledExec, shellCandidates, splitCommandLine } from './shellProbe';

/** The Engine calls an exec terminal makes (DockerClient has them). */
export interface ExecTerminalEngine extends ExecEngine {
  containerProcess(id: string, signal?: AbortSignal): Promise<ContainerProcess | undefined>;
  resizeExec(execId: string, size: TerminalSize, signal?: AbortSignal): Promise<void>;
}

/** What an exec terminal runs. */
export interface ExecTerminalOptions extends PtyContext {
  engine: ExecTerminalEngine;
  containerId: string;
  /** A shell to use instead of probing (the `dockwright.containers.shell` setting); '' to probe. */
  shell?: string;
  /** A command line to run instead of an interactive shell: through the shell, or split when none. */
  command?: string;
}

/** What a person sees for a container that is not running. */
export function notRunningMessage(t: EnginePty['t'], name: string, state: string): string {
  switch (state) {
    case 'paused':
      return t('Container {0} is paused: unpause it first.', name);
    case 'restarting':
      return t('Container {0} is restarting: try again once it runs.', name);
    default:
      return t('Container {0} is not running ({1}): start it first.', name, state);
  }
}

/** Input kept while the process starts. */
const maxEarlyInput = 64 * 1024;

/** An interactive shell or a command in a container, over the exec API with a TTY. */
export class ExecTerminal extends EnginePty {
  private socket: Duplex | undefined;
  private execId: string | undefined;
  private readonly abort = new AbortController();
  private readonly decoder = new StringDecoder('utf8');
  private early = '';
  /** The latest size change sent to the Engine, settled once it has answered. */
  resizing: Promise<void> = Promise.resolve();

  constructor(private readonly options: ExecTerminalOptions) {
    super(options);
  }

  protected async begin(): Promise<void> {
    const { engine, containerId } = this.options;
    const signal = this.abort.signal;
    const container = await engine.containerProcess(containerId, signal);
    if (container === undefined) {
      this.fail(this.t('Container {0} no longer exists.', containerId.slice(0, 12)));
      return;
    }
    if (container.state !== 'running') {
      this.fail(notRunningMessage(this.t, container.name, container.state));
      return;
    }
    const cmd = await this.commandFor(container, signal);
    if (cmd === undefined || this.closed) {
      return;
    }
    const execId = await engine.createExec(
      containerId,
      {
        cmd,
        tty: true,
        stdin: true,
        env: ['TERM=xterm-256color'],
        ...(this.size !== undefined ? { consoleSize: this.size } : {}),
      },
      signal,
    );
    this.execId = execId;
    const socket = await engine.startExec(execId, { tty: true, stdin: true }, signal);
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.write(this.decoder.write(chunk)));
    if (this.early !== '') {
      socket.write(this.early);
      this.early = '';
    }
    socket.once('error', () => undefined);
    socket.once('close', () => void this.exited());
    if (this.size !== undefined) {
      this.resized(this.size);
    }
  }

  /** The argv to exec: the configured or probed shell, or the command through it. */
  private async commandFor(container: ContainerProcess, signal: AbortSignal): Promise<string[] | undefined> {
    const { engine, containerId, command } = this.options;
    const configured = this.options.shell?.trim() ?? '';
    const candidates = configured !== '' ? [configured, ...shellCandidates] : shellCandidates;
    const probe = await probeShell(engine, containerId, candidates, signal);
    if (probe.shell !== undefined && configured !== '' && probe.shell !== configured) {
      this.note(this.t('{0} is not in this container; using {1}.', configured, probe.shell));
    }
    if (command !== undefined) {
      if (probe.shell !== undefined) {
        return [probe.shell, '-c', command];
      }
      const argv = splitCommandLine(command);
      if (argv.length === 0) {
        this.fail(this.t('There is no command to run.'));
        return undefined;
      }
      return argv;
    }
    if (probe.shell === undefined) {
      this.fail(
        this.t(
          'No shell found in container {0} (tried {1}): the image has none, as distroless and scratch images do. Set "dockwright.containers.shell" to a shell it has, or run a command the image contains.',
          container.name,
          probe.tried.join(', '),
        ),
      );
      return undefined;
    }
    return [probe.shell];
  }

  /** The process ended (or the connection dropped): show its exit code and close. */
  private async exited(): Promise<void> {
    this.write(this.decoder.end());
    if (this.closed) {
      return;
    }
    const execId = this.execId;
    let code: number | undefined;
    try {
      code = execId === undefined ? undefined : (await settledExec(this.options.engine, execId)).exitCode;
    } catch {
      code = undefined;
    }
    this.write('\r\n');
    this.note(
      code === undefined ? this.t('The process ended.') : this.t('The process exited with code {0}.', code),
    );
    this.finish(code);
  }

  protected override input(data: string): void {
    if (this.socket !== undefined) {
      this.socket.write(data);
    } else if (this.early.length < maxEarlyInput) {
      // Typed while the shell is being found and started: handed over once it runs.
      this.early += data;
    }
  }

  protected override resized(size: TerminalSize): void {
    const execId = this.execId;
    if (execId !== undefined && this.socket !== undefined) {
      // One after another: two resizes in flight at once may reach the Engine in either order.
      // A resize racing the process's exit is refused; nothing to tell the user.
      const engine = this.options.engine;
      this.resizing = this.resizing.then(() => engine.resizeExec(execId, size)).catch(() => undefined);
    }
  }

  protected end(): void {
    this.abort.abort();
    this.socket?.destroy();
    this.socket = undefined;
  }
}
