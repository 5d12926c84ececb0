/**
 * The expiry schedule: a hierarchical timer wheel over slot numbers, after Caffeine's
 * TimerWheel. Scheduling and cancelling are O(1); `advance` visits only the buckets whose
 * time has come, so expired entries are reclaimed without a timer per entry and without
 * scanning the cache. Reads stay lazy: the cache checks `deadlines[slot]` on every access and
 * never returns an expired value, whatever the wheel has or has not swept yet.
 *
 * Levels, in milliseconds: 64 buckets of 1.02 s, 64 of 65.5 s, 32 of 69.9 min, 4 of 37.3 h,
 * and one overflow bucket for anything further out. An entry far in the future sits in a
 * coarse bucket and cascades to finer ones as its time approaches.
 */

const BUCKETS = [64, 64, 32, 4, 1] as const;
const SHIFTS = [10, 16, 22, 27, 29] as const;
/** Milliseconds per bucket at each level: 2 ** SHIFTS[level]. */
const SPANS = [1024, 65_536, 4_194_304, 134_217_728, 536_870_912] as const;
/** First bucket index of each level in the flat bucket arrays. */
const LEVEL_OFFSET = [0, 64, 128, 160, 164] as const;
const TOTAL_BUCKETS = 165;
const OVERFLOW_BUCKET = 164;
const NONE = -1;

export class TimerWheel {
  /** Absolute deadline of each slot; Infinity for a slot that never expires. */
  deadlines: Float64Array;
  #next: Int32Array;
  #prev: Int32Array;
  /** The flat bucket index a slot is linked into, or NONE. */
  #bucketOf: Int32Array;
  readonly #head = new Int32Array(TOTAL_BUCKETS).fill(NONE);
  /** The time up to which the wheel has been advanced. */
  #time: number;
  #scheduled = 0;

  constructor(capacity: number, now: number) {
    this.deadlines = new Float64Array(capacity).fill(Infinity);
    this.#next = new Int32Array(capacity).fill(NONE);
    this.#prev = new Int32Array(capacity).fill(NONE);
    this.#bucketOf = new Int32Array(capacity).fill(NONE);
    this.#time = Math.max(0, Math.floor(now));
  }

  /** Number of slots with a finite deadline. */
  get scheduled(): number {
    return this.#scheduled;
  }

  grow(capacity: number): void {
    this.deadlines = growFloat(this.deadlines, capacity, Infinity);
    this.#next = growInt(this.#next, capacity, NONE);
    this.#prev = growInt(this.#prev, capacity, NONE);
    this.#bucketOf = growInt(this.#bucketOf, capacity, NONE);
  }

