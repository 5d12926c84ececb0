/**
 * The sum (and mean) of the last `length` values pushed, in O(1) per value: a running sum over
 * a Float64Array ring. Adding and subtracting for ever lets rounding error creep in, so the sum
 * is recomputed from the ring every {@link RESUM_EVERY} pushes (amortised: a few ns at most).
 */
const RESUM_EVERY = 65_536;

export class RollingSum {
  readonly length: number;
  readonly #ring: Float64Array;
  #next = 0;
  #count = 0;
  #sum = 0;
  #sinceResum = 0;

  constructor(length: number) {
    if (!Number.isInteger(length) || length < 1) throw new RangeError(`a rolling window needs a whole length ≥ 1, got ${length}`);
    this.length = length;
    this.#ring = new Float64Array(length);
  }

  push(value: number): void {
    const ring = this.#ring;
    const at = this.#next;
    if (this.#count < this.length) this.#count++;
    else this.#sum -= ring[at]!;
    ring[at] = value;
    this.#sum += value;
    this.#next = at + 1 === this.length ? 0 : at + 1;
    if (++this.#sinceResum >= RESUM_EVERY) this.#resum();
  }

  /** True once `length` values have been pushed. */
  get full(): boolean {
    return this.#count === this.length;
  }

  get count(): number {
    return this.#count;
  }

  get sum(): number {
    return this.#sum;
  }

  /** Mean of the values in the window (of those pushed so far, before it is full). */
  get mean(): number {
    return this.#sum / this.#count;
  }

  #resum(): void {
    let sum = 0;
    for (let i = 0; i < this.#count; i++) sum += this.#ring[i]!;
    this.#sum = sum;
    this.#sinceResum = 0;
  }
}
