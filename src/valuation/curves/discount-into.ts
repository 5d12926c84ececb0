import type { DiscountCurve } from './discount-curve.js';

/**
 * A curve that can discount many days in one call. Valuation loops call one curve after
 * another (the base, then each shock), so their `discount` call site sees several curve
 * classes; V8 then stops inlining it, and every discount factor returned through the call is
 * boxed as a heap number. Discounting a whole array of days inside the curve's own method keeps
 * the per-day work monomorphic and the results in a Float64Array: one call per valuation,
 * nothing allocated. Every curve in this folder implements it; any other DiscountCurve works
 * through the fallback loop of `discountInto`.
 */
export interface BulkDiscountCurve extends DiscountCurve {
  /** `into[i] = discount(days[i])` for every i < days.length. */
  discountInto(days: Int32Array, into: Float64Array): void;
}

export function isBulkDiscountCurve(curve: DiscountCurve): curve is BulkDiscountCurve {
  return typeof (curve as Partial<BulkDiscountCurve>).discountInto === 'function';
}

/** Fills `into[i]` with `curve.discount(days[i])`, in bulk when the curve can. */
export function discountInto(curve: DiscountCurve, days: Int32Array, into: Float64Array): void {
  if (isBulkDiscountCurve(curve)) {
    curve.discountInto(days, into);
    return;
  }
  for (let i = 0; i < days.length; i++) into[i] = curve.discount(days[i]!);
}
