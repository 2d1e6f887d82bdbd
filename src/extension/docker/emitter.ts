// A tiny typed event emitter with the shape of vscode.Event, for modules that run without vscode.

/** Something that can be released; structurally the same as vscode.Disposable. */
export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; structurally the same as vscode.Event. */
export type Event<T> = (
  listener: (e: T) => unknown,
  thisArgs?: unknown,
  disposables?: Disposable[],
) => Disposable;

/** Fires events to its listeners in subscription order; a throwing listener does not stop the rest. */
export class Emitter<T> implements Disposable {
  private listeners: ((e: T) => unknown)[] = [];
  private disposed = false;

  /** The subscribe function handed to consumers. */
  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    if (!this.disposed) {
      this.listeners.push(bound);
    }
    const subscription: Disposable = {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== bound);
      },
    };
    disposables?.push(subscription);
    return subscription;
  };

  fire(e: T): void {
    // A listener that unsubscribes (or subscribes another) while firing does not disturb this round.
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (err) {
        console.error(err);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
