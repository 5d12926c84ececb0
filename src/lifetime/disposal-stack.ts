/** A disposer: undo one acquisition. May be sync or async, may throw. */
export type Disposer = () => void | PromiseLike<void>;

/** A disposer that threw (or rejected), with the label it was pushed under. */
export interface StackFailure {
  readonly label: string;
  readonly error: unknown;
}

interface StackEntry {
  readonly label: string;
  readonly dispose: Disposer;
}

/**
 * Last-in, first-out list of disposers: what Node 20 lacks as `AsyncDisposableStack`, cut
 * to what a scope needs. Later acquisitions may depend on earlier ones, so they are undone
 * first; disposers run one at a time, and a failing disposer never stops the ones below it.
 */
export class DisposalStack {
  #entries: StackEntry[] = [];
  #disposed = false;

  /** Number of disposers waiting to run. */
  get size(): number {
    return this.#entries.length;
  }

  /** True once {@link disposeAll} has started; no disposer can be pushed after that. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Adds a disposer to run before every disposer already pushed. */
  push(label: string, dispose: Disposer): void {
    if (this.#disposed) throw new Error(`DisposalStack.push('${label}'): the stack has already been disposed`);
    this.#entries.push({ label, dispose });
  }

  /**
   * Runs every disposer in reverse push order, awaiting each, and returns the failures in
   * the order they happened. Never throws: the caller decides how to report. Drops every
   * disposer (and so whatever its closure holds) before returning.
   */
  async disposeAll(): Promise<StackFailure[]> {
    this.#disposed = true;
    const entries = this.#entries;
    this.#entries = [];
    const failures: StackFailure[] = [];
    while (entries.length > 0) {
      const entry = entries.pop()!;
      try {
        await entry.dispose();
      } catch (error) {
        failures.push({ label: entry.label, error });
      }
    }
    return failures;
  }
}

/**
 * The disposer a value carries itself: `Symbol.asyncDispose` first, then `Symbol.dispose`;
 * undefined for values that hold nothing to release.
 */
export function intrinsicDisposer(value: unknown): Disposer | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  const candidate = value as Partial<AsyncDisposable & Disposable>;
  const asyncDispose = candidate[Symbol.asyncDispose];
  if (typeof asyncDispose === 'function') return () => asyncDispose.call(value);
  const dispose = candidate[Symbol.dispose];
  if (typeof dispose === 'function') return () => { dispose.call(value); };
  return undefined;
}
