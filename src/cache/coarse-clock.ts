import type { Clock } from '../clock/clock.js';

/**
 * A clock that reads its source at most once per `resolution` milliseconds, as lru-cache's
 * ttlResolution does. Reading performance.now() costs about as much as a whole cache hit, and
 * the cache needs the time on every access (expiry, last-access stats), so the reading is
 * reused until a timer clears it, or after a few thousand reads, so that a long synchronous
 * loop (where the timer cannot fire) still sees time move.
 */
export class CoarseClock implements Clock {
  readonly #source: Clock;
  readonly #resolution: number;
  /**
   * The cached reading, in a typed array: see bounded-cache.ts on why doubles live there. Public
   * so that a hot path can read it after fresh() without a call: a double returned from a call
   * that is not inlined is boxed, one heap allocation per read.
   */
  readonly reading = new Float64Array(1);
  #valid = false;
  #readsLeft = 0;
  readonly #invalidate = (): void => {
    this.#valid = false;
  };

  constructor(source: Clock, resolution: number) {
    this.#source = source;
    this.#resolution = resolution;
  }

  now(): number {
    if (this.fresh()) return this.reading[0]!;
    return this.#refresh();
  }

  /** Whether `reading` may be used for one more read (counts as that read); else call now(). */
  fresh(): boolean {
    return this.#valid && --this.#readsLeft > 0;
  }

  #refresh(): number {
    const reading = this.#source.now();
    this.reading[0] = reading;
    this.#readsLeft = READS_PER_REFRESH;
    if (!this.#valid) {
      this.#valid = true;
      setTimeout(this.#invalidate, this.#resolution).unref();
    }
    return reading;
  }
}

/** Reads served from one refresh at most, for loops that never yield to the timer. */
const READS_PER_REFRESH = 4096;
