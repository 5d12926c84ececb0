import type { Day } from '../dates/day.js';

/**
 * A discount curve: the value today (at `referenceDate`) of one unit paid on a later day.
 * Every curve — flat, piecewise, bootstrapped, or a shifted view of another — answers this,
 * and everything that values cash flows needs nothing else.
 */
export interface DiscountCurve {
  readonly referenceDate: Day;
  /** Discount factor for a payment on `day` (1 at the reference date). */
  discount(day: Day): number;
  /**
   * Continuously compounded zero rate to `day`, on the curve's own time measure
   * (Actual/365 Fixed unless the curve says otherwise).
   */
  zeroRate(day: Day): number;
  /** Simply compounded forward rate between two days, with `yearFraction` the accrual. */
  forwardRate(start: Day, end: Day, yearFraction: number): number;
}
