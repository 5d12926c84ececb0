/**
 * Calendar dates as whole days since 1970-01-01 (UTC): a `Day` is a plain integer, so date
 * arithmetic is integer arithmetic, arrays of dates are Int32Arrays, and no time zone or
 * time of day can creep into a valuation. Conversions to and from years, months and days
 * use the proleptic Gregorian calendar.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day for year, month (1–12) and day of month; throws on an impossible date. */
export function dayOf(year: number, month: number, dayOfMonth: number): Day {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(dayOfMonth)
    || month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) {
    throw new RangeError(`not a calendar date: ${year}-${month}-${dayOfMonth}`);
  }
  return daysFromCivil(year, month, dayOfMonth);
}

/** Parses YYYY-MM-DD; returns undefined when the text is not a valid calendar date. */
export function parseDay(text: string): Day | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const dayOfMonth = Number(match[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) return undefined;
  // Not Date.UTC: it reads years 0–99 as 1900–1999.
  return daysFromCivil(year, month, dayOfMonth);
}

/** YYYY-MM-DD. */
export function formatDay(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export interface YearMonthDay {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
}

/**
 * Year, month and day of `day`, by Howard Hinnant's civil-from-days algorithm: integer
 * arithmetic only, no Date object, because schedules and calendars call this in bulk.
 */
export function toYearMonthDay(day: Day): YearMonthDay {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfMonth };
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: Day): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: Day): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isEndOfMonth(day: Day): boolean {
  const { year, month, day: d } = toYearMonthDay(day);
  return d === daysInMonth(year, month);
}

/**
 * `day` moved by `months` calendar months, the day of month clamped to the target month's
 * length (Jan 31 + 1 month = Feb 28/29). With `endOfMonth`, a month-end date stays at month
 * end (Feb 28 + 1 month = Mar 31), the bond market's end-of-month rule.
 */
export function addMonths(day: Day, months: number, endOfMonth = false): Day {
  // The shared civil fields, not toYearMonthDay's object: schedules call this in bulk.
  toCivil(day);
  const year = civilYear;
  const month = civilMonth;
  const d = civilDayOfMonth;
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  const length = daysInMonth(targetYear, targetMonth);
  const targetDay = endOfMonth && d === daysInMonth(year, month) ? length : Math.min(d, length);
  return daysFromCivil(targetYear, targetMonth, targetDay);
}

/**
 * The day for a valid year, month (1–12) and day of month, by Howard Hinnant's
 * days-from-civil algorithm: the inverse of toYearMonthDay, integer arithmetic only.
 */
export function daysFromCivil(year: number, month: number, dayOfMonth: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function addYears(day: Day, years: number, endOfMonth = false): Day {
  return addMonths(day, 12 * years, endOfMonth);
}

// Allocation-free calendar fields, for the hot paths (calendars, day counts) that cannot afford
// the Date object and the record `toYearMonthDay` creates. Howard Hinnant's civil-from-days
// algorithm: shifting the year to start on 1 March puts the leap day last, so month lengths
// follow the 153-days-per-5-months pattern.
let civilYear = 1970;
let civilMonth = 1;
let civilDayOfMonth = 1;
let civilOf: Day = 0;

function toCivil(day: Day): void {
  if (day === civilOf) return;
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfShiftedYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfShiftedYear + 2) / 153);
  civilDayOfMonth = dayOfShiftedYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  civilMonth = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  civilYear = yearOfEra + era * 400 + (civilMonth <= 2 ? 1 : 0);
  civilOf = day;
}

/** The calendar year of `day`, without allocating. */
export function yearOf(day: Day): number {
  toCivil(day);
  return civilYear;
}

/** The month (1–12) of `day`, without allocating. */
export function monthOf(day: Day): number {
  toCivil(day);
  return civilMonth;
}

/** The day of month (1–31) of `day`, without allocating. */
export function dayOfMonthOf(day: Day): number {
  toCivil(day);
  return civilDayOfMonth;
}

/** The last calendar day of the month `day` is in. */
export function endOfMonth(day: Day): Day {
  toCivil(day);
  return day + daysInMonth(civilYear, civilMonth) - civilDayOfMonth;
}
