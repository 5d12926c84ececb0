import type { Day } from '../dates/day.js';

/**
 * What a floating leg needs to project its coupons. Every DiscountCurve is one: in single-curve
 * pricing the forwards come from the discount curve itself, and a separate projection curve
 * can be passed wherever a ForwardCurve is taken.
 */
export interface ForwardCurve {
  /** Simply compounded forward rate between two days, with `yearFraction` the accrual. */
  forwardRate(start: Day, end: Day, yearFraction: number): number;
}

/**
 * Fills `into[i]` with the forward rate for accrual period i (`starts[i]` to `ends[i]`, accrual
 * `accruals[i]`), without allocating: a floating leg's projected rates for a cash-flow report
 * or a fixing check. Returns `into`.
 */
export function projectForwardRates(
  curve: ForwardCurve,
  starts: Int32Array,
  ends: Int32Array,
  accruals: Float64Array,
  into: Float64Array,
): Float64Array {
  const count = starts.length;
  if (ends.length !== count || accruals.length !== count || into.length < count) {
    throw new RangeError(
      `projectForwardRates: starts (${count}), ends (${ends.length}) and accruals (${accruals.length}) must have one length and into (${into.length}) room for it`,
    );
  }
  for (let i = 0; i < count; i++) into[i] = curve.forwardRate(starts[i]!, ends[i]!, accruals[i]!);
  return into;
}
