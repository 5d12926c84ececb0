/**
 * Confirms swing points (pivots) as bars arrive. A bar is a swing high when its high is above
 * the `length` bars before it and not below the `length` bars after it (so a flat top of equal
 * highs gives one pivot, its first bar); it is known only `length` bars later, which is when
 * {@link SwingDetector.push} reports it. The detector keeps its own window, so it does not
 * depend on how far back the bar history reaches.
 *
 * The window is a ring written twice (at p and p + size), so the last `size` bars always sit
 * contiguously, oldest first, at [p + 1, p + size]: the per-bar scan needs no modulo.
 */
export class SwingDetector {
  readonly length: number;
  readonly #size: number;
  readonly #highs: Float64Array;
  readonly #lows: Float64Array;
  #next = 0;
  #count = 0;
  /** The swing high confirmed by the last push, or NaN. */
  swingHigh = Number.NaN;
  /** The swing low confirmed by the last push, or NaN. */
  swingLow = Number.NaN;

  constructor(length: number) {
    if (!Number.isInteger(length) || length < 1) throw new RangeError(`a swing needs a whole length ≥ 1 of bars each side, got ${length}`);
    this.length = length;
    this.#size = 2 * length + 1;
    this.#highs = new Float64Array(2 * this.#size);
    this.#lows = new Float64Array(2 * this.#size);
  }

  /** Bars pushed so far. */
  get count(): number {
    return this.#count;
  }

  /** True once enough bars were pushed for a pivot to be confirmed (2 × length + 1). */
  get ready(): boolean {
    return this.#count >= this.#size;
  }

  /** Adds the next bar; afterwards {@link swingHigh} / {@link swingLow} hold a pivot confirmed by it, or NaN. */
  push(high: number, low: number): void {
    const size = this.#size;
    const highs = this.#highs;
    const lows = this.#lows;
    const at = this.#next;
    highs[at] = high;
    highs[at + size] = high;
    lows[at] = low;
    lows[at + size] = low;
    this.#next = at + 1 === size ? 0 : at + 1;
    this.swingHigh = Number.NaN;
    this.swingLow = Number.NaN;
    if (++this.#count < size) return;

    // The window, oldest first, is [first, first + size); its middle bar is the candidate.
    const first = at + 1;
    const middle = first + this.length;
    const last = first + size;
    const h = highs[middle]!;
    const l = lows[middle]!;
    let isHigh = true;
    let isLow = true;
    // Strict against older bars, non-strict against newer ones: one pivot per flat top.
    for (let i = first; i < middle; i++) {
      if (highs[i]! >= h) isHigh = false;
      if (lows[i]! <= l) isLow = false;
    }
    if (!isHigh && !isLow) return;
    for (let i = middle + 1; i < last; i++) {
      if (highs[i]! > h) isHigh = false;
      if (lows[i]! < l) isLow = false;
    }
    if (isHigh) this.swingHigh = h;
    if (isLow) this.swingLow = l;
  }
}
