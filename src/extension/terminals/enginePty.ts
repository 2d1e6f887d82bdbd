// The common part of the container terminals: a pseudoterminal in the shape VS Code expects,
// built on the project's own emitter so the terminals run (and are tested) without VS Code.
import { Emitter, type Event } from '../docker/emitter';
import type { TerminalSize } from '../docker/client';

/** Formats a user-facing message (`vscode.l10n.t` in the extension, plain substitution in tests). */
export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

/** `{0}`, `{1}` … replaced by the arguments, as `vscode.l10n.t` does. */
export const plainText: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });

/** What every terminal is given besides its container. */
export interface PtyContext {
  /** Messages in the user's language. */
  t?: Translate;
  /** An Engine error in one sentence (describeDockerError for the daemon's endpoint). */
  describe?: (err: unknown) => string;
}

/** The structural shape of `vscode.Pseudoterminal`. */
export interface PseudoterminalLike {
  onDidWrite: Event<string>;
  onDidClose?: Event<number | void>;
  open(initialDimensions: TerminalSize | undefined): void;
  close(): void;
  handleInput?(data: string): void;
  setDimensions?(dimensions: TerminalSize): void;
}

const dim = (text: string): string => `\x1b[2m${text}\x1b[22m`;
const red = (text: string): string => `\x1b[31m${text}\x1b[39m`;

/**
 * A terminal over one Engine stream. Subclasses start in `begin` and stop in `end`; a failure
 * before or during the stream is written in red and the terminal stays open until a key is
 * pressed, so the message can be read.
 */
export abstract class EnginePty implements PseudoterminalLike {
  private readonly writes = new Emitter<string>();
  private readonly closes = new Emitter<number | void>();
  /** Everything written to the terminal. */
  readonly onDidWrite = this.writes.event;
  /** Fires once, when the terminal should close (with the process's exit code when known). */
  readonly onDidClose = this.closes.event;
  protected size: TerminalSize | undefined;
  protected readonly t: Translate;
  private readonly describeError: (err: unknown) => string;
  /** Set once the user closed the terminal or it closed itself. */
  protected closed = false;
  /** Set when only a key press remains, to close the terminal. */
  private waitingForKey = false;
  private readonly ended = new Emitter<void>();

  constructor(context: PtyContext) {
    this.t = context.t ?? plainText;
    this.describeError = context.describe ?? ((err) => (err instanceof Error ? err.message : String(err)));
  }

  /** Runs the terminal's work; resolves when it has started (or failed). */
  protected abstract begin(): Promise<void>;

  /** Releases the stream when the terminal closes. */
  protected abstract end(): void;

  /** Input from the user while the stream runs. */
  protected input(_data: string): void {
    // Read-only by default.
  }

  /** A new size while the stream runs. */
  protected resized(_size: TerminalSize): void {
    // Nothing to forward by default.
  }

  private markStarted: () => void = () => undefined;
  /** Resolves once the terminal was opened and its stream runs (or it failed to start). */
  readonly started = new Promise<void>((resolve) => {
    this.markStarted = resolve;
  });

  open(initialDimensions: TerminalSize | undefined): void {
    this.size = initialDimensions;
    void this.begin()
      .catch((err: unknown) => this.fail(this.describeError(err)))
      .finally(() => this.markStarted());
  }

  close(): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.end();
    this.ended.fire();
  }

  /** Fires when the terminal has closed, whoever closed it. */
  readonly onDidEnd = this.ended.event;

  handleInput(data: string): void {
    if (this.waitingForKey) {
      this.finish();
      return;
    }
    if (!this.closed) {
      this.input(data);
    }
  }

  setDimensions(dimensions: TerminalSize): void {
    this.size = dimensions;
    if (!this.closed) {
      this.resized(dimensions);
    }
  }

  /** Writes terminal text as is. */
  protected write(text: string): void {
    if (text !== '') {
      this.writes.fire(text);
    }
  }

  /** A line of our own, dimmed, apart from the process's output. */
  protected note(message: string): void {
    this.write(`${dim(message)}\r\n`);
  }

  /** Says what went wrong, in red, and waits for a key before closing. */
  protected fail(message: string): void {
    if (this.closed) {
      return;
    }
    this.write(`\r\n${red(message)}\r\n`);
    this.waitForKey();
  }

  /** Says how things ended and keeps the terminal until a key is pressed. */
  protected waitForKey(): void {
    if (this.closed) {
      return;
    }
    this.end();
    this.waitingForKey = true;
    this.note(this.t('Press any key to close this terminal.'));
  }

  /** Closes the terminal, with an exit code when there is one. */
  protected finish(code?: number): void {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.end();
    this.closes.fire(code);
    this.ended.fire();
  }

  /** The error text of a failure, as the user should read it. */
  protected describe(err: unknown): string {
    return this.describeError(err);
  }
}
