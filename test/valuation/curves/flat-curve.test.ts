import { describe, expect, it } from 'vitest';
import { CurveInputError } from '../../../src/valuation/curves/curve-error.js';
import { FlatCurve } from '../../../src/valuation/curves/flat-curve.js';
import { yearFraction } from '../../../src/valuation/dates/day-count.js';
import { dayOf } from '../../../src/valuation/dates/day.js';
import type { DayCountName } from '../../../src/valuation/portfolio/position.js';

const today = dayOf(2004, 11, 22);

describe('FlatCurve', () => {
  it('is the QuantLib bond-test curve: flat 3% Actual/360 continuous, DF = exp(-0.03 days/360)', () => {
    const curve = new FlatCurve(today, 0.03, { dayCount: 'ACT/360', compounding: 'continuous' });
    for (const day of [dayOf(2004, 11, 23), dayOf(2005, 4, 30), dayOf(2006, 10, 31), dayOf(2009, 11, 16)]) {
      expect(curve.discount(day)).toBeCloseTo(Math.exp((-0.03 * (day - today)) / 360), 15);
      expect(curve.zeroRate(day)).toBe(0.03);
    }
    expect(curve.discount(today)).toBe(1);
  });

  it('compounds annually and semiannually on its day count', () => {
    const annual = new FlatCurve(today, 0.05, { compounding: 'annual' });
    const semiannual = new FlatCurve(today, 0.05, { compounding: 'semiannual', dayCount: 'ACT/365F' });
    const day = dayOf(2011, 6, 15);
    const t = (day - today) / 365;
    expect(annual.discount(day)).toBeCloseTo(Math.pow(1.05, -t), 14);
    expect(semiannual.discount(day)).toBeCloseTo(Math.pow(1.025, -2 * t), 14);
    expect(annual.zeroRate(day)).toBeCloseTo(Math.log(1.05), 15);
    expect(semiannual.zeroRate(day)).toBeCloseTo(2 * Math.log(1.025), 15);
  });

  it.each<DayCountName>(['30/360', 'ACT/ACT-ISDA', 'ACT/ACT-ISMA'])('measures time by the full %s rules', (dayCount) => {
    const curve = new FlatCurve(today, 0.04, { dayCount });
    const day = dayOf(2008, 2, 29);
    expect(curve.discount(day)).toBeCloseTo(Math.exp(-0.04 * yearFraction(dayCount, today, day)), 15);
  });

  it('gives the simple forward between two discount factors', () => {
    const curve = new FlatCurve(today, 0.03);
    const start = dayOf(2005, 5, 23);
    const end = dayOf(2005, 8, 23);
    const accrual = (end - start) / 360;
    const forward = curve.forwardRate(start, end, accrual);
    expect(forward).toBeCloseTo((curve.discount(start) / curve.discount(end) - 1) / accrual, 15);
    expect(forward).toBeCloseTo((Math.exp((0.03 * (end - start)) / 365) - 1) / accrual, 14);
    expect(() => curve.forwardRate(start, end, 0)).toThrow(/yearFraction of a forward rate must be positive, got 0/);
  });

  it('names the bad field and value', () => {
    expect(() => new FlatCurve(today, Number.NaN)).toThrow(CurveInputError);
    expect(() => new FlatCurve(today, Number.NaN)).toThrow(/rate must be a finite number, got NaN/);
    expect(() => new FlatCurve(today + 0.5, 0.03)).toThrow(/referenceDate must be an integer Day, got 12744.5/);
    expect(() => new FlatCurve(today, 0.03, { compounding: 'monthly' as never })).toThrow(/compounding must be one of .*got monthly/);
    expect(() => new FlatCurve(today, 0.03, { dayCount: 'ACT/366' as never })).toThrow(/dayCount must be one of .*got ACT\/366/);
    expect(() => new FlatCurve(today, -1, { compounding: 'annual' })).toThrow(/annual compounding must be above -1, got -1/);
  });
});
