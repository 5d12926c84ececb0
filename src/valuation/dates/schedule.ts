import type { BusinessDayConvention, CalendarName, Frequency } from '../portfolio/position.js';
import {
  adjust,
  BUSINESS_DAY_CONVENTIONS,
  CALENDAR_NAMES,
  isBusinessDayConvention,
  isCalendarName,
  isLastBusinessDayOfMonth,
  lastBusinessDayOfMonth,
} from './calendar.js';
import { DateInputError, describeDay, describeValue, requireDay } from './date-input-error.js';
import { addMonths, endOfMonth, type Day } from './day.js';
import { isFrequency } from './frequency.js';

export interface ScheduleOptions {
  effective: Day;
  termination: Day;
  frequency: Frequency;
  calendar: CalendarName;
  /** How dates other than the termination date are moved to business days. */
  convention: BusinessDayConvention;
  /** How the termination date is moved; defaults to `convention` (as QuantLib's MakeSchedule). */
  terminationConvention?: BusinessDayConvention;
  /** Keep coupon dates at month end when the generation seed is at month end. Default false. */
  endOfMonth?: boolean;
  /**
   * Where an odd period goes: `short-front` (default) generates backward from the termination
   * date, `short-back` forward from the effective date.
   */
  stub?: 'short-front' | 'short-back';
}

export interface Schedule {
  /** The generated dates, end-of-month rule applied, before business-day adjustment. */
  readonly unadjusted: readonly Day[];
  /** The same dates moved to business days by the conventions. */
  readonly adjusted: readonly Day[];
}

/** A schedule that also says which periods are regular (a whole tenor long, not a stub). */
export interface ScheduleWithPeriods extends Schedule {
  /** `regular[i]` describes the period from date i to date i + 1. */
  readonly regular: readonly boolean[];
}

const STUBS = ['short-front', 'short-back'] as const;

/**
 * A coupon schedule as QuantLib's Schedule builds it with DateGeneration::Backward (short
 * front stub) or ::Forward (short back stub): dates are stepped from the seed (termination
 * date, or effective date going forward) by whole multiples of the tenor, so a clamped month
 * end (31 Aug → 28 Feb) does not drift the following dates; dates that would coincide once
 * adjusted are skipped; with the end-of-month rule and a seed at month end, every inner date
 * moves to its month end (the last business day when the convention adjusts).
 */
export function makeSchedule(options: ScheduleOptions): ScheduleWithPeriods {
  const { effective, termination, frequency, calendar, convention } = options;
  const terminationConvention = options.terminationConvention ?? convention;
  const endOfMonthRule = options.endOfMonth ?? false;
  const stub = options.stub ?? 'short-front';
  validate(options, terminationConvention, stub);

  const tenorMonths = 12 / frequency;
  const backward = stub === 'short-front';
  const seed = backward ? termination : effective;
  // Generate from the seed, as [date, regular-period-before-it] pairs in seed order. Each
  // date's adjustment under `convention` is computed once and kept in `byConvention`: it
  // decides whether two dates collapse, and is the adjusted date itself later.
  const dates: Day[] = [seed];
  const byConvention: Day[] = [adjust(seed, calendar, convention)];
  const regular: boolean[] = [];
  for (let periods = 1; ; periods++) {
    const next = addMonths(seed, (backward ? -periods : periods) * tenorMonths, endOfMonthRule);
    if (backward ? next < effective : next > termination) break;
    const adjustedNext = adjust(next, calendar, convention);
    if (byConvention[byConvention.length - 1] !== adjustedNext) {
      dates.push(next);
      byConvention.push(adjustedNext);
      regular.push(true);
    }
  }
  const exit = backward ? effective : termination;
  const exitConvention = backward ? convention : terminationConvention;
  const previous = dates[dates.length - 1]!;
  if (adjust(previous, calendar, exitConvention) !== adjust(exit, calendar, exitConvention)) {
    dates.push(exit);
    byConvention.push(adjust(exit, calendar, convention));
    regular.push(false);
  }
  if (backward) {
    dates.reverse();
    byConvention.reverse();
    regular.reverse();
  }

  const unadjusted = dates.slice();
  const adjusted = dates.slice();
  const last = dates.length - 1;
  if (convention !== 'unadjusted') adjusted[0] = byConvention[0]!;
  if (terminationConvention !== 'unadjusted') adjusted[last] = adjust(dates[last]!, calendar, terminationConvention);
  const moveToMonthEnd = endOfMonthRule && isLastBusinessDayOfMonth(seed, calendar);
  for (let i = 1; i < last; i++) {
    const date = dates[i]!;
    if (moveToMonthEnd) {
      unadjusted[i] = endOfMonth(date);
      adjusted[i] = convention === 'unadjusted' ? endOfMonth(date) : lastBusinessDayOfMonth(date, calendar);
    } else {
      adjusted[i] = byConvention[i]!;
    }
  }

  // The month-end move can push the next-to-last date onto or past the end (or the second
  // date onto or before the start): drop it, as QuantLib's final safety checks do.
  if (adjusted.length >= 2 && adjusted[adjusted.length - 2]! >= adjusted[adjusted.length - 1]!) {
    const n = adjusted.length;
    if (regular.length >= 2) regular[regular.length - 2] = adjusted[n - 2] === adjusted[n - 1];
    adjusted.splice(n - 2, 1);
    unadjusted.splice(n - 2, 1);
    regular.pop();
  }
  if (adjusted.length >= 2 && adjusted[1]! <= adjusted[0]!) {
    if (regular.length >= 2) regular[1] = adjusted[1] === adjusted[0];
    adjusted.splice(1, 1);
    unadjusted.splice(1, 1);
    regular.shift();
  }
  if (adjusted.length < 2) {
    throw new DateInputError('makeSchedule', 'effective/termination', 'dates at least one business day apart after adjustment', `${describeDay(effective)} to ${describeDay(termination)}`);
  }
  return { unadjusted, adjusted, regular };
}

function validate(options: ScheduleOptions, terminationConvention: unknown, stub: unknown): void {
  const where = 'makeSchedule';
  requireDay(where, 'effective', options.effective);
  requireDay(where, 'termination', options.termination);
  if (options.termination <= options.effective) {
    throw new DateInputError(where, 'termination', `after the effective date ${describeDay(options.effective)}`, describeDay(options.termination));
  }
  const { frequency } = options;
  if (!isFrequency(frequency)) {
    throw new DateInputError(where, 'frequency', 'one of 1, 2, 4, 12 (payments per year)', describeValue(frequency));
  }
  if (!isCalendarName(options.calendar)) {
    throw new DateInputError(where, 'calendar', `one of ${CALENDAR_NAMES.join(', ')}`, describeValue(options.calendar));
  }
  for (const [field, value] of [['convention', options.convention], ['terminationConvention', terminationConvention]] as const) {
    if (!isBusinessDayConvention(value)) {
      throw new DateInputError(where, field, `one of ${BUSINESS_DAY_CONVENTIONS.join(', ')}`, describeValue(value));
    }
  }
  if (!(STUBS as readonly unknown[]).includes(stub)) {
    throw new DateInputError(where, 'stub', `one of ${STUBS.join(', ')}`, describeValue(stub));
  }
}
