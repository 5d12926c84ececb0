import type { BusinessDayConvention, CalendarName } from '../portfolio/position.js';
import { DateInputError, describeValue, requireDay } from './date-input-error.js';
import { dayOf, dayOfMonthOf, endOfMonth, isLeapYear, monthOf, weekday, yearOf, type Day } from './day.js';
import { easterSunday } from './easter.js';

/**
 * Business-day calendars, with the holiday rules of QuantLib's calendars of the same markets:
 *
 * - `none`: every day is a business day, weekends included (QuantLib's NullCalendar).
 * - `US-GOVT`: the US government bond market as SIFMA recommends it (QuantLib's
 *   UnitedStates(GovernmentBond)), observance rules and special closings included.
 * - `TARGET`: the euro area's TARGET2 settlement days (QuantLib's TARGET).
 *
 * A year's closed days are worked out once, the first time a day in that year is asked about,
 * into a byte per day; after that `isBusinessDay` is an array read.
 */
export const CALENDAR_NAMES: readonly CalendarName[] = ['none', 'US-GOVT', 'TARGET'];
export const BUSINESS_DAY_CONVENTIONS: readonly BusinessDayConvention[] = ['following', 'modified-following', 'unadjusted'];

export function isCalendarName(value: unknown): value is CalendarName {
  return typeof value === 'string' && (CALENDAR_NAMES as readonly string[]).includes(value);
}

export function isBusinessDayConvention(value: unknown): value is BusinessDayConvention {
  return typeof value === 'string' && (BUSINESS_DAY_CONVENTIONS as readonly string[]).includes(value);
}

/** Whether each day of one year is closed (1) or open (0), from the holiday rule. */
type YearRule = (year: number) => Uint8Array;

const UNKNOWN = 0;
const OPEN = 1;
const CLOSED = 2;
const TABLE_FIRST_YEAR = 1900;
const TABLE_LAST_YEAR = 2199;

/**
 * The closed days of one calendar. Days from 1900 to 2199 have a byte each in one flat table
 * (110 kB, process lifetime: it is derived from the rules alone), filled a whole year at a time
 * when a day of that year is first asked about, so the common query is a single array read.
 * Outside that range only the last year asked about is kept, so odd inputs cannot grow memory.
 */
class ClosedDays {
  readonly #firstDay = dayOf(TABLE_FIRST_YEAR, 1, 1);
  readonly #lastDay = dayOf(TABLE_LAST_YEAR, 12, 31);
  #table: Uint8Array | undefined;
  #outsideYear = Number.NaN;
  #outside: Uint8Array = new Uint8Array(0);

  constructor(private readonly rule: YearRule) {}

  isClosed(day: Day): boolean {
    if (day >= this.#firstDay && day <= this.#lastDay) {
      const table = (this.#table ??= new Uint8Array(this.#lastDay - this.#firstDay + 1));
      const index = day - this.#firstDay;
      if (table[index] === UNKNOWN) this.#fill(table, yearOf(day));
      return table[index] === CLOSED;
    }
    const year = yearOf(day);
    if (year !== this.#outsideYear) {
      this.#outside = this.rule(year);
      this.#outsideYear = year;
    }
    return this.#outside[day - dayOf(year, 1, 1)] === 1;
  }

  #fill(table: Uint8Array, year: number): void {
    const closed = this.rule(year);
    const offset = dayOf(year, 1, 1) - this.#firstDay;
    for (let i = 0; i < closed.length; i++) table[offset + i] = closed[i] === 1 ? CLOSED : OPEN;
  }
}

const usGovernmentBond = new ClosedDays((year) => closedDaysOfYear(year, isUsGovernmentBondHoliday));
const target = new ClosedDays((year) => closedDaysOfYear(year, isTargetHoliday));

/** True when `day` is a business day (a good settlement and payment day) on `calendar`. */
export function isBusinessDay(calendar: CalendarName, day: Day): boolean {
  requireDay('isBusinessDay', 'day', day);
  switch (calendar) {
    case 'none':
      return true;
    case 'US-GOVT':
      return !usGovernmentBond.isClosed(day);
    case 'TARGET':
      return !target.isClosed(day);
    default:
      throw unknownCalendar('isBusinessDay', calendar);
  }
}

