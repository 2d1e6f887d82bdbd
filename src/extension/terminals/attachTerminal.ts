// The container's main process in a terminal: its output from now on and, when the container
// keeps stdin open, input. Closing the terminal detaches; the container keeps running.
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ContainerProcess, TerminalSize } from '../docker/client';
import type { PtyContext } from './enginePty';
import { EnginePty } from './enginePty';
import { notRunningMessage } from './execTerminal';
import { FrameDecoder, LogFormatter } from './logStream';

/** The Engine calls an attach terminal makes (DockerClient has them). */
export interface AttachEngine {
  containerProcess(id: string, signal?: AbortSignal): Promise<ContainerProcess | undefined>;
  attachContainer(
    id: string,
    options: { stdin: boolean; detachKeys?: string },
    signal?: AbortSignal,
  ): Promise<Duplex>;
  resizeContainer(id: string, size: TerminalSize, signal?: AbortSignal): Promise<void>;
}

/** What an attach terminal attaches to. */
export interface AttachTerminalOptions extends PtyContext {
  engine: AttachEngine;
  containerId: string;
}

/** Ctrl-P Ctrl-Q: the Engine ends the attachment on this sequence instead of closing stdin. */
const detachKeys = 'ctrl-p,ctrl-q';
const detachSequence = '\x10\x11';

/** A terminal attached to a container's main process. */
export class AttachTerminal extends EnginePty {
  private socket: Duplex | undefined;
  private container: ContainerProcess | undefined;
  private readonly abort = new AbortController();
  private readOnlyNoted = false;
  /** The resize requests sent so far, in order. */
  private resizing: Promise<void> = Promise.resolve();

  constructor(private readonly options: AttachTerminalOptions) {
    super(options);
  }

  /** Whether input reaches the process (known once attached). */
  get interactive(): boolean {
    return this.container?.openStdin === true;
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
    this.container = container;
    const stdin = container.openStdin;
    // Not tied to the abort signal: closing must first send the detach keys on this socket.
    const socket = await engine.attachContainer(containerId, { stdin, detachKeys });
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.socket = socket;
    this.note(
      this.t(
        'Attached to the main process of {0}. Closing this terminal detaches; the container keeps running.',
        container.name,
      ),
    );
    if (!stdin) {
      this.note(this.t('Read-only: the container was not started with an open stdin (docker run -i).'));
    }
    if (container.tty) {
      const decoder = new StringDecoder('utf8');
      socket.on('data', (chunk: Buffer) => this.write(decoder.write(chunk)));
      if (this.size !== undefined) {
        this.resized(this.size);
      }
    } else {
      const frames = new FrameDecoder();
      const formatter = new LogFormatter(() => false);
      socket.on('data', (chunk: Buffer) =>
        frames.push(chunk, (piece) => this.write(formatter.format(piece))),
      );
    }
    socket.once('error', () => undefined);
    socket.once('close', () => void this.detached());
  }

  /** The attachment ended without the user closing the terminal: say why. */
  private async detached(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.socket = undefined;
    const after = await this.options.engine.containerProcess(this.options.containerId).catch(() => undefined);
    this.write('\r\n');
    if (after === undefined) {
      this.note(this.t('The container was removed.'));
    } else if (after.state === 'running') {
      this.note(this.t('Detached; the container keeps running.'));
    } else {
      this.note(this.t('The container stopped (exit code {0}).', after.exitCode ?? '?'));
    }
    this.waitForKey();
  }

  protected override input(data: string): void {
    if (this.socket === undefined) {
      return;
    }
    if (this.interactive) {
      this.socket.write(data);
    } else if (!this.readOnlyNoted) {
      this.readOnlyNoted = true;
      this.write('\r\n');
      this.note(this.t('This container does not take input.'));
    }
  }

  protected override resized(size: TerminalSize): void {
    if (this.socket !== undefined && this.container?.tty === true) {
      // One after another, so the last size asked is the one the container keeps.
      const { engine, containerId } = this.options;
      this.resizing = this.resizing
        .then(() => engine.resizeContainer(containerId, size))
        .catch(() => undefined);
    }
  }

  protected end(): void {
    this.abort.abort();
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined) {
      return;
    }
    if (this.interactive) {
      // Detach as `docker attach` does, so a container with a one-shot stdin keeps it open.
      socket.write(detachSequence, () => socket.destroy());
      setTimeout(() => socket.destroy(), 1000).unref();
    } else {
      socket.destroy();
    }
  }
}
