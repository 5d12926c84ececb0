import { addMonths, type Day } from '../dates/day.js';
import { yearFraction } from '../dates/day-count.js';
import { makeSchedule } from '../dates/schedule.js';
import type { BusinessDayConvention, CalendarName, DayCountName, Frequency } from '../portfolio/position.js';

/** USD swaps roll on the US government securities calendar, modified following. */
export const SWAP_CALENDAR: CalendarName = 'US-GOVT';
export const SWAP_BUSINESS_DAY_CONVENTION: BusinessDayConvention = 'modified-following';

/**
 * The accrual periods of one swap leg, as typed arrays: what does not depend on the curve,
 * computed once so that revaluing the leg on any curve is a loop over numbers.
 */
export interface SwapLegPeriods {
  /** Adjusted accrual start of each period. */
  readonly startDays: Int32Array;
  /** Adjusted accrual end of each period. */
  readonly endDays: Int32Array;
  /** Payment day of each period (the adjusted accrual end). */
  readonly payDays: Int32Array;
  /** Year fraction of each period under the leg's day count. */
  readonly accruals: Float64Array;
}

/**
 * The periods of a leg from `startDate` to `maturityDate`: generated backward from maturity
 * (any short stub at the front), end-of-month rule on, dates adjusted modified following on
 * the US government calendar, accrual on adjusted dates. For Actual/Actual ISMA each period is
 * measured against its regular coupon period; a stub against the notional regular period it
 * is cut from (as QuantLib's FixedRateLeg does).
 */
export function buildSwapLegPeriods(
  startDate: Day,
  maturityDate: Day,
  frequency: Frequency,
  dayCount: DayCountName,
): SwapLegPeriods {
  const schedule = makeSchedule({
    effective: startDate,
    termination: maturityDate,
    frequency,
    calendar: SWAP_CALENDAR,
    convention: SWAP_BUSINESS_DAY_CONVENTION,
    endOfMonth: true,
  });
  const { adjusted, unadjusted, regular } = schedule;
  const count = adjusted.length - 1;
  const tenorMonths = 12 / frequency;
  const periods: SwapLegPeriods = {
    startDays: new Int32Array(count),
    endDays: new Int32Array(count),
    payDays: new Int32Array(count),
    accruals: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) {
    const start = adjusted[i]!;
    const end = adjusted[i + 1]!;
    let referenceStart = unadjusted[i]!;
    let referenceEnd = unadjusted[i + 1]!;
    if (regular[i] === false) {
      if (i === 0) referenceStart = addMonths(referenceEnd, -tenorMonths, true);
      else referenceEnd = addMonths(referenceStart, tenorMonths, true);
    }
    periods.startDays[i] = start;
    periods.endDays[i] = end;
    periods.payDays[i] = end;
    periods.accruals[i] = yearFraction(dayCount, start, end, referenceStart, referenceEnd, frequency);
  }
  return periods;
}
