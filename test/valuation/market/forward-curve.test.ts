import { describe, expect, it } from 'vitest';
import { FlatCurve } from '../../../src/valuation/curves/flat-curve.js';
import { dayOf } from '../../../src/valuation/dates/day.js';
import { projectForwardRates } from '../../../src/valuation/market/forward-curve.js';

describe('projectForwardRates', () => {
  const today = dayOf(2024, 1, 2);
  const curve = new FlatCurve(today, 0.04);

  it('fills the simple forward of each period from the discount curve (single-curve)', () => {
    const starts = Int32Array.from([today, today + 91, today + 182]);
    const ends = Int32Array.from([today + 91, today + 182, today + 274]);
    const accruals = Float64Array.from([91 / 360, 91 / 360, 92 / 360]);
    const into = new Float64Array(3);
    expect(projectForwardRates(curve, starts, ends, accruals, into)).toBe(into);
    for (let i = 0; i < 3; i++) {
      const growth = Math.exp((0.04 * (ends[i]! - starts[i]!)) / 365);
      expect(into[i]).toBeCloseTo((growth - 1) / accruals[i]!, 14);
    }
  });

  it('names mismatched arrays', () => {
    const days = Int32Array.from([today]);
    expect(() => projectForwardRates(curve, days, Int32Array.from([today + 1, today + 2]), new Float64Array(1), new Float64Array(1)))
      .toThrow('starts (1), ends (2) and accruals (1) must have one length and into (1) room for it');
  });
});
