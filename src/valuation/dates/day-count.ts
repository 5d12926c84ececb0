import type { DayCountName, Frequency } from '../portfolio/position.js';
import { DateInputError, describeDay, describeValue, requireDay } from './date-input-error.js';
import { addMonths, dayOf, dayOfMonthOf, isLeapYear, monthOf, yearOf, type Day } from './day.js';
import { isFrequency } from './frequency.js';

/**
 * Day-count conventions: how many days, and what fraction of a year, lie between two dates.
 * Each follows QuantLib's implementation of the same name, so results can be checked against
 * it: Actual/360, Actual/365 Fixed, 30/360 Bond Basis (Thirty360(BondBasis)), and the two
 * Actual/Actual conventions ActualActual(ISMA) and ActualActual(ISDA).
 */
export const DAY_COUNT_NAMES: readonly DayCountName[] = ['ACT/360', 'ACT/365F', '30/360', 'ACT/ACT-ISMA', 'ACT/ACT-ISDA'];

export function isDayCountName(value: unknown): value is DayCountName {
  return typeof value === 'string' && (DAY_COUNT_NAMES as readonly string[]).includes(value);
}

/** Days between `start` and `end` as the convention counts them (negative when end < start). */
export function dayCount(convention: DayCountName, start: Day, end: Day): number {
  requireDay('dayCount', 'start', start);
  requireDay('dayCount', 'end', end);
  switch (convention) {
    case '30/360':
      return thirty360BondBasisDays(start, end);
    case 'ACT/360':
    case 'ACT/365F':
    case 'ACT/ACT-ISMA':
    case 'ACT/ACT-ISDA':
      return end - start;
    default:
      throw unknownConvention('dayCount', convention);
  }
}

/**
 * The year fraction from `start` to `end` (negative when end < start).
 *
 * Only ACT/ACT-ISMA reads the reference period: the regular coupon period the accrual belongs
 * to (for a regular period, the period itself; for a stub, the notional regular period it is
 * cut from). Without one, the period itself is taken. `frequency` (coupons per year), when
 * given, fixes the length of the notional periods ISMA steps through for long stubs, instead
 * of estimating it from the reference period's length in days.
 */
export function yearFraction(
  convention: DayCountName,
  start: Day,
  end: Day,
  referenceStart?: Day,
  referenceEnd?: Day,
  frequency?: Frequency,
): number {
  requireDay('yearFraction', 'start', start);
  requireDay('yearFraction', 'end', end);
  switch (convention) {
    case 'ACT/360':
      return (end - start) / 360;
    case 'ACT/365F':
      return (end - start) / 365;
    case '30/360':
      return thirty360BondBasisDays(start, end) / 360;
    case 'ACT/ACT-ISDA':
      return actualActualIsda(start, end);
    case 'ACT/ACT-ISMA': {
      if (referenceStart !== undefined) requireDay('yearFraction(ACT/ACT-ISMA)', 'referenceStart', referenceStart);
      if (referenceEnd !== undefined) requireDay('yearFraction(ACT/ACT-ISMA)', 'referenceEnd', referenceEnd);
      let months: number | undefined;
      if (frequency !== undefined) {
        if (!isFrequency(frequency)) {
          throw new DateInputError('yearFraction(ACT/ACT-ISMA)', 'frequency', 'one of 1, 2, 4, 12', describeValue(frequency));
        }
        months = 12 / frequency;
      }
      return actualActualIsma(start, end, referenceStart ?? start, referenceEnd ?? end, months);
    }
    default:
      throw unknownConvention('yearFraction', convention);
  }
}

function unknownConvention(where: string, convention: unknown): DateInputError {
  return new DateInputError(where, 'convention', `one of ${DAY_COUNT_NAMES.join(', ')}`, describeValue(convention));
}

/**
 * 30/360 Bond Basis (ISDA 2006 4.16(f), QuantLib Thirty360::BondBasis): a 31st start counts as
 * the 30th, and a 31st end counts as the 30th only when the start is (now) the 30th. February
 * month ends get no special treatment, unlike 30/360 US (the ISDA 2008 30/360 examples show
 * the difference).
 */
