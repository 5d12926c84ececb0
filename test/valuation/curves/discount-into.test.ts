import { describe, expect, it } from 'vitest';
import type { DiscountCurve } from '../../../src/valuation/curves/discount-curve.js';
import { discountInto, isBulkDiscountCurve } from '../../../src/valuation/curves/discount-into.js';
import { FlatCurve } from '../../../src/valuation/curves/flat-curve.js';
import { keyRateShift } from '../../../src/valuation/curves/key-rate-shift.js';
import { parallelShift } from '../../../src/valuation/curves/parallel-shift.js';
import { PiecewiseLogLinearCurve } from '../../../src/valuation/curves/piecewise-log-linear-curve.js';
import { dayOf } from '../../../src/valuation/dates/day.js';

const today = dayOf(2023, 12, 29);
const piecewise = PiecewiseLogLinearCurve.fromZeroRates(today, [today + 91, today + 730, today + 3652], [0.054, 0.042, 0.039]);
const curves: [string, DiscountCurve][] = [
  ['flat', new FlatCurve(today, 0.03, { dayCount: '30/360', compounding: 'semiannual' })],
  ['piecewise', piecewise],
  ['parallel shift', parallelShift(piecewise, 25)],
  ['key-rate shift of a parallel shift', keyRateShift(parallelShift(piecewise, -10), [1, 5, 10], 1, 40)],
];
const days = Int32Array.from([today - 10, today, today + 1, today + 500, today + 91, today + 4000, today + 20_000]);

describe('discountInto', () => {
  it.each(curves)('gives the %s curve’s discount factors in bulk, day by day the same', (_name, curve) => {
    expect(isBulkDiscountCurve(curve)).toBe(true);
    const into = new Float64Array(days.length);
    discountInto(curve, days, into);
    days.forEach((day, i) => expect(into[i]).toBe(curve.discount(day)));
  });

  it('falls back to one discount call per day for any other DiscountCurve', () => {
    const plain: DiscountCurve = {
      referenceDate: today,
      discount: (day) => 1 / (1 + 0.05 * ((day - today) / 360)),
      zeroRate: () => 0,
      forwardRate: () => 0,
    };
    expect(isBulkDiscountCurve(plain)).toBe(false);
    const into = new Float64Array(days.length);
    discountInto(plain, days, into);
    days.forEach((day, i) => expect(into[i]).toBe(plain.discount(day)));
  });
});