/** True when `day` is a weekday on which `calendar` is closed. */
export function isHoliday(calendar: CalendarName, day: Day): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6 && !isBusinessDay(calendar, day);
}

/** The holidays (closed weekdays) from `from` to `to` inclusive, in order (QuantLib's holidayList). */
export function holidayList(calendar: CalendarName, from: Day, to: Day): Day[] {
  requireDay('holidayList', 'from', from);
  requireDay('holidayList', 'to', to);
  const holidays: Day[] = [];
  for (let day = from; day <= to; day++) if (isHoliday(calendar, day)) holidays.push(day);
  return holidays;
}

/**
 * `day` moved to a business day: `following` takes the next one; `modified-following` the next
 * one unless that is in the next month, then the previous one; `unadjusted` leaves it.
 */
export function adjust(day: Day, calendar: CalendarName, convention: BusinessDayConvention): Day {
  requireDay('adjust', 'day', day);
  switch (convention) {
    case 'unadjusted':
      if (!isCalendarName(calendar)) throw unknownCalendar('adjust', calendar);
      return day;
    case 'following':
      return nextBusinessDay(day, calendar);
    case 'modified-following': {
      const following = nextBusinessDay(day, calendar);
      return monthOf(following) === monthOf(day) ? following : previousBusinessDay(day, calendar);
    }
    default:
      throw new DateInputError('adjust', 'convention', `one of ${BUSINESS_DAY_CONVENTIONS.join(', ')}`, describeValue(convention));
  }
}

/** `day` if it is a business day, else the first business day after it. */
export function nextBusinessDay(day: Day, calendar: CalendarName): Day {
  while (!isBusinessDay(calendar, day)) day++;
  return day;
}

/** `day` if it is a business day, else the last business day before it (QuantLib's Preceding). */
export function previousBusinessDay(day: Day, calendar: CalendarName): Day {
  while (!isBusinessDay(calendar, day)) day--;
  return day;
}

/**
 * `n` business days after `day` (before it when n < 0), counting only business days; n = 0
 * gives `day` itself moved to the following business day (QuantLib's advance by Days).
 */
export function addBusinessDays(day: Day, n: number, calendar: CalendarName): Day {
  requireDay('addBusinessDays', 'day', day);
  if (!Number.isSafeInteger(n)) throw new DateInputError('addBusinessDays', 'n', 'an integer', describeValue(n));
  if (n === 0) return nextBusinessDay(day, calendar);
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; left--) {
    day += step;
    while (!isBusinessDay(calendar, day)) day += step;
  }
  return day;
}

/** The last business day of the month `day` is in (QuantLib's Calendar::endOfMonth). */
export function lastBusinessDayOfMonth(day: Day, calendar: CalendarName): Day {
  return previousBusinessDay(endOfMonth(day), calendar);
}

/** True when no business day of the same month follows `day` (QuantLib's Calendar::isEndOfMonth). */
export function isLastBusinessDayOfMonth(day: Day, calendar: CalendarName): boolean {
  return monthOf(day) !== monthOf(nextBusinessDay(day + 1, calendar));
}

function unknownCalendar(where: string, calendar: unknown): DateInputError {
  return new DateInputError(where, 'calendar', `one of ${CALENDAR_NAMES.join(', ')}`, describeValue(calendar));
}

/** Fields of one day, for the holiday rules. */
interface DayFields {
  /** 1–31 */
  dayOfMonth: number;
  /** 1–12 */
  month: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  year: number;
  day: Day;
  easter: Day;
}

/** The year's days, 1 where weekends or the holiday rule close the market. */
function closedDaysOfYear(year: number, isHoliday: (d: DayFields) => boolean): Uint8Array {
  const firstDay = dayOf(year, 1, 1);
  const length = isLeapYear(year) ? 366 : 365;
  const closed = new Uint8Array(length);
  const fields: DayFields = { dayOfMonth: 1, month: 1, weekday: 0, year, day: firstDay, easter: easterSunday(year) };
  for (let i = 0; i < length; i++) {
    const day = firstDay + i;
    fields.day = day;
    fields.dayOfMonth = dayOfMonthOf(day);
    fields.month = monthOf(day);
    fields.weekday = weekday(day);
    if (fields.weekday === 0 || fields.weekday === 6 || isHoliday(fields)) closed[i] = 1;
  }
  return closed;
}