function thirty360BondBasisDays(start: Day, end: Day): number {
  let startDay = dayOfMonthOf(start);
  const startMonth = monthOf(start);
  const startYear = yearOf(start);
  let endDay = dayOfMonthOf(end);
  const endMonth = monthOf(end);
  const endYear = yearOf(end);
  if (startDay === 31) startDay = 30;
  if (endDay === 31 && startDay === 30) endDay = 30;
  return 360 * (endYear - startYear) + 30 * (endMonth - startMonth) + (endDay - startDay);
}

/** Actual/Actual ISDA: the days in each calendar year over that year's length. */
function actualActualIsda(start: Day, end: Day): number {
  if (start === end) return 0;
  if (start > end) return -actualActualIsda(end, start);
  const startYear = yearOf(start);
  const endYear = yearOf(end);
  const startYearLength = isLeapYear(startYear) ? 366 : 365;
  const endYearLength = isLeapYear(endYear) ? 366 : 365;
  return endYear - startYear - 1
    + (dayOf(startYear + 1, 1, 1) - start) / startYearLength
    + (end - dayOf(endYear, 1, 1)) / endYearLength;
}

/**
 * Actual/Actual ISMA (ICMA Rule 251), as QuantLib's ActualActual(ISMA) without a schedule: the
 * days accrued over the days in the reference period, times the period's length in years.
 * A long first period is split at the reference start, the part before it measured against the
 * notional period preceding; a long last period is split into the reference period and whole
 * notional periods after it, plus the remainder against the next notional period.
 */
function actualActualIsma(start: Day, end: Day, referenceStart: Day, referenceEnd: Day, fixedMonths: number | undefined): number {
  if (start === end) return 0;
  if (start > end) return -actualActualIsma(end, start, referenceStart, referenceEnd, fixedMonths);
  if (!(referenceEnd > referenceStart && referenceEnd > start)) {
    throw new DateInputError(
      'yearFraction(ACT/ACT-ISMA)',
      'reference period',
      `a period ending after both its start and the accrual start ${describeDay(start)}`,
      `${describeDay(referenceStart)} to ${describeDay(referenceEnd)}`,
    );
  }
  // QuantLib rounds the reference period's length to whole months.
  let months = fixedMonths ?? Math.round((12 * (referenceEnd - referenceStart)) / 365);
  if (months === 0) {
    // Shorter than half a month: take a one-year reference period from the start.
    referenceStart = start;
    referenceEnd = addMonths(start, 12);
    months = 12;
  }
  const period = months / 12;

  if (end <= referenceEnd) {
    if (start >= referenceStart) return (period * (end - start)) / (referenceEnd - referenceStart);
    // Long first period: the part before the reference start belongs to the notional period before it.
    const previousReference = addMonths(referenceStart, -months);
    if (end > referenceStart) {
      return actualActualIsma(start, referenceStart, previousReference, referenceStart, fixedMonths)
        + actualActualIsma(referenceStart, end, referenceStart, referenceEnd, fixedMonths);
    }
    return actualActualIsma(start, end, previousReference, referenceStart, fixedMonths);
  }

  // Long last period: the reference period, then whole notional periods, then the remainder.
  if (referenceStart > start) {
    throw new DateInputError(
      'yearFraction(ACT/ACT-ISMA)',
      'reference period',
      `to start on or before the accrual start ${describeDay(start)} when the accrual ends after it`,
      `${describeDay(referenceStart)} to ${describeDay(referenceEnd)} for an accrual ending ${describeDay(end)}`,
    );
  }
  let sum = actualActualIsma(start, referenceEnd, referenceStart, referenceEnd, fixedMonths);
  for (let i = 0; ; i++) {
    const notionalStart = addMonths(referenceEnd, months * i);
    const notionalEnd = addMonths(referenceEnd, months * (i + 1));
    if (end < notionalEnd) return sum + actualActualIsma(notionalStart, end, notionalStart, notionalEnd, fixedMonths);
    sum += period;
  }
}
