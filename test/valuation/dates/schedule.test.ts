import { describe, expect, it } from 'vitest';
import { DateInputError } from '../../../src/valuation/dates/date-input-error.js';
import { formatDay, parseDay, type Day } from '../../../src/valuation/dates/day.js';
import { makeSchedule, type ScheduleOptions } from '../../../src/valuation/dates/schedule.js';
import type { BusinessDayConvention, Frequency } from '../../../src/valuation/portfolio/position.js';

function d(text: string): Day {
  const day = parseDay(text);
  if (day === undefined) throw new Error(`bad date in test: ${text}`);
  return day;
}

const days = (list: readonly Day[]): string[] => list.map(formatDay);

describe('makeSchedule', () => {
  it('keeps month ends for the bond B1 schedule (2004-10-31 to 2006-10-31, semiannual, end of month)', () => {
    const schedule = makeSchedule({
      effective: d('2004-10-31'), termination: d('2006-10-31'), frequency: 2, calendar: 'none', convention: 'unadjusted', endOfMonth: true,
    });
    expect(days(schedule.unadjusted)).toEqual(['2004-10-31', '2005-04-30', '2005-10-31', '2006-04-30', '2006-10-31']);
    expect(schedule.adjusted).toEqual(schedule.unadjusted);
    expect(schedule.regular).toEqual([true, true, true, true]);
  });

  it('puts a short stub at the front by default, and at the back when asked', () => {
    const options: ScheduleOptions = { effective: d('2024-01-10'), termination: d('2025-06-15'), frequency: 2, calendar: 'none', convention: 'unadjusted' };
    const front = makeSchedule(options);
    expect(days(front.unadjusted)).toEqual(['2024-01-10', '2024-06-15', '2024-12-15', '2025-06-15']);
    expect(front.regular).toEqual([false, true, true]);
    const back = makeSchedule({ ...options, stub: 'short-back' });
    expect(days(back.unadjusted)).toEqual(['2024-01-10', '2024-07-10', '2025-01-10', '2025-06-15']);
    expect(back.regular).toEqual([true, true, false]);
  });

  it('steps each date from the seed, so a clamped February does not drift later dates', () => {
    const schedule = makeSchedule({ effective: d('2023-08-31'), termination: d('2024-08-31'), frequency: 4, calendar: 'none', convention: 'unadjusted', stub: 'short-back' });
    expect(days(schedule.unadjusted)).toEqual(['2023-08-31', '2023-11-30', '2024-02-29', '2024-05-31', '2024-08-31']);
  });

  it('adjusts the dates by the convention, the termination date by its own', () => {
    // 17 Jun 2023 is a Saturday and Monday the 19th is Juneteenth; 17 Dec 2023 is a Sunday.
    const schedule = makeSchedule({
      effective: d('2023-06-17'), termination: d('2024-12-17'), frequency: 2, calendar: 'US-GOVT', convention: 'modified-following',
    });
    expect(days(schedule.unadjusted)).toEqual(['2023-06-17', '2023-12-17', '2024-06-17', '2024-12-17']);
    expect(days(schedule.adjusted)).toEqual(['2023-06-20', '2023-12-18', '2024-06-17', '2024-12-17']);
    // 15 Sep 2024 is a Sunday: left alone when the termination convention says so.
    const options = { effective: d('2023-03-15'), termination: d('2024-09-15'), frequency: 2, calendar: 'US-GOVT', convention: 'following' } as const;
    expect(formatDay(makeSchedule(options).adjusted.at(-1)!)).toBe('2024-09-16');
    expect(formatDay(makeSchedule({ ...options, terminationConvention: 'unadjusted' }).adjusted.at(-1)!)).toBe('2024-09-15');
  });
});

// QuantLib test-suite/schedule.cpp cases that use these calendars and generation rules.
describe("makeSchedule against QuantLib's schedule tests", () => {
  const usGovernment = (effective: string, termination: string, convention: BusinessDayConvention, stub: 'short-front' | 'short-back') =>
    makeSchedule({
      effective: d(effective), termination: d(termination), frequency: 2, calendar: 'US-GOVT', convention, terminationConvention: convention, endOfMonth: true, stub,
    });

  it('testBackwardDatesWithEomAdjustment: the first date is not moved to month end', () => {
    expect(days(usGovernment('1996-08-22', '1997-08-31', 'unadjusted', 'short-front').adjusted))
      .toEqual(['1996-08-22', '1996-08-31', '1997-02-28', '1997-08-31']);
  });

  it('testDoubleFirstDateWithEomAdjustment: month ends go to the last business day', () => {
    const schedule = usGovernment('1996-08-22', '1997-08-31', 'following', 'short-front');
    expect(days(schedule.adjusted)).toEqual(['1996-08-22', '1996-08-30', '1997-02-28', '1997-09-02']);
    expect(days(schedule.unadjusted)).toEqual(['1996-08-22', '1996-08-31', '1997-02-28', '1997-08-31']);
  });

  it('testForwardDatesWithEomAdjustment: the last date is not moved to month end', () => {
    expect(days(usGovernment('1996-08-31', '1997-09-15', 'unadjusted', 'short-back').adjusted))
      .toEqual(['1996-08-31', '1997-02-28', '1997-08-31', '1997-09-15']);
  });

  const targetAnnual = (termination: string) =>
    makeSchedule({
      effective: d('2013-03-28'), termination: d(termination), frequency: 1, calendar: 'TARGET', convention: 'unadjusted', endOfMonth: true, stub: 'short-back',
    });

  it('testDatesPastEndDateWithEomAdjustment: a month-end date past the end is dropped', () => {
    const schedule = targetAnnual('2015-03-30');
    expect(days(schedule.adjusted)).toEqual(['2013-03-28', '2014-03-31', '2015-03-30']);
    expect(schedule.regular[1]).toBe(false);
  });

  it('testDatesSameAsEndDateWithEomAdjustment: a month-end date equal to the end is dropped', () => {
    const schedule = targetAnnual('2015-03-31');
    expect(days(schedule.adjusted)).toEqual(['2013-03-28', '2014-03-31', '2015-03-31']);
    expect(schedule.regular[1]).toBe(true);
  });
});

describe('makeSchedule: bad input', () => {
  const good: ScheduleOptions = { effective: d('2024-01-15'), termination: d('2026-01-15'), frequency: 2, calendar: 'none', convention: 'unadjusted' };

  it('names a termination date that is not after the effective date', () => {
    expect(() => makeSchedule({ ...good, termination: d('2023-01-15') })).toThrow(DateInputError);
    expect(() => makeSchedule({ ...good, termination: d('2023-01-15') }))
      .toThrow('makeSchedule: termination must be after the effective date 19737 (2024-01-15); got 19372 (2023-01-15)');
  });

  it('names a bad frequency, calendar, convention or stub', () => {
    expect(() => makeSchedule({ ...good, frequency: 3 as Frequency })).toThrow(/frequency must be one of 1, 2, 4, 12 .*got 3/);
    expect(() => makeSchedule({ ...good, calendar: 'XNYS' as 'none' })).toThrow(/calendar must be .*got "XNYS"/);
    expect(() => makeSchedule({ ...good, convention: 'preceding' as BusinessDayConvention })).toThrow(/convention must be .*got "preceding"/);
    expect(() => makeSchedule({ ...good, terminationConvention: 'nearest' as BusinessDayConvention })).toThrow(/terminationConvention must be .*got "nearest"/);
    expect(() => makeSchedule({ ...good, stub: 'long-front' as 'short-front' })).toThrow(/stub must be one of short-front, short-back; got "long-front"/);
  });
});
