import type { Day } from '../dates/day.js';
import type { DiscountCurve } from './discount-curve.js';
import { simpleForwardRate } from './forward-rate.js';

/** Sixty years of days: beyond any cash flow in the portfolios tenure values. */
const DEFAULT_HORIZON_DAYS = 60 * 366;

/**
 * A curve that remembers each day's discount factor the first time it is asked. A portfolio's
 * cash flows fall on far fewer distinct days than there are cash flows (coupon dates repeat
 * across thousands of bonds and swaps), so a batch that values every position on the same
 * curve asks the underlying curve (interpolation, exponentials, shifts) once per day instead
 * of once per cash flow. The cache is one Float64Array indexed by days from the reference
 * date; NaN marks a day not asked yet. Curves are values: the base must not change.
 */
export class DayCachedCurve implements DiscountCurve {
  readonly referenceDate: Day;
  readonly base: DiscountCurve;
  readonly #factors: Float64Array;

  constructor(base: DiscountCurve, horizonDays = DEFAULT_HORIZON_DAYS) {
    this.base = base;
    this.referenceDate = base.referenceDate;
    this.#factors = new Float64Array(horizonDays).fill(Number.NaN);
  }

  discount(day: Day): number {
    const index = day - this.referenceDate;
    if (index < 0 || index >= this.#factors.length) return this.base.discount(day);
    const known = this.#factors[index]!;
    if (known === known) return known;
    const factor = this.base.discount(day);
    this.#factors[index] = factor;
    return factor;
  }

  zeroRate(day: Day): number {
    return this.base.zeroRate(day);
  }

  forwardRate(start: Day, end: Day, yearFraction: number): number {
    return simpleForwardRate(this.discount(start), this.discount(end), yearFraction);
  }
}
