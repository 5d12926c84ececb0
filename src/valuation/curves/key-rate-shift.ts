import type { Day } from '../dates/day.js';
import { CurveInputError, requireFinite } from './curve-error.js';
import { curveTime } from './curve-time.js';
import type { DiscountCurve } from './discount-curve.js';
import { discountInto, type BulkDiscountCurve } from './discount-into.js';
import { simpleForwardRate } from './forward-rate.js';

const BASIS_POINT = 1e-4;

/**
 * A view of `base` with the zero rates around one key tenor moved, the key-rate shift of Ho
 * (1992): the shift is full at the key tenor and falls linearly to nothing at the neighbouring
 * key tenors; at the first (last) key tenor it stays full all the way to the short (long) end.
 * At any maturity the shifts of all key tenors sum to the full shift, so the key-rate
 * durations of an instrument add up to its effective duration (to first order).
 *
 * Like `ParallelShiftedCurve` it holds the base by reference; its own state is the key times
 * in a Float64Array and `discount` allocates nothing.
 */
export class KeyRateShiftedCurve implements BulkDiscountCurve {
  readonly base: DiscountCurve;
  readonly basisPoints: number;
  readonly keyIndex: number;
  readonly referenceDate: Day;
  readonly #keyTimes: Float64Array;
  readonly #shift: number;

  constructor(base: DiscountCurve, keyTenorsYears: readonly number[], index: number, basisPoints: number) {
    if (!Array.isArray(keyTenorsYears) || keyTenorsYears.length === 0) {
      throw new CurveInputError('keyTenorsYears must hold at least one key tenor, got none');
    }
    keyTenorsYears.forEach((tenor, i) => {
      if (!Number.isFinite(tenor) || tenor <= 0) {
        throw new CurveInputError(`keyTenorsYears[${i}] must be a positive number of years, got ${String(tenor)}`);
      }
      if (i > 0 && tenor <= keyTenorsYears[i - 1]!) {
        throw new CurveInputError(`keyTenorsYears must increase: keyTenorsYears[${i}] = ${tenor} is not above keyTenorsYears[${i - 1}] = ${keyTenorsYears[i - 1]!}`);
      }
    });
    if (!Number.isInteger(index) || index < 0 || index >= keyTenorsYears.length) {
      throw new CurveInputError(`index must pick one of the ${keyTenorsYears.length} key tenors (0 to ${keyTenorsYears.length - 1}), got ${String(index)}`);
    }
    requireFinite('basisPoints', basisPoints);
    this.base = base;
    this.basisPoints = basisPoints;
    this.keyIndex = index;
    this.referenceDate = base.referenceDate;
    this.#keyTimes = Float64Array.from(keyTenorsYears);
    this.#shift = basisPoints * BASIS_POINT;
  }

  /** The zero-rate shift (a decimal) at time `t` in Actual/365F years. */
  shiftAt(t: number): number {
    const keys = this.#keyTimes;
    const i = this.keyIndex;
    const key = keys[i]!;
    if (t <= key) {
      if (i === 0) return this.#shift;
      const previous = keys[i - 1]!;
      return t <= previous ? 0 : this.#shift * (t - previous) / (key - previous);
    }
    if (i === keys.length - 1) return this.#shift;
    const next = keys[i + 1]!;
    return t >= next ? 0 : this.#shift * (next - t) / (next - key);
  }

  discount(day: Day): number {
    const t = curveTime(this.referenceDate, day);
    return this.base.discount(day) * Math.exp(-this.shiftAt(t) * t);
  }

  discountInto(days: Int32Array, into: Float64Array): void {
    discountInto(this.base, days, into);
    const referenceDate = this.referenceDate;
    for (let i = 0; i < days.length; i++) {
      const t = curveTime(referenceDate, days[i]!);
      into[i] = into[i]! * Math.exp(-this.shiftAt(t) * t);
    }
  }

  /** Continuously compounded, Actual/365F, whatever the base's own time measure. */
  zeroRate(day: Day): number {
    const t = curveTime(this.referenceDate, day);
    return t === 0 ? this.base.zeroRate(day) + this.shiftAt(0) : -Math.log(this.discount(day)) / t;
  }

  forwardRate(start: Day, end: Day, yearFraction: number): number {
    return simpleForwardRate(this.discount(start), this.discount(end), yearFraction);
  }
}

/** `base` with the zero rates around key tenor `index` moved by `basisPoints` (see KeyRateShiftedCurve). */
export function keyRateShift(
  base: DiscountCurve,
  keyTenorsYears: readonly number[],
  index: number,
  basisPoints: number,
): KeyRateShiftedCurve {
  return new KeyRateShiftedCurve(base, keyTenorsYears, index, basisPoints);
}
