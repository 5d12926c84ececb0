/**
 * Mean and sample variance of the last `length` values pushed, in O(1) per value. It uses
 * Welford's update (and its sliding form when a value leaves the window) rather than a sum of
 * squares, which loses every digit when the mean is large next to the spread; the state is
 * still recomputed exactly from the ring every {@link RESYNC_EVERY} pushes to stop drift.
 */
const RESYNC_EVERY = 65_536;

export class RollingVariance {
  readonly length: number;
  readonly #ring: Float64Array;
  #next = 0;
  #count = 0;
  #mean = 0;
  /** Sum of squared deviations from the mean. */
  #m2 = 0;
  #sinceResync = 0;

  constructor(length: number) {
    if (!Number.isInteger(length) || length < 2) throw new RangeError(`a sample variance needs a whole window ≥ 2, got ${length}`);
    this.length = length;
    this.#ring = new Float64Array(length);
  }

  push(value: number): void {
    const ring = this.#ring;
    const at = this.#next;
    if (this.#count < this.length) {
      const n = ++this.#count;
      const delta = value - this.#mean;
      this.#mean += delta / n;
      this.#m2 += delta * (value - this.#mean);
    } else {
      const old = ring[at]!;
      const mean = this.#mean + (value - old) / this.length;
      this.#m2 += (value - old) * (value - mean + old - this.#mean);
      if (this.#m2 < 0) this.#m2 = 0;
      this.#mean = mean;
    }
    ring[at] = value;
    this.#next = at + 1 === this.length ? 0 : at + 1;
    if (++this.#sinceResync >= RESYNC_EVERY) this.#resync();
  }

  get full(): boolean {
    return this.#count === this.length;
  }

  get count(): number {
    return this.#count;
  }

  get mean(): number {
    return this.#mean;
  }

  /** Sample variance (divides by n − 1); NaN with fewer than two values. */
  get variance(): number {
    return this.#count < 2 ? Number.NaN : this.#m2 / (this.#count - 1);
  }

  get stdev(): number {
    return Math.sqrt(this.variance);
  }

  #resync(): void {
    let sum = 0;
    for (let i = 0; i < this.#count; i++) sum += this.#ring[i]!;
    const mean = sum / this.#count;
    let m2 = 0;
    for (let i = 0; i < this.#count; i++) {
      const d = this.#ring[i]! - mean;
      m2 += d * d;
    }
    this.#mean = mean;
    this.#m2 = m2;
    this.#sinceResync = 0;
  }
}
