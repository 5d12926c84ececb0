import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CurveInputError } from '../../../src/valuation/curves/curve-error.js';
import type { DiscountCurve } from '../../../src/valuation/curves/discount-curve.js';
import { daysInYearFollowing } from '../../../src/valuation/curves/treasury-bill.js';
import { bootstrapUstCurve, type ParYield } from '../../../src/valuation/curves/ust-bootstrap.js';
import { addMonths, dayOf, parseDay } from '../../../src/valuation/dates/day.js';
import { loadUstParYields } from '../../../src/valuation/market/ust-par-yields.js';

const FILE = new URL('../../../../shared/data/market/ust-par-yields-2023.csv', import.meta.url).pathname;

/** Price per 100 of a par bond issued on the reference date: semiannual coupons of rate/2, month-end rule. */
function parBondPrice(curve: DiscountCurve, tenorMonths: number, rate: number): number {
  const periods = tenorMonths / 6;
  let price = 0;
  for (let j = 1; j <= periods; j++) {
    const day = addMonths(curve.referenceDate, 6 * j, true);
    price += 100 * (rate / 2) * curve.discount(day) + (j === periods ? 100 * curve.discount(day) : 0);
  }
  return price;
}

/** The bill's coupon-equivalent yield from its price, by the published formulas (31 CFR 356, App. B). */
function billYield(curve: DiscountCurve, tenorMonths: number): number {
  const maturity = addMonths(curve.referenceDate, tenorMonths, true);
  const days = maturity - curve.referenceDate;
  const year = daysInYearFollowing(curve.referenceDate);
  const price = 100 * curve.discount(maturity);
  if (days <= year / 2) return ((100 - price) / price) * (year / days);
  const a = days / (2 * year) - 0.25;
  const b = days / year;
  const c = (price - 100) / price;
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
}

function expectRepricesInputs(curve: DiscountCurve, parYields: readonly ParYield[]): void {
  for (const { tenorMonths, rate } of parYields) {
    if (tenorMonths <= 6) expect(Math.abs(billYield(curve, tenorMonths) - rate)).toBeLessThan(1e-12);
    else expect(Math.abs(parBondPrice(curve, tenorMonths, rate) - 100)).toBeLessThan(1e-8);
  }
}

describe('bootstrapUstCurve', () => {
  const december29 = loadUstParYields(FILE, '2023-12-29');
  const curve = bootstrapUstCurve(december29.effectiveDate, december29.parYields);

  it('reprices every input of 2023-12-29: bills to their yields, coupon tenors to par within 1e-8', () => {
    expect(curve.pillarCount).toBe(13);
    expectRepricesInputs(curve, december29.parYields);
  });

  it('gives 2023-12-29 a sensible curve: falling DFs, positive forwards, zero rates near the par yields', () => {
    let previous = 1;
    for (let day = curve.referenceDate + 1; day <= addMonths(curve.referenceDate, 360); day++) {
      const df = curve.discount(day);
      expect(df).toBeLessThan(previous);
      previous = df;
    }
    for (let month = 0; month < 360; month++) {
      const start = addMonths(curve.referenceDate, month);
      const end = addMonths(curve.referenceDate, month + 1);
      expect(curve.forwardRate(start, end, (end - start) / 365)).toBeGreaterThan(0);
    }
    for (const { tenorMonths, rate } of december29.parYields) {
      const zero = curve.zeroRate(addMonths(curve.referenceDate, tenorMonths, true));
      expect(Math.abs(zero - rate)).toBeLessThan(0.005);
    }
  });

  it('reprices its inputs on every day of the 2023 file', () => {
    const dates = readFileSync(FILE, 'utf8').trim().split('\n').slice(1).map((line) => line.slice(0, 10));
    expect(dates).toHaveLength(250);
    for (const date of dates) {
      const quote = loadUstParYields(FILE, date);
      expectRepricesInputs(bootstrapUstCurve(quote.effectiveDate, quote.parYields), quote.parYields);
    }
  });

  it('reprices any reasonable par curve, in any input order', () => {
    const tenors = [1, 2, 3, 4, 6, 12, 24, 36, 60, 84, 120, 240, 360];
    fc.assert(
      fc.property(
        // A walk along the tenors, as real curves move: from 0.05% to 9%, at most 1.5% a step.
        fc.double({ min: 0.0005, max: 0.09, noNaN: true }),
        fc.array(fc.double({ min: -0.015, max: 0.015, noNaN: true }), { minLength: tenors.length, maxLength: tenors.length }),
        fc.integer({ min: dayOf(2000, 1, 1), max: dayOf(2040, 12, 31) }),
        fc.boolean(),
        (first, steps, reference, reversed) => {
          let rate = first;
          const quotes = tenors.map((tenorMonths, i) => {
            rate = Math.min(0.09, Math.max(0.0005, rate + (i === 0 ? 0 : steps[i]!)));
            return { tenorMonths, rate };
          });
          const built = bootstrapUstCurve(reference, reversed ? [...quotes].reverse() : quotes);
          expectRepricesInputs(built, quotes);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('needs no bills: the first coupon interpolates from the reference date', () => {
    const quotes = [{ tenorMonths: 24, rate: 0.04 }, { tenorMonths: 60, rate: 0.045 }];
    const reference = parseDay('2023-06-30')!;
    expectRepricesInputs(bootstrapUstCurve(reference, quotes), quotes);
  });

  it('names a bad quote', () => {
    const at = (quotes: ParYield[]) => () => bootstrapUstCurve(dayOf(2023, 12, 29), quotes);
    expect(at([])).toThrow(CurveInputError);
    expect(at([])).toThrow('parYields must hold at least one tenor, got none');
    expect(at([{ tenorMonths: 1.5, rate: 0.05 }])).toThrow('parYields[0].tenorMonths must be a positive whole number of months, got 1.5');
    expect(at([{ tenorMonths: 3, rate: 0.05 }, { tenorMonths: 9, rate: 0.05 }])).toThrow(/parYields\[1\]\.tenorMonths must be a multiple of 6 .* got 9/);
    expect(at([{ tenorMonths: 12, rate: 4.79 }])).toThrow('parYields[0].rate (12 months) must be a decimal (0.0479 for 4.79%), got 4.79');
    expect(at([{ tenorMonths: 12, rate: Number.NaN }])).toThrow('parYields[0].rate (12 months) must be a finite number, got NaN');
    expect(at([{ tenorMonths: 12, rate: 0.05 }, { tenorMonths: 12, rate: 0.04 }])).toThrow('parYields has tenorMonths 12 twice');
    // Earlier coupons alone already worth more than par: no discount factor can fix that.
    expect(at([{ tenorMonths: 6, rate: -0.9 }, { tenorMonths: 12, rate: -0.9 }, { tenorMonths: 24, rate: 0.9 }]))
      .toThrow('par yield 0.9 at tenorMonths 24 cannot be repriced to par by any positive discount factor given the shorter tenors');
    // Twenty years of 2.5% coupons at almost no discount leave the 30-year principal worth ~nothing.
    expect(at([{ tenorMonths: 240, rate: 0.0005 }, { tenorMonths: 360, rate: 0.0503 }]))
      .toThrow('par yield 0.0503 at tenorMonths 360 cannot be repriced');
  });
});
