/**
 * How many bars make a year (P, the annualisation factor of BacktestStatistics), read from the
 * bars' timestamps, and which calendar the market trades on.
 *
 * - '24/7' (crypto; FX is treated the same, as its week has no daily close): P = one year of
 *   365.25 days / the median bar interval. 1-minute bars → 525,960; hourly → 8,766; daily → 365.25.
 * - 'trading' (equities): 252 sessions a year of 6.5 hours (the NYSE regular session).
 *   Intraday bars → 252 × 6.5 h / interval (hourly → 1,638; 1-minute → 98,280); an interval
 *   longer than a session but shorter than a day counts as one bar a session (252). Daily-ish
 *   bars (1 to 7 days) → 252 × 1 day / interval (daily → 252). From a week up, the calendar no
 *   longer matters and the usual factors apply when the interval is within 10 % of one: weekly
 *   52, monthly 12, quarterly 4, yearly 1; other long intervals → 365.25 days / interval.
 *
 * The median, not the mean, of the intervals: weekends, holidays and feed gaps make a few
 * intervals long, and the median ignores them (Monday-to-Friday daily bars have a median of
 * exactly one day).
 */
import { TenureError } from '../../errors/tenure-error.js';

export type MarketCalendar = '24/7' | 'trading';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
const SESSION_MS = 6.5 * 3_600_000;
const SESSIONS_PER_YEAR = 252;

/** Long-interval conventions: bars of about this length → this many per year. */
const LONG_INTERVALS: readonly { readonly days: number; readonly perYear: number }[] = [
  { days: 7, perYear: 52 },
  { days: 365.25 / 12, perYear: 12 },
  { days: 365.25 / 4, perYear: 4 },
  { days: 365.25, perYear: 1 },
];
const LONG_INTERVAL_TOLERANCE = 0.1;

/** The bar times cannot give a bar interval: too few, unsorted, or not numbers. */
export class BarTimesError extends TenureError {
  readonly code = 'BAR_TIMES_INVALID';

  constructor(problem: string) {
    super(`inferPeriodsPerYear: times ${problem}`);
  }
}

/**
 * P for bars at `times` (epoch milliseconds, ascending). `calendar` defaults to the guess of
 * guessMarketCalendar. Needs at least two bars and a positive median interval.
 */
export function inferPeriodsPerYear(times: Float64Array, calendar: MarketCalendar = guessMarketCalendar(times)): number {
  const interval = medianInterval(times);
  if (calendar === '24/7') return YEAR_MS / interval;
  if (interval < DAY_MS) return SESSIONS_PER_YEAR * Math.max(1, SESSION_MS / interval);
  const days = interval / DAY_MS;
  if (days < 7 * (1 - LONG_INTERVAL_TOLERANCE)) return SESSIONS_PER_YEAR / days;
  for (const { days: nominal, perYear } of LONG_INTERVALS) {
    if (Math.abs(days - nominal) <= nominal * LONG_INTERVAL_TOLERANCE) return perYear;
  }
  return YEAR_MS / interval;
}

/**
 * '24/7' when any bar opens on a Saturday or Sunday (UTC), else 'trading'. Equity exchanges
 * are shut at weekends in every time zone that matters, so one weekend bar is proof of a
 * round-the-clock market; FX, which opens on Sunday evening UTC, comes out as '24/7'.
 */
export function guessMarketCalendar(times: Float64Array): MarketCalendar {
  for (let i = 0; i < times.length; i++) {
    // 1970-01-01 was a Thursday: day 0 → 4, so 0 is Sunday and 6 Saturday.
    const weekday = (((Math.floor(times[i]! / DAY_MS) + 4) % 7) + 7) % 7;
    if (weekday === 0 || weekday === 6) return '24/7';
  }
  return 'trading';
}

function medianInterval(times: Float64Array): number {
  if (times.length < 2) throw new BarTimesError(`has ${times.length} bar(s); at least 2 are needed to measure the bar interval`);
  const intervals = new Float64Array(times.length - 1);
  for (let i = 1; i < times.length; i++) {
    const interval = times[i]! - times[i - 1]!;
    if (!(interval >= 0)) {
      throw new BarTimesError(`are not in ascending order: bar ${i} (${times[i]!}) is before bar ${i - 1} (${times[i - 1]!})`);
    }
    intervals[i - 1] = interval;
  }
  intervals.sort();
  const middle = intervals.length >> 1;
  const median = intervals.length % 2 === 1 ? intervals[middle]! : (intervals[middle - 1]! + intervals[middle]!) / 2;
  if (!(median > 0 && Number.isFinite(median))) throw new BarTimesError(`have a median interval of ${median} ms; most bars share a timestamp`);
  return median;
}
