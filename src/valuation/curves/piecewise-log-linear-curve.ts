import type { Day } from '../dates/day.js';
import { CurveInputError, requireDay, requireFinite } from './curve-error.js';
import { curveTime } from './curve-time.js';
import type { BulkDiscountCurve } from './discount-into.js';
import { simpleForwardRate } from './forward-rate.js';

/**
 * A curve through pillar discount factors, interpolated linearly in log(DF) — constant
 * instantaneous forwards between pillars — and extrapolated beyond the last pillar with the last
 * segment's forward (before the reference date, the first segment's). The reference date is an
 * implicit pillar with DF 1.
 *
 * `discount` is the valuation hot path: pillar times, log discount factors and segment forwards
 * sit in Float64Arrays, the segment is found by checking the last segment used (consecutive
 * cash flows of one instrument usually share or neighbour it) and else by binary search, and
 * nothing is allocated.
 */
export class PiecewiseLogLinearCurve implements BulkDiscountCurve {
  readonly referenceDate: Day;
  readonly #pillarDays: Int32Array;
  /** Node times: [0] is the reference date, [i] is pillar i − 1. */
  readonly #times: Float64Array;
  readonly #logDiscounts: Float64Array;
  /** Forward of segment i (node i to node i + 1); the last also extrapolates. */
  readonly #forwards: Float64Array;
  readonly #lastSegment: number;
  #segmentHint = 0;

  constructor(referenceDate: Day, pillarDays: ArrayLike<Day>, discountFactors: ArrayLike<number>) {
    requireDay('referenceDate', referenceDate);
    const count = pillarDays.length;
    if (count === 0) throw new CurveInputError('pillarDays must hold at least one pillar, got none');
    if (discountFactors.length !== count) {
      throw new CurveInputError(`discountFactors must match pillarDays in length: ${discountFactors.length} factors for ${count} pillars`);
    }
    this.referenceDate = referenceDate;
    this.#pillarDays = new Int32Array(count);
    this.#times = new Float64Array(count + 1);
    this.#logDiscounts = new Float64Array(count + 1);
    this.#forwards = new Float64Array(count);
    this.#lastSegment = count - 1;

    let previousDay = referenceDate;
    for (let i = 0; i < count; i++) {
      const day = pillarDays[i]!;
      const df = discountFactors[i]!;
      requireDay(`pillarDays[${i}]`, day);
      if (day <= previousDay) {
        throw new CurveInputError(i === 0
          ? `pillarDays[0] must be after the reference date ${referenceDate}, got ${day}`
          : `pillarDays must increase: pillarDays[${i}] = ${day} is not after pillarDays[${i - 1}] = ${previousDay}`);
      }
      requireFinite(`discountFactors[${i}]`, df);
      if (!(df > 0)) throw new CurveInputError(`discountFactors[${i}] must be positive, got ${df}`);
      this.#pillarDays[i] = day;
      this.#times[i + 1] = curveTime(referenceDate, day);
      this.#logDiscounts[i + 1] = Math.log(df);
      previousDay = day;
    }
    for (let i = 0; i < count; i++) {
      this.#forwards[i] = (this.#logDiscounts[i]! - this.#logDiscounts[i + 1]!) / (this.#times[i + 1]! - this.#times[i]!);
    }
  }

  /** A curve through continuously compounded Actual/365F zero rates at the pillars. */
  static fromZeroRates(referenceDate: Day, pillarDays: ArrayLike<Day>, zeroRates: ArrayLike<number>): PiecewiseLogLinearCurve {
    if (zeroRates.length !== pillarDays.length) {
      throw new CurveInputError(`zeroRates must match pillarDays in length: ${zeroRates.length} rates for ${pillarDays.length} pillars`);
    }
    const factors = new Float64Array(pillarDays.length);
    for (let i = 0; i < factors.length; i++) {
      const rate = zeroRates[i]!;
      requireFinite(`zeroRates[${i}]`, rate);
      factors[i] = Math.exp(-rate * curveTime(referenceDate, pillarDays[i]!));
    }
    return new PiecewiseLogLinearCurve(referenceDate, pillarDays, factors);
  }

  get pillarCount(): number {
    return this.#pillarDays.length;
  }

  /** The pillar days, as a copy. */
  pillarDays(): Int32Array {
    return this.#pillarDays.slice();
  }

  /** The pillar discount factors, in pillar order (a new array). */
  pillarDiscountFactors(): Float64Array {
    return this.#logDiscounts.subarray(1).map((logDiscount) => Math.exp(logDiscount));
  }

  discount(day: Day): number {
    return Math.exp(this.#logDiscount(curveTime(this.referenceDate, day)));
  }

  discountInto(days: Int32Array, into: Float64Array): void {
    const referenceDate = this.referenceDate;
    for (let i = 0; i < days.length; i++) into[i] = Math.exp(this.#logDiscount(curveTime(referenceDate, days[i]!)));
  }

  zeroRate(day: Day): number {
    const t = curveTime(this.referenceDate, day);
    // At the reference date the zero rate is its limit, the first segment's forward.
    return t === 0 ? this.#forwards[0]! : -this.#logDiscount(t) / t;
  }

  forwardRate(start: Day, end: Day, yearFraction: number): number {
    return simpleForwardRate(this.discount(start), this.discount(end), yearFraction);
  }

  #logDiscount(t: number): number {
    const segment = this.#segmentOf(t);
    return this.#logDiscounts[segment]! - this.#forwards[segment]! * (t - this.#times[segment]!);
  }

  /** The segment whose start node is the last one at or before `t` (0 before the reference date). */
  #segmentOf(t: number): number {
    const times = this.#times;
    const last = this.#lastSegment;
    const hint = this.#segmentHint;
    if (t >= times[hint]! && (hint === last || t < times[hint + 1]!)) return hint;
    let low = 0;
    let high = last;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (times[middle]! <= t) low = middle;
      else high = middle - 1;
    }
    this.#segmentHint = low;
    return low;
  }
}
