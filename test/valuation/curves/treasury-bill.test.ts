import { describe, expect, it } from 'vitest';
import { billDiscountFactor, daysInYearFollowing } from '../../../src/valuation/curves/treasury-bill.js';
import { dayOf } from '../../../src/valuation/dates/day.js';

/**
 * The Treasury's coupon-equivalent yield of a bill (31 CFR Part 356, Appendix B): simple
 * interest up to half a year; beyond, the root of a i² + b i + c = 0 with a = r/(2y) − 0.25,
 * b = r/y, c = (P − 100)/P. Here the yield is recovered from the price by that published
 * formula, independently of how billDiscountFactor computes the price.
 */
function publishedCouponEquivalentYield(pricePer100: number, days: number, year: number): number {
  if (days <= year / 2) return ((100 - pricePer100) / pricePer100) * (year / days);
  const a = days / (2 * year) - 0.25;
  const b = days / year;
  const c = (pricePer100 - 100) / pricePer100;
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
}

describe('Treasury bill bond-equivalent yield', () => {
  it.each([
    [0.056, 31, 366],
    [0.0559, 62, 365],
    [0.054, 91, 366],
    [0.0526, 182, 365],
    [0.0526, 183, 366],
    [0.0526, 184, 365],
    [0.0479, 364, 365],
    [0.0015, 350, 366],
  ])('prices a yield of %f over %i days (%i-day year) so the published formula returns the yield', (yieldRate, days, year) => {
    const price = 100 * billDiscountFactor(yieldRate, days, year);
    expect(publishedCouponEquivalentYield(price, days, year)).toBeCloseTo(yieldRate, 13);
  });

  it('joins its two regimes at exactly half a year (183 days of 366)', () => {
    const price = 100 * billDiscountFactor(0.05, 183, 366);
    expect(price).toBeCloseTo(100 / 1.025, 12);
    // There the longer-bill quadratic loses its square term (a = 183/732 − 0.25 = 0) and reads
    // b i + c = 0: the simple-interest yield again.
    const b = 183 / 366;
    const c = (price - 100) / price;
    expect(-c / b).toBeCloseTo(0.05, 13);
  });

  it('uses a 366-day year when a February 29 falls in the year after the date', () => {
    expect(daysInYearFollowing(dayOf(2023, 12, 29))).toBe(366);
    expect(daysInYearFollowing(dayOf(2023, 3, 1))).toBe(366);
    expect(daysInYearFollowing(dayOf(2023, 2, 28))).toBe(365);
    expect(daysInYearFollowing(dayOf(2024, 2, 28))).toBe(366);
    expect(daysInYearFollowing(dayOf(2024, 2, 29))).toBe(365);
    expect(daysInYearFollowing(dayOf(2023, 1, 3))).toBe(365);
  });

  it('names a bad input', () => {
    expect(() => billDiscountFactor(0.05, 0, 365)).toThrow(/daysToMaturity of a bill must be a positive whole number of days, got 0/);
    expect(() => billDiscountFactor(0.05, 91, 360)).toThrow(/daysInYear of a bill yield must be 365 or 366, got 360/);
    expect(() => billDiscountFactor(Number.POSITIVE_INFINITY, 91, 365)).toThrow(/bondEquivalentYield must be a finite number, got Infinity/);
  });
});
