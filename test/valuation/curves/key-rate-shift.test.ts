import { describe, expect, it } from 'vitest';
import { keyRateShift } from '../../../src/valuation/curves/key-rate-shift.js';
import { parallelShift } from '../../../src/valuation/curves/parallel-shift.js';
import { PiecewiseLogLinearCurve } from '../../../src/valuation/curves/piecewise-log-linear-curve.js';
import { dayOf } from '../../../src/valuation/dates/day.js';

const today = dayOf(2023, 12, 29);
const base = PiecewiseLogLinearCurve.fromZeroRates(
  today,
  [today + 30, today + 182, today + 365, today + 1826, today + 3652, today + 10957],
  [0.056, 0.052, 0.047, 0.038, 0.0385, 0.04],
);
const keys = [0.5, 2, 5, 10, 30];
const years = (day: number): number => (day - today) / 365;
/** The zero-rate shift a view applies at `day`, read back from its discount factors. */
const impliedShift = (curve: { discount(day: number): number }, day: number): number =>
  -Math.log(curve.discount(day) / base.discount(day)) / years(day);

describe('keyRateShift', () => {
  it('is a triangle: full at its key tenor, linear to zero at the neighbouring keys', () => {
    const fiveYear = keyRateShift(base, keys, 2, 10);
    const at = (t: number) => today + Math.round(t * 365);
    expect(impliedShift(fiveYear, at(5))).toBeCloseTo(0.001, 12);
    expect(impliedShift(fiveYear, at(2))).toBeCloseTo(0, 12);
    expect(impliedShift(fiveYear, at(10))).toBeCloseTo(0, 12);
    expect(impliedShift(fiveYear, at(1))).toBeCloseTo(0, 12);
    expect(impliedShift(fiveYear, at(20))).toBeCloseTo(0, 12);
    const day = at(3);
    expect(impliedShift(fiveYear, day)).toBeCloseTo((0.001 * (years(day) - 2)) / 3, 12);
    const later = at(8);
    expect(impliedShift(fiveYear, later)).toBeCloseTo((0.001 * (10 - years(later))) / 5, 12);
  });

  it('stays full beyond the first and the last key', () => {
    const first = keyRateShift(base, keys, 0, 25);
    const last = keyRateShift(base, keys, 4, 25);
    for (const day of [today + 1, today + 60, today + 182]) expect(impliedShift(first, day)).toBeCloseTo(0.0025, 12);
    expect(impliedShift(first, today + 400)).toBeLessThan(0.0025);
    for (const day of [today + 10957, today + 15_000]) expect(impliedShift(last, day)).toBeCloseTo(0.0025, 12);
    expect(first.zeroRate(today)).toBeCloseTo(base.zeroRate(today) + 0.0025, 15);
    expect(last.zeroRate(today)).toBeCloseTo(base.zeroRate(today), 15);
  });

  it('sums over the keys to the parallel shift at every maturity', () => {
    const bumps = keys.map((_, index) => keyRateShift(base, keys, index, 1));
    const parallel = parallelShift(base, 1);
    for (let day = today + 1; day <= today + 14_000; day += 37) {
      const logBase = Math.log(base.discount(day));
      const sumOfBumps = bumps.reduce((sum, bump) => sum + (Math.log(bump.discount(day)) - logBase), 0);
      expect(sumOfBumps).toBeCloseTo(Math.log(parallel.discount(day)) - logBase, 14);
    }
  });

  it('leaves the base as it was', () => {
    const before = [100, 1000, 5000].map((offset) => base.discount(today + offset));
    keyRateShift(base, keys, 1, 100).discount(today + 1000);
    [100, 1000, 5000].forEach((offset, i) => expect(base.discount(today + offset)).toBe(before[i]));
  });

  it('names a bad input', () => {
    expect(() => keyRateShift(base, [], 0, 1)).toThrow('keyTenorsYears must hold at least one key tenor, got none');
    expect(() => keyRateShift(base, [2, 2], 0, 1)).toThrow('keyTenorsYears must increase: keyTenorsYears[1] = 2 is not above keyTenorsYears[0] = 2');
    expect(() => keyRateShift(base, [0, 2], 0, 1)).toThrow('keyTenorsYears[0] must be a positive number of years, got 0');
    expect(() => keyRateShift(base, keys, 5, 1)).toThrow('index must pick one of the 5 key tenors (0 to 4), got 5');
    expect(() => keyRateShift(base, keys, 1, Number.POSITIVE_INFINITY)).toThrow('basisPoints must be a finite number, got Infinity');
  });
});