  /** Sets (or replaces) a slot's deadline; Infinity means the slot never expires. */
  schedule(slot: number, deadline: number): void {
    if (this.#bucketOf[slot] !== NONE) this.cancel(slot);
    this.deadlines[slot] = deadline;
    if (deadline === Infinity) return;
    this.#link(slot, this.#bucketFor(deadline));
    this.#scheduled++;
  }

  /** Forgets a slot's deadline (on removal). */
  cancel(slot: number): void {
    const bucket = this.#bucketOf[slot]!;
    this.deadlines[slot] = Infinity;
    if (bucket === NONE) return;
    const next = this.#next[slot]!;
    const prev = this.#prev[slot]!;
    if (prev === NONE) this.#head[bucket] = next;
    else this.#next[prev] = next;
    if (next !== NONE) this.#prev[next] = prev;
    this.#next[slot] = this.#prev[slot] = this.#bucketOf[slot] = NONE;
    this.#scheduled--;
  }

  /**
   * Moves the wheel to `now` and calls `expire(slot)` for every slot whose deadline is at or
   * before it. Entries in buckets that come due but are not yet expired cascade to finer
   * buckets. `expire` must cancel the slot (the cache's removal does).
   *
   * With `exact`, the current finest bucket is swept too, so that nothing expired is left at
   * all; the cheap periodic sweep skips it (it holds at most about a second's expiries).
   */
  advance(now: number, expire: (slot: number) => void, exact = false): void {
    if (this.#scheduled === 0) {
      if (now > this.#time) this.#time = Math.floor(now);
      return;
    }
    const previous = this.#time;
    const current = Math.floor(now);
    if (current > previous) {
      this.#time = current;
      for (let level = 0; level < SHIFTS.length; level++) {
        const previousTicks = Math.floor(previous / SPANS[level]!);
        const currentTicks = Math.floor(current / SPANS[level]!);
        const delta = currentTicks - previousTicks;
        if (delta <= 0) break;
        this.#sweepLevel(level, previousTicks, delta, now, expire);
      }
    }
    // The finest bucket of the current tick may hold entries that expired within this tick.
    if (exact) this.#sweepBucket(Math.floor(current / SPANS[0]) & (BUCKETS[0] - 1), now, expire);
  }

  /** Forgets every deadline. */
  clear(): void {
    this.#head.fill(NONE);
    this.deadlines.fill(Infinity);
    this.#next.fill(NONE);
    this.#prev.fill(NONE);
    this.#bucketOf.fill(NONE);
    this.#scheduled = 0;
  }

  #sweepLevel(level: number, previousTicks: number, delta: number, now: number, expire: (slot: number) => void): void {
    const count = BUCKETS[level]!;
    const mask = count - 1;
    const steps = Math.min(1 + delta, count);
    for (let i = 0; i < steps; i++) {
      this.#sweepBucket(LEVEL_OFFSET[level]! + ((previousTicks + i) & mask), now, expire);
    }
  }

  #sweepBucket(bucket: number, now: number, expire: (slot: number) => void): void {
    let slot = this.#head[bucket]!;
    if (slot === NONE) return;
    // Detach the whole list first: expiring or rescheduling relinks slots elsewhere.
    this.#head[bucket] = NONE;
    while (slot !== NONE) {
      const next = this.#next[slot]!;
      this.#next[slot] = this.#prev[slot] = this.#bucketOf[slot] = NONE;
      this.#scheduled--;
      const deadline = this.deadlines[slot]!;
      if (deadline <= now) {
        expire(slot);
      } else {
        this.#link(slot, this.#bucketFor(deadline));
        this.#scheduled++;
      }
      slot = next;
    }
  }

  #bucketFor(deadline: number): number {
    // A deadline already passed goes to the current tick, which advance() always sweeps.
    const time = deadline > this.#time ? deadline : this.#time;
    const duration = time - this.#time;
    // Unrolled over the levels: this runs on every write with a ttl. Times are >= 0, so `&`
    // (which truncates) floors, and keeps the low bits of ticks beyond 2^32 too.
    if (duration < SPANS[1]) return (time / SPANS[0]) & 63;
    if (duration < SPANS[2]) return 64 + ((time / SPANS[1]) & 63);
    if (duration < SPANS[3]) return 128 + ((time / SPANS[2]) & 31);
    if (duration < SPANS[4]) return 160 + ((time / SPANS[3]) & 3);
    return OVERFLOW_BUCKET;
  }

  #link(slot: number, bucket: number): void {
    const head = this.#head[bucket]!;
    this.#next[slot] = head;
    this.#prev[slot] = NONE;
    if (head !== NONE) this.#prev[head] = slot;
    this.#head[bucket] = slot;
    this.#bucketOf[slot] = bucket;
  }
}

function growInt(array: Int32Array, capacity: number, fill: number): Int32Array {
  const grown = new Int32Array(capacity).fill(fill);
  grown.set(array);
  return grown;
}

function growFloat(array: Float64Array, capacity: number, fill: number): Float64Array {
  const grown = new Float64Array(capacity).fill(fill);
  grown.set(array);
  return grown;
}
