/**
 * A source of time in milliseconds. Everything that expires (cache entries, sessions, leases)
 * takes a Clock instead of calling Date.now(), so tests can move time by hand and a
 * simulation can run on its own time.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences between readings are meaningful. */
  now(): number;
}

/**
 * The process clock: monotonic (performance.now), so a wall-clock adjustment (NTP, DST, a
 * user changing the date) can neither expire everything at once nor keep entries forever.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
};

/** A clock that moves only when told to: for tests and simulated time. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` (never backward: a monotonic clock cannot go back). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ms must be a non-negative number, got ${String(ms)}`);
    this.#now += ms;
  }

  /** Sets the absolute reading; it must not be earlier than the current one. */
  set(ms: number): void {
    if (!(ms >= this.#now)) throw new RangeError(`ManualClock.set: ${String(ms)} is earlier than the current reading ${String(this.#now)}`);
    this.#now = ms;
  }
}