const MONDAY = 1;
const THURSDAY = 4;
const FRIDAY = 5;

/**
 * QuantLib's UnitedStates::GovernmentBondImpl, with one deliberate difference: Good Friday is
 * closed every year. QuantLib keeps 2015, 2021 and 2023 open because SIFMA recommended a noon
 * close rather than a full close (the payrolls report came out that morning), but SIFMA also
 * recommended that those days not be good settlement days, and this calendar settles and pays.
 */
function isUsGovernmentBondHoliday({ dayOfMonth: d, month: m, weekday: w, year: y, day, easter }: DayFields): boolean {
  return (
    // New Year's Day, moved to Monday when on Sunday (not to Friday when on Saturday)
    ((d === 1 || (d === 2 && w === MONDAY)) && m === 1)
    // Martin Luther King's birthday, third Monday in January
    || (d >= 15 && d <= 21 && w === MONDAY && m === 1 && y >= 1983)
    // Washington's birthday
    || isWashingtonBirthday(d, m, y, w)
    // Good Friday
    || day === easter - 2
    // Memorial Day
    || isMemorialDay(d, m, y, w)
    // Juneteenth, Monday if Sunday or Friday if Saturday, observed from 2022
    || ((d === 19 || (d === 20 && w === MONDAY) || (d === 18 && w === FRIDAY)) && m === 6 && y >= 2022)
    // Independence Day, Monday if Sunday or Friday if Saturday
    || ((d === 4 || (d === 5 && w === MONDAY) || (d === 3 && w === FRIDAY)) && m === 7)
    // Labor Day, first Monday in September
    || (d <= 7 && w === MONDAY && m === 9)
    // Columbus Day, second Monday in October
    || (d >= 8 && d <= 14 && w === MONDAY && m === 10 && y >= 1971)
    // Veterans Day, Monday if Sunday (SIFMA does not move a Saturday one to Friday)
    || isVeteransDayNoSaturday(d, m, y, w)
    // Thanksgiving Day, fourth Thursday in November
    || (d >= 22 && d <= 28 && w === THURSDAY && m === 11)
    // Christmas, Monday if Sunday or Friday if Saturday
    || ((d === 25 || (d === 26 && w === MONDAY) || (d === 24 && w === FRIDAY)) && m === 12)
    // Special closings: President Reagan's funeral, Hurricane Sandy, President Bush's funeral
    || (y === 2004 && m === 6 && d === 11)
    || (y === 2012 && m === 10 && d === 30)
    || (y === 2018 && m === 12 && d === 5)
  );
}

function isWashingtonBirthday(d: number, m: number, y: number, w: number): boolean {
  if (y >= 1971) return d >= 15 && d <= 21 && w === MONDAY && m === 2; // third Monday in February
  return (d === 22 || (d === 23 && w === MONDAY) || (d === 21 && w === FRIDAY)) && m === 2;
}

function isMemorialDay(d: number, m: number, y: number, w: number): boolean {
  if (y >= 1971) return d >= 25 && w === MONDAY && m === 5; // last Monday in May
  return (d === 30 || (d === 31 && w === MONDAY) || (d === 29 && w === FRIDAY)) && m === 5;
}

function isVeteransDayNoSaturday(d: number, m: number, y: number, w: number): boolean {
  if (y <= 1970 || y >= 1978) return (d === 11 || (d === 12 && w === MONDAY)) && m === 11;
  return d >= 22 && d <= 28 && w === MONDAY && m === 10; // 1971–1977: fourth Monday in October
}

/** QuantLib's TARGET: the TARGET2 closing days, with the rules in force before 2000 too. */
function isTargetHoliday({ dayOfMonth: d, month: m, year: y, day, easter }: DayFields): boolean {
  return (
    (d === 1 && m === 1)
    // Good Friday and Easter Monday, from 2000
    || (day === easter - 2 && y >= 2000)
    || (day === easter + 1 && y >= 2000)
    // Labour Day, from 2000
    || (d === 1 && m === 5 && y >= 2000)
    || (d === 25 && m === 12)
    // Day of Goodwill, from 2000
    || (d === 26 && m === 12 && y >= 2000)
    // 31 December in 1998, 1999 and 2001 only
    || (d === 31 && m === 12 && (y === 1998 || y === 1999 || y === 2001))
  );
}
