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
  return factorsOf(curve, schedule).upTo(months);
}

function factorsOf(curve: DiscountCurve, schedule: MonthlyPaymentSchedule): MonthlyDiscountFactors {
  let factors = byCurve.get(curve);
  // Schedules of one date have the same days, whichever object a pool holds.
  if (factors?.schedule.valuationDate !== schedule.valuationDate) {
    factors = new MonthlyDiscountFactors(curve, schedule);
    byCurve.set(curve, factors);
  }
  return factors;
}

/**
 * The factors of several curves at once (a run's scenario curves), in the order given: one
 * lookup for the list instead of one per curve and pool. Held weakly by the list, which must
 * not change (freeze it).
 */
class CurveListFactors {
  readonly arrays: Float64Array[];

  constructor(readonly factors: readonly MonthlyDiscountFactors[]) {
    this.arrays = factors.map((each) => each.values);
  }

  upTo(months: number): readonly Float64Array[] {
    const factors = this.factors;
    for (let i = 0; i < factors.length; i++) factors[i]!.upTo(months);
    return this.arrays;
  }
}

const byCurveList = new WeakMap<readonly DiscountCurve[], CurveListFactors>();

/** Discount factors of each of `curves` at the schedule's payment days of months 1..`months` (and maybe more). */
export function monthlyDiscountFactorsOf(curves: readonly DiscountCurve[], schedule: MonthlyPaymentSchedule, months: number): readonly Float64Array[] {
  let list = byCurveList.get(curves);
  if (list?.factors[0]?.schedule.valuationDate !== schedule.valuationDate || list.factors.length !== curves.length) {
    list = new CurveListFactors(curves.map((curve) => factorsOf(curve, schedule)));
    byCurveList.set(curves, list);
  }
  return list.upTo(months);
}
