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
  #cached = 0;
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
    if (this.#valid && --this.#readsLeft > 0) return this.#cached;
    return this.#refresh();
  }

  #refresh(): number {
    this.#cached = this.#source.now();
    this.#readsLeft = READS_PER_REFRESH;
    if (!this.#valid) {
      this.#valid = true;
      setTimeout(this.#invalidate, this.#resolution).unref();
    }
    return this.#cached;
  }
}

/** Reads served from one refresh at most, for loops that never yield to the timer. */
const READS_PER_REFRESH = 4096;
