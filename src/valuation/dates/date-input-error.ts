import { TenureError } from '../../errors/tenure-error.js';
import { formatDay, type Day } from './day.js';

/**
 * An argument to a date function (day count, calendar, schedule) is not what it must be. The
 * message names the function, the argument and the offending value, so a bad convention name in
 * a portfolio file is found without a debugger.
 */
export class DateInputError extends TenureError {
  readonly code = 'DATE_INPUT_INVALID';

  /** `actual` is the offending value as it should read in the message (see `describeValue`). */
  constructor(
    readonly where: string,
    readonly field: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${where}: ${field} must be ${expected}; got ${actual}`);
  }
}

/** Throws unless `day` is a whole number of days (a `Day`), naming the argument. */
export function requireDay(where: string, field: string, day: unknown): asserts day is Day {
  if (typeof day !== 'number' || !Number.isSafeInteger(day)) {
    throw new DateInputError(where, field, 'a Day (whole days since 1970-01-01)', describeValue(day));
  }
}

/** A value as it reads in an error message: strings quoted, objects by their type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Object.prototype.toString.call(value);
}

/** A day as it reads in an error message: the number and the date it stands for. */
export function describeDay(day: Day): string {
  return Number.isSafeInteger(day) && Math.abs(day) <= 100_000_000 ? `${day} (${formatDay(day)})` : describeValue(day);
}
