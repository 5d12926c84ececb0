import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, daysFromCivil, formatDay, parseDay, toYearMonthDay } from '../../../src/valuation/dates/day.js';

const MS_PER_DAY = 86_400_000;

describe('Day conversions (integer civil-calendar algorithms, checked against Date)', () => {
  it('toYearMonthDay and daysFromCivil agree with Date.UTC for every day from 1700 to 2300', () => {
    const mismatches: number[] = [];
    for (let day = -99_000; day <= 120_000; day++) {
      const date = new Date(day * MS_PER_DAY);
      const fields = toYearMonthDay(day);
      if (fields.year !== date.getUTCFullYear() || fields.month !== date.getUTCMonth() + 1 || fields.day !== date.getUTCDate()
        || daysFromCivil(fields.year, fields.month, fields.day) !== day) mismatches.push(day);
    }
    expect(mismatches).toEqual([]);
  });

  it('parseDay reads every year literally, including years below 100', () => {
    expect(formatDay(parseDay('0050-01-01')!)).toBe('0050-01-01');
    expect(parseDay('2023-02-29')).toBeUndefined();
    expect(parseDay('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
  });

  it('addMonths clamps to the month end, and keeps month ends with the end-of-month rule', () => {
    expect(formatDay(addMonths(parseDay('2024-01-31')!, 1))).toBe('2024-02-29');
    expect(formatDay(addMonths(parseDay('2023-02-28')!, 1))).toBe('2023-03-28');
    expect(formatDay(addMonths(parseDay('2023-02-28')!, 1, true))).toBe('2023-03-31');
    expect(formatDay(addMonths(parseDay('2004-10-31')!, -6, true))).toBe('2004-04-30');
  });

  it('addMonths matches Date arithmetic with clamping, forward and back', () => {
    fc.assert(fc.property(fc.integer({ min: -50_000, max: 60_000 }), fc.integer({ min: -600, max: 600 }), (day, months) => {
      const date = new Date(day * MS_PER_DAY);
      const index = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
      const year = Math.floor(index / 12);
      const month = index - year * 12;
      const length = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      const expected = Date.UTC(year, month, Math.min(date.getUTCDate(), length)) / MS_PER_DAY;
      expect(addMonths(day, months)).toBe(expected);
    }));
  });
});
