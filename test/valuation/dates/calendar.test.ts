import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  adjust,
  holidayList,
  isBusinessDay,
  isLastBusinessDayOfMonth,
  lastBusinessDayOfMonth,
} from '../../../src/valuation/dates/calendar.js';
import { DateInputError } from '../../../src/valuation/dates/date-input-error.js';
import { formatDay, parseDay, weekday, type Day } from '../../../src/valuation/dates/day.js';
import { easterSunday } from '../../../src/valuation/dates/easter.js';
import type { BusinessDayConvention, CalendarName } from '../../../src/valuation/portfolio/position.js';

function d(text: string): Day {
  const day = parseDay(text);
  if (day === undefined) throw new Error(`bad date in test: ${text}`);
  return day;
}

function holidays(calendar: CalendarName, from: string, to: string): string[] {
  return holidayList(calendar, d(from), d(to)).map(formatDay);
}

describe('Easter', () => {
  it('falls on the published dates, including the earliest and latest possible', () => {
    const published: Record<number, string> = {
      1961: '1961-04-02', 2000: '2000-04-23', 2004: '2004-04-11', 2008: '2008-03-23', 2019: '2019-04-21',
      2023: '2023-04-09', 2024: '2024-03-31', 2025: '2025-04-20', 2038: '2038-04-25', 2285: '2285-03-22',
    };
    for (const [year, easter] of Object.entries(published)) expect(formatDay(easterSunday(Number(year)))).toBe(easter);
  });
});

describe('US-GOVT (SIFMA US government bond market)', () => {
  // SIFMA's recommended full closes. Veterans Day 2023 fell on a Saturday and was not moved
  // (the bond market traded normally on Friday 10 November). Good Friday 2023 was a noon close
  // that SIFMA recommended not be a settlement day.
  it('closes on the 2023 holidays', () => {
    expect(holidays('US-GOVT', '2023-01-01', '2023-12-31')).toEqual([
      '2023-01-02', // New Year's Day, Sunday, observed Monday
      '2023-01-16', // Martin Luther King Jr. Day
      '2023-02-20', // Presidents Day
      '2023-04-07', // Good Friday
      '2023-05-29', // Memorial Day
      '2023-06-19', // Juneteenth
      '2023-07-04', // Independence Day
      '2023-09-04', // Labor Day
      '2023-10-09', // Columbus Day
      '2023-11-23', // Thanksgiving
      '2023-12-25', // Christmas
    ]);
  });

  it('closes on the 2024 holidays', () => {
    expect(holidays('US-GOVT', '2024-01-01', '2024-12-31')).toEqual([
      '2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19',
      '2024-07-04', '2024-09-02', '2024-10-14', '2024-11-11', '2024-11-28', '2024-12-25',
    ]);
  });

  it("reproduces QuantLib's 2004 list, with President Reagan's funeral", () => {
    expect(holidays('US-GOVT', '2004-01-01', '2004-12-31')).toEqual([
      '2004-01-01', '2004-01-19', '2004-02-16', '2004-04-09', '2004-05-31', '2004-06-11',
      '2004-07-05', '2004-09-06', '2004-10-11', '2004-11-11', '2004-11-25', '2004-12-24',
    ]);
  });

  it('moves Saturday holidays to Friday except New Year and Veterans Day, and Sunday ones to Monday', () => {
    expect(isBusinessDay('US-GOVT', d('2021-12-31'))).toBe(true); // New Year 2022 on a Saturday
    expect(isBusinessDay('US-GOVT', d('2020-07-03'))).toBe(false); // Independence Day on a Saturday
    expect(isBusinessDay('US-GOVT', d('2021-12-24'))).toBe(false); // Christmas on a Saturday
    expect(isBusinessDay('US-GOVT', d('2022-06-20'))).toBe(false); // Juneteenth on a Sunday
    expect(isBusinessDay('US-GOVT', d('2021-06-18'))).toBe(true); // Juneteenth before 2022
    expect(isBusinessDay('US-GOVT', d('2018-11-12'))).toBe(false); // Veterans Day on a Sunday
    expect(isBusinessDay('US-GOVT', d('2012-10-30'))).toBe(false); // Hurricane Sandy
    expect(isBusinessDay('US-GOVT', d('2018-12-05'))).toBe(false); // President Bush's funeral
  });
});

describe('TARGET', () => {
  it('closes on the 2023 and 2024 closing days (weekends aside)', () => {
    // 1 January 2023 was a Sunday.
    expect(holidays('TARGET', '2023-01-01', '2023-12-31')).toEqual(['2023-04-07', '2023-04-10', '2023-05-01', '2023-12-25', '2023-12-26']);
    expect(holidays('TARGET', '2024-01-01', '2024-12-31')).toEqual(['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-01', '2024-12-25', '2024-12-26']);
  });

  it("reproduces QuantLib's 1999–2006 list, with the pre-2000 rules", () => {
    expect(holidays('TARGET', '1999-01-01', '2006-12-31')).toEqual([
      '1999-01-01', '1999-12-31',
      '2000-04-21', '2000-04-24', '2000-05-01', '2000-12-25', '2000-12-26',
      '2001-01-01', '2001-04-13', '2001-04-16', '2001-05-01', '2001-12-25', '2001-12-26', '2001-12-31',
      '2002-01-01', '2002-03-29', '2002-04-01', '2002-05-01', '2002-12-25', '2002-12-26',
      '2003-01-01', '2003-04-18', '2003-04-21', '2003-05-01', '2003-12-25', '2003-12-26',
      '2004-01-01', '2004-04-09', '2004-04-12',
      '2005-03-25', '2005-03-28', '2005-12-26',
      '2006-04-14', '2006-04-17', '2006-05-01', '2006-12-25', '2006-12-26',
    ]);
  });
});

