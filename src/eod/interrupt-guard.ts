/**
 * Turns SIGTERM and SIGINT into an abort of the current run, so that the run can fail
 * cleanly: the valuation stops at the next chunk, no results are committed, and the audit
 * record says which signal ended it. While the results are being committed the signal waits:
 * the commit is one transaction and finishes (or rolls back) on its own terms, never half.
 */
export class InterruptGuard implements Disposable {
  readonly #controller = new AbortController();
  readonly #signals: readonly NodeJS.Signals[];
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    if (this.#controller.signal.aborted) return;
    this.#controller.abort(new RunInterruptedError(signal));
  };

  constructor(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']) {
    this.#signals = signals;
    for (const signal of signals) process.on(signal, this.#onSignal);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Throws the interruption if a signal arrived: call between units of work. */
  throwIfInterrupted(): void {
    this.#controller.signal.throwIfAborted();
  }

  /** Removes the handlers: the process's default handling of the signals returns. */
  [Symbol.dispose](): void {
    for (const signal of this.#signals) process.off(signal, this.#onSignal);
  }
}

export class RunInterruptedError extends Error {
  readonly signal: NodeJS.Signals;

  constructor(signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.name = 'RunInterruptedError';
    this.signal = signal;
  }
}
