import { addMonths, toYearMonthDay, type Day } from '../dates/day.js';

/** Longest remaining term a pool may have, in months: 50 years, beyond any agency mortgage. */
export const MAX_POOL_MONTHS = 600;
/** Year length of payment times: Actual/365 Fixed, the curves' own time measure. */
export const DAYS_PER_YEAR = 365;
/** A month between payments is never shorter than this. */
export const SHORTEST_MONTH_DAYS = 28;

/**
 * The monthly payment days after a valuation date, for the longest pool there can be: month m
 * is paid on the valuation date + m months (day of month clamped to the month's length). Every
 * pool valued on the same date pays on a prefix of these days, so they are worked out once per
 * date rather than once per pool. Read-only: pools hold views into these arrays.
 */
export class MonthlyPaymentSchedule {
  readonly valuationDate: Day;
  /** Calendar month (1–12) of the valuation date: the month projection month 1 falls in. */
  readonly firstCalendarMonth: number;
  /** Payment day of month i + 1. */
  readonly days: Int32Array;
  /** Years from the valuation date to each payment day, Actual/365 Fixed. */
  readonly times: Float64Array;
  /** Days between consecutive payments (the first from the valuation date): always 28–31. */
  readonly gaps: Uint8Array;

  constructor(valuationDate: Day) {
    if (!Number.isInteger(valuationDate)) throw new RangeError(`valuation date must be an integer Day, got ${valuationDate}`);
    this.valuationDate = valuationDate;
    this.firstCalendarMonth = toYearMonthDay(valuationDate).month;
    this.days = new Int32Array(MAX_POOL_MONTHS);
    this.times = new Float64Array(MAX_POOL_MONTHS);
    this.gaps = new Uint8Array(MAX_POOL_MONTHS);
    let previous = valuationDate;
    for (let i = 0; i < MAX_POOL_MONTHS; i++) {
      // From the valuation date each time, so a 31st stays the 31st after a short month.
      const day = addMonths(valuationDate, i + 1);
      this.days[i] = day;
      this.times[i] = (day - valuationDate) / DAYS_PER_YEAR;
      this.gaps[i] = day - previous;
      previous = day;
    }
  }
}

/** The last schedule made: a run values every pool on one date, so one entry is all it takes. */
let latest: MonthlyPaymentSchedule | undefined;

/** The payment schedule after `valuationDate`, shared with every other pool valued that day. */
export function monthlyPaymentSchedule(valuationDate: Day): MonthlyPaymentSchedule {
  if (latest?.valuationDate !== valuationDate) latest = new MonthlyPaymentSchedule(valuationDate);
  return latest;
}
