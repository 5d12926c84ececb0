import type { DiscountCurve } from '../curves/discount-curve.js';
import { MAX_POOL_MONTHS, type MonthlyPaymentSchedule } from './mbs-payment-schedule.js';

/**
 * One curve's discount factors on the monthly payment days of one valuation date. Pools valued
 * on that date pay on the same days, so a revaluation of thousands of pools on a curve (base
 * or shocked) asks the curve for each factor once, not once per pool. Filled as far as the
 * longest pool asked for so far.
 */
class MonthlyDiscountFactors {
  readonly values = new Float64Array(MAX_POOL_MONTHS);
  #filled = 0;

  constructor(readonly curve: DiscountCurve, readonly schedule: MonthlyPaymentSchedule) {}

  /** The factors of months 1..`months` (and maybe more), in `values`. */
  upTo(months: number): Float64Array {
    if (this.#filled < months) {
      const days = this.schedule.days;
      for (let i = this.#filled; i < months; i++) this.values[i] = this.curve.discount(days[i]!);
      this.#filled = months;
    }
    return this.values;
  }
}

/**
 * Held weakly by curve: the factors go when the curve does, so nothing here outlives a run.
 * Curves are values: one that changed after being asked would be served stale factors.
 */
const byCurve = new WeakMap<DiscountCurve, MonthlyDiscountFactors>();

/** Discount factors of `curve` at the schedule's payment days of months 1..`months`. */
export function monthlyDiscountFactors(curve: DiscountCurve, schedule: MonthlyPaymentSchedule, months: number): Float64Array {
  let factors = byCurve.get(curve);
  // Schedules of one date have the same days, whichever object a pool holds.
  if (factors?.schedule.valuationDate !== schedule.valuationDate) {
    factors = new MonthlyDiscountFactors(curve, schedule);
    byCurve.set(curve, factors);
  }
  return factors.upTo(months);
}
