import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurveInputError } from '../../../src/valuation/curves/curve-error.js';
import { PiecewiseLogLinearCurve } from '../../../src/valuation/curves/piecewise-log-linear-curve.js';
import { dayOf } from '../../../src/valuation/dates/day.js';

const today = dayOf(2023, 12, 29);
const years = (day: number): number => (day - today) / 365;

/** Straight from the definition: log DF linear in time between nodes, the last segment's slope beyond. */
function naiveDiscount(pillars: readonly number[], factors: readonly number[], day: number): number {
  const times = [0, ...pillars.map(years)];
  const logs = [0, ...factors.map(Math.log)];
  const t = years(day);
  let i = 0;
  while (i < times.length - 2 && times[i + 1]! <= t) i++;
  const slope = (logs[i + 1]! - logs[i]!) / (times[i + 1]! - times[i]!);
  return Math.exp(logs[i]! + slope * (t - times[i]!));
}

describe('PiecewiseLogLinearCurve', () => {
  const pillars = [today + 30, today + 91, today + 365, today + 730, today + 3652];
  const factors = [0.9955, 0.987, 0.953, 0.92, 0.68];
  const curve = new PiecewiseLogLinearCurve(today, pillars, factors);

  it('returns the pillar discount factors at the pillars and 1 at the reference date', () => {
    expect(curve.discount(today)).toBe(1);
    pillars.forEach((day, i) => expect(curve.discount(day)).toBeCloseTo(factors[i]!, 15));
    expect(Array.from(curve.pillarDays())).toEqual(pillars);
    Array.from(curve.pillarDiscountFactors()).forEach((df, i) => expect(df).toBeCloseTo(factors[i]!, 15));
  });

  it('interpolates linearly in log discount factor: constant forwards within a segment', () => {
    const [start, end] = [today + 365, today + 730];
    const mid = today + 500;
    const weight = (mid - start) / (end - start);
    expect(Math.log(curve.discount(mid))).toBeCloseTo((1 - weight) * Math.log(0.953) + weight * Math.log(0.92), 14);
    const instantaneous = Math.log(0.953 / 0.92) / ((end - start) / 365);
    for (const [a, b] of [[start, start + 90], [start + 100, start + 190], [end - 90, end]] as const) {
      const accrual = (b - a) / 365;
      expect(curve.forwardRate(a, b, accrual)).toBeCloseTo((Math.exp(instantaneous * accrual) - 1) / accrual, 13);
    }
  });

  it('extrapolates beyond the last pillar with the last segment forward', () => {
    const last = today + 3652;
    const lastForward = Math.log(0.92 / 0.68) / ((3652 - 730) / 365);
    for (const day of [last + 1, last + 3650, last + 7300]) {
      expect(curve.discount(day)).toBeCloseTo(0.68 * Math.exp(-lastForward * years(day - last + today)), 14);
    }
  });

  it('gives continuously compounded Actual/365F zero rates, the first forward at the reference date', () => {
    const day = today + 1000;
    expect(curve.zeroRate(day)).toBeCloseTo(-Math.log(curve.discount(day)) / years(day), 15);
    expect(curve.zeroRate(today)).toBeCloseTo(-Math.log(0.9955) / years(today + 30), 15);
  });

  it('builds from zero rates', () => {
    const zeros = [0.055, 0.054, 0.047, 0.041, 0.038];
    const fromZeros = PiecewiseLogLinearCurve.fromZeroRates(today, pillars, zeros);
    pillars.forEach((day, i) => {
      expect(fromZeros.zeroRate(day)).toBeCloseTo(zeros[i]!, 14);
      expect(fromZeros.discount(day)).toBeCloseTo(Math.exp(-zeros[i]! * years(day)), 15);
    });
  });

  it('agrees with the definition whatever the order of queries (the segment hint is only a shortcut)', () => {
    const pillarSet = fc.uniqueArray(fc.integer({ min: 1, max: 15_000 }), { minLength: 1, maxLength: 20, size: 'max' })
      .map((offsets) => offsets.sort((a, b) => a - b).map((offset) => today + offset));
    fc.assert(
      fc.property(
        pillarSet.chain((days) => fc.tuple(
          fc.constant(days),
          fc.array(fc.double({ min: -0.02, max: 0.12, noNaN: true }), { minLength: days.length, maxLength: days.length }),
          fc.array(fc.integer({ min: -400, max: 20_000 }), { minLength: 1, maxLength: 60, size: 'max' }),
        )),
        ([days, forwards, queries]) => {
          // Segment forwards rather than zero rates, so that no segment is absurdly steep.
          let logDf = 0;
          const dfs = days.map((day, i) => {
            logDf -= forwards[i]! * (years(day) - (i === 0 ? 0 : years(days[i - 1]!)));
            return Math.exp(logDf);
          });
          const built = new PiecewiseLogLinearCurve(today, days, dfs);
          for (const offset of queries) {
            const expected = naiveDiscount(days, dfs, today + offset);
            expect(Math.abs(built.discount(today + offset) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names the bad field and value', () => {
    expect(() => new PiecewiseLogLinearCurve(today, [], [])).toThrow(CurveInputError);
    expect(() => new PiecewiseLogLinearCurve(today, [], [])).toThrow(/pillarDays must hold at least one pillar/);
    expect(() => new PiecewiseLogLinearCurve(today, [today + 1], [0.99, 0.98])).toThrow(/2 factors for 1 pillars/);
    expect(() => new PiecewiseLogLinearCurve(today, [today], [1])).toThrow(`pillarDays[0] must be after the reference date ${today}, got ${today}`);
    expect(() => new PiecewiseLogLinearCurve(today, [today + 10, today + 10], [0.99, 0.98]))
      .toThrow(`pillarDays must increase: pillarDays[1] = ${today + 10} is not after pillarDays[0] = ${today + 10}`);
    expect(() => new PiecewiseLogLinearCurve(today, [today + 10, today + 20], [0.99, 0])).toThrow('discountFactors[1] must be positive, got 0');
    expect(() => new PiecewiseLogLinearCurve(today, [today + 10], [Number.NaN])).toThrow('discountFactors[0] must be a finite number, got NaN');
    expect(() => PiecewiseLogLinearCurve.fromZeroRates(today, [today + 10], [Number.POSITIVE_INFINITY]))
      .toThrow('zeroRates[0] must be a finite number, got Infinity');
  });
});
