import type { DiscountCurve } from '../curves/discount-curve.js';
import type { PrepaymentModel } from '../prepayment/prepayment-model.js';

/**
 * A model's mortgage rate on each curve of a list (a run's scenario curves), worked out once per
 * model and list: every pool on the model is valued on the same list, and asks for all of them.
 * Held weakly by the list and by the model, so neither is kept alive by it (a model replaced by
 * a parameter change takes its rates with it). The list must not change (freeze it).
 */
const byList = new WeakMap<readonly DiscountCurve[], WeakMap<PrepaymentModel, Float64Array>>();

export function mortgageRatesOn(model: PrepaymentModel, curves: readonly DiscountCurve[]): Float64Array {
  let byModel = byList.get(curves);
  if (byModel === undefined) {
    byModel = new WeakMap();
    byList.set(curves, byModel);
  }
  let rates = byModel.get(model);
  if (rates === undefined) {
    rates = new Float64Array(curves.length);
    for (let c = 0; c < curves.length; c++) rates[c] = model.mortgageRate(curves[c]!);
    byModel.set(model, rates);
  }
  return rates;
}
