import type { Day } from '../dates/day.js';

/**
 * Every curve here measures time as Actual/365 Fixed from its reference date: a plain division,
 * so turning a payment day into a curve time costs nothing and needs no calendar.
 */
export const DAYS_PER_CURVE_YEAR = 365;

export function curveTime(referenceDate: Day, day: Day): number {
  return (day - referenceDate) / DAYS_PER_CURVE_YEAR;
}
