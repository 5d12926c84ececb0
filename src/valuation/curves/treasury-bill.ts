import { addYears, dayOf, isLeapYear, toYearMonthDay, type Day } from '../dates/day.js';
import { CurveInputError, requireFinite } from './curve-error.js';

/**
 * Days in the year that follows `issue`: 366 when a February 29 falls after `issue` and on or
 * before its anniversary, else 365. The Treasury's coupon-equivalent yield is quoted on this
 * year (31 CFR Part 356, Appendix B, the bill formulas).
 */
export function daysInYearFollowing(issue: Day): number {
  const anniversary = addYears(issue, 1);
  const { year } = toYearMonthDay(issue);
  for (const candidate of [year, year + 1]) {
    if (!isLeapYear(candidate)) continue;
    const leapDay = dayOf(candidate, 2, 29);
    if (leapDay > issue && leapDay <= anniversary) return 366;
  }
  return 365;
}

/**
 * Price per unit face of a Treasury bill from its bond-equivalent (coupon-equivalent) yield,
 * the Treasury's definition (31 CFR Part 356, Appendix B): with r days to maturity and a y-day
 * year, a bill of at most half a year earns simple interest, P (1 + i r / y) = 1; a longer bill
 * is treated as compounding once at the half-year, P (1 + i/2) (1 + i (r/y − 1/2)) = 1, the
 * relation whose root is the published quadratic formula. The two agree at r = y/2.
 */
export function billDiscountFactor(bondEquivalentYield: number, daysToMaturity: number, daysInYear: number): number {
  requireFinite('bondEquivalentYield', bondEquivalentYield);
  if (!Number.isInteger(daysToMaturity) || daysToMaturity <= 0) {
    throw new CurveInputError(`daysToMaturity of a bill must be a positive whole number of days, got ${daysToMaturity}`);
  }
  if (daysInYear !== 365 && daysInYear !== 366) {
    throw new CurveInputError(`daysInYear of a bill yield must be 365 or 366, got ${daysInYear}`);
  }
  const years = daysToMaturity / daysInYear;
  const growth = years <= 0.5
    ? 1 + bondEquivalentYield * years
    : (1 + bondEquivalentYield / 2) * (1 + bondEquivalentYield * (years - 0.5));
  if (!(growth > 0)) {
    throw new CurveInputError(`bondEquivalentYield ${bondEquivalentYield} over ${daysToMaturity} days gives no positive price`);
  }
  return 1 / growth;
}
