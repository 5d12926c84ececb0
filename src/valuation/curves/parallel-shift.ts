import type { Day } from '../dates/day.js';
import { requireFinite } from './curve-error.js';
import { curveTime } from './curve-time.js';
import type { DiscountCurve } from './discount-curve.js';
import { discountInto, type BulkDiscountCurve } from './discount-into.js';
import { simpleForwardRate } from './forward-rate.js';

const BASIS_POINT = 1e-4;

/**
 * A view of `base` with every continuously compounded zero rate moved by the same amount:
 * DF(t) = DF_base(t) · exp(−s t), t in Actual/365F years from the base's reference date. It
 * holds a reference to the base, not a copy, so a ±100bp shock of a curve costs one object
 * and the base stays exactly as it was.
 */
export class ParallelShiftedCurve implements BulkDiscountCurve {
  readonly base: DiscountCurve;
  readonly basisPoints: number;
  readonly referenceDate: Day;
  readonly #shift: number;

  constructor(base: DiscountCurve, basisPoints: number) {
    requireFinite('basisPoints', basisPoints);
    this.base = base;
    this.basisPoints = basisPoints;
    this.referenceDate = base.referenceDate;
    this.#shift = basisPoints * BASIS_POINT;
  }

  discount(day: Day): number {
    return this.base.discount(day) * Math.exp(-this.#shift * curveTime(this.referenceDate, day));
  }

  discountInto(days: Int32Array, into: Float64Array): void {
    discountInto(this.base, days, into);
    const referenceDate = this.referenceDate;
    const shift = this.#shift;
    for (let i = 0; i < days.length; i++) into[i] = into[i]! * Math.exp(-shift * curveTime(referenceDate, days[i]!));
  }

  /** Continuously compounded, Actual/365F, whatever the base's own time measure. */
  zeroRate(day: Day): number {
    const t = curveTime(this.referenceDate, day);
    return t === 0 ? this.base.zeroRate(day) + this.#shift : -Math.log(this.discount(day)) / t;
  }

  forwardRate(start: Day, end: Day, yearFraction: number): number {
    return simpleForwardRate(this.discount(start), this.discount(end), yearFraction);
  }
}

/** `base` with all zero rates moved by `basisPoints` (continuous compounding). */
export function parallelShift(base: DiscountCurve, basisPoints: number): ParallelShiftedCurve {
  return new ParallelShiftedCurve(base, basisPoints);
}
