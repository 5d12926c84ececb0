import { describe, expect, it } from 'vitest';
import { FlatCurve } from '../../../src/valuation/curves/flat-curve.js';
import { parallelShift } from '../../../src/valuation/curves/parallel-shift.js';
import { PiecewiseLogLinearCurve } from '../../../src/valuation/curves/piecewise-log-linear-curve.js';
import { dayOf } from '../../../src/valuation/dates/day.js';

const today = dayOf(2023, 12, 29);
const pillars = [today + 91, today + 365, today + 1826, today + 3652, today + 10957];
const zeros = [0.054, 0.047, 0.038, 0.038, 0.04];

describe('parallelShift', () => {
  const base = PiecewiseLogLinearCurve.fromZeroRates(today, pillars, zeros);
  const probeDays = [today, today + 1, today + 200, today + 3000, today + 12_000];
  const baseBefore = probeDays.map((day) => base.discount(day));

  it('moves every continuous zero rate by the shift: DF = DF_base · exp(−s t)', () => {
    for (const bp of [100, -100, 1, 0]) {
      const shifted = parallelShift(base, bp);
      expect(shifted.referenceDate).toBe(today);
      for (const day of probeDays) {
        const t = (day - today) / 365;
        expect(shifted.discount(day)).toBeCloseTo(base.discount(day) * Math.exp(-bp * 1e-4 * t), 15);
        if (day !== today) expect(shifted.zeroRate(day)).toBeCloseTo(base.zeroRate(day) + bp * 1e-4, 13);
      }
      expect(shifted.zeroRate(today)).toBeCloseTo(base.zeroRate(today) + bp * 1e-4, 15);
    }
  });

  it('leaves the base as it was', () => {
    parallelShift(parallelShift(base, 100), -37).discount(today + 5000);
    probeDays.forEach((day, i) => expect(base.discount(day)).toBe(baseBefore[i]));
  });

  it('shifts forwards of a flat continuous curve by the same amount', () => {
    const flat = new FlatCurve(today, 0.03);
    const shifted = parallelShift(flat, 50);
    const [start, end] = [today + 365, today + 456];
    const accrual = (end - start) / 365;
    expect(shifted.forwardRate(start, end, accrual)).toBeCloseTo((Math.exp(0.035 * accrual) - 1) / accrual, 14);
    expect(shifted.zeroRate(end)).toBeCloseTo(0.035, 14);
  });

  it('names a bad shift', () => {
    expect(() => parallelShift(base, Number.NaN)).toThrow('basisPoints must be a finite number, got NaN');
  });
});
