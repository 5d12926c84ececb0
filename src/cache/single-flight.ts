/**
 * At most one load per key at a time: concurrent misses on one key share one promise. Each
 * caller may bring its own AbortSignal; giving up abandons only that caller's wait, and the
 * shared load is aborted (its signal fires) only when no caller is left waiting for it.
 */

interface Flight<V> {
  readonly promise: Promise<V>;
  readonly controller: AbortController;
  /** Callers still waiting; a caller without a signal waits for good. */
  waiters: number;
}

export class SingleFlight<K, V> {
  readonly #flights = new Map<K, Flight<V>>();

  /** Loads in progress. */
  get size(): number {
    return this.#flights.size;
  }

  /**
   * Joins the load of `key`, or starts one with `start`. `start` receives the flight's signal,
   * which is also its identity for isCurrent().
   */
  run(key: K, start: (signal: AbortSignal) => Promise<V>, callerSignal?: AbortSignal): Promise<V> {
    if (callerSignal?.aborted) return Promise.reject(abortReason(callerSignal));
    let flight = this.#flights.get(key);
    if (flight === undefined) {
      const controller = new AbortController();
      const promise = start(controller.signal);
      // Waiters get the rejection through their own chains; a load nobody waits for any more
      // must not become an unhandled rejection.
      promise.catch(ignore);
      flight = { promise, controller, waiters: 0 };
      this.#flights.set(key, flight);
    }
    flight.waiters++;
    if (callerSignal === undefined) return flight.promise;
    return this.#waitWithSignal(key, flight, callerSignal);
  }

  /** Whether the flight identified by `signal` is still the current load of `key`. */
  isCurrent(key: K, signal: AbortSignal): boolean {
    return this.#flights.get(key)?.controller.signal === signal;
  }

  /** Ends the flight of `key` if it is still the one identified by `signal`. */
  settle(key: K, signal: AbortSignal): void {
    if (this.isCurrent(key, signal)) this.#flights.delete(key);
  }

  /**
   * Detaches the load of `key` (the key was deleted or overwritten meanwhile): its callers still
   * get its result, but the cache will not store it, and the next miss starts a fresh load.
   */
  detach(key: K): void {
    this.#flights.delete(key);
  }

  detachAll(): void {
    this.#flights.clear();
  }

  #waitWithSignal(key: K, flight: Flight<V>, signal: AbortSignal): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      const onAbort = (): void => {
        reject(abortReason(signal));
        if (--flight.waiters === 0) {
          flight.controller.abort(abortReason(signal));
          if (this.#flights.get(key) === flight) this.#flights.delete(key);
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted.', 'AbortError');
}

function ignore(): void {
  // Intentionally empty: see run().
}