describe('none', () => {
  it('has every day as a business day, weekends included', () => {
    const saturday = d('2024-03-30');
    expect(weekday(saturday)).toBe(6);
    expect(isBusinessDay('none', saturday)).toBe(true);
    expect(holidays('none', '2024-01-01', '2024-12-31')).toEqual([]);
    expect(adjust(saturday, 'none', 'following')).toBe(saturday);
    expect(addBusinessDays(d('2004-11-22'), 1, 'none')).toBe(d('2004-11-23'));
  });
});

describe('adjust', () => {
  it('follows, or follows unless that changes the month', () => {
    // Good Friday 2024 then a weekend: following lands in April, modified following goes back.
    expect(formatDay(adjust(d('2024-03-29'), 'US-GOVT', 'following'))).toBe('2024-04-01');
    expect(formatDay(adjust(d('2024-03-29'), 'US-GOVT', 'modified-following'))).toBe('2024-03-28');
    expect(formatDay(adjust(d('2023-09-30'), 'US-GOVT', 'modified-following'))).toBe('2023-09-29');
    expect(formatDay(adjust(d('2023-09-16'), 'US-GOVT', 'modified-following'))).toBe('2023-09-18');
    // Saturday before Christmas on TARGET: Monday and Tuesday are closed.
    expect(formatDay(adjust(d('2023-12-23'), 'TARGET', 'following'))).toBe('2023-12-27');
    expect(adjust(d('2023-12-23'), 'TARGET', 'unadjusted')).toBe(d('2023-12-23'));
  });

  it('returns a business day on or after the day (following), in the same month (modified)', () => {
    const calendars: CalendarName[] = ['none', 'US-GOVT', 'TARGET'];
    fc.assert(
      fc.property(fc.integer({ min: d('1990-01-01'), max: d('2060-12-31') }), fc.constantFrom(...calendars), (day, calendar) => {
        const following = adjust(day, calendar, 'following');
        const modified = adjust(day, calendar, 'modified-following');
        expect(isBusinessDay(calendar, following)).toBe(true);
        expect(isBusinessDay(calendar, modified)).toBe(true);
        expect(following).toBeGreaterThanOrEqual(day);
        expect(formatDay(modified).slice(0, 7)).toBe(formatDay(day).slice(0, 7));
        if (isBusinessDay(calendar, day)) expect([following, modified]).toEqual([day, day]);
      }),
    );
  });
});

describe('addBusinessDays', () => {
  it('skips holidays and weekends in both directions', () => {
    expect(formatDay(addBusinessDays(d('2024-03-28'), 1, 'US-GOVT'))).toBe('2024-04-01');
    expect(formatDay(addBusinessDays(d('2024-04-01'), -1, 'US-GOVT'))).toBe('2024-03-28');
    expect(formatDay(addBusinessDays(d('2023-12-22'), 2, 'TARGET'))).toBe('2023-12-28');
    expect(formatDay(addBusinessDays(d('2024-03-30'), 0, 'US-GOVT'))).toBe('2024-04-01');
  });

  it('is undone by moving back the same number of business days', () => {
    fc.assert(
      fc.property(fc.integer({ min: d('2000-01-01'), max: d('2040-12-31') }), fc.integer({ min: -40, max: 40 }), (start, n) => {
        const day = adjust(start, 'US-GOVT', 'following');
        expect(addBusinessDays(addBusinessDays(day, n, 'US-GOVT'), -n, 'US-GOVT')).toBe(day);
      }),
    );
  });
});

describe('month ends', () => {
  it('finds the last business day of the month', () => {
    expect(formatDay(lastBusinessDayOfMonth(d('1996-08-10'), 'US-GOVT'))).toBe('1996-08-30');
    expect(isLastBusinessDayOfMonth(d('1997-08-29'), 'US-GOVT')).toBe(true);
    expect(isLastBusinessDayOfMonth(d('1997-08-31'), 'US-GOVT')).toBe(true);
    expect(isLastBusinessDayOfMonth(d('1997-08-28'), 'US-GOVT')).toBe(false);
  });
});

describe('bad input', () => {
  it('names an unknown calendar or convention', () => {
    expect(() => isBusinessDay('NYSE' as CalendarName, 0)).toThrow(DateInputError);
    expect(() => isBusinessDay('NYSE' as CalendarName, 0)).toThrow(/isBusinessDay: calendar must be one of none, US-GOVT, TARGET; got "NYSE"/);
    expect(() => adjust(0, 'TARGET', 'preceding' as BusinessDayConvention)).toThrow(/adjust: convention must be one of .*; got "preceding"/);
    expect(() => adjust(0, 'LON' as CalendarName, 'unadjusted')).toThrow(/calendar .*got "LON"/);
  });

  it('names a day or count that is not a whole number', () => {
    expect(() => isBusinessDay('TARGET', 1.5)).toThrow(/isBusinessDay: day must be a Day .*got 1.5/);
    expect(() => addBusinessDays(0, 0.5, 'TARGET')).toThrow(/addBusinessDays: n must be an integer; got 0.5/);
  });
});

describe('years outside the precomputed range', () => {
  it('follow the same rules', () => {
    // Christmas 2250 is a Wednesday; Easter 2285 is 22 March, so Good Friday is the 20th.
    expect(isBusinessDay('TARGET', d('2250-12-25'))).toBe(false);
    expect(isBusinessDay('TARGET', d('2250-12-24'))).toBe(true);
    expect(isBusinessDay('US-GOVT', d('2285-03-20'))).toBe(false);
    expect(isBusinessDay('US-GOVT', d('1850-07-04'))).toBe(false);
    expect(isBusinessDay('US-GOVT', d('1850-07-05'))).toBe(true);
  });
});
