import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, dayOfMonthOf, daysInMonth, endOfMonth, monthOf, toYearMonthDay, yearOf } from '../../../src/valuation/dates/day.js';

// The allocation-free field accessors must agree with the Date-based conversion everywhere,
// including before 1970 and across century leap-year rules (1900 no, 2000 yes).
describe('allocation-free day fields', () => {
  it('agree with toYearMonthDay for every day from 1899 to 2101', () => {
    for (let day = dayOf(1899, 1, 1); day <= dayOf(2101, 12, 31); day++) {
      const expected = toYearMonthDay(day);
      if (yearOf(day) !== expected.year || monthOf(day) !== expected.month || dayOfMonthOf(day) !== expected.day) {
        expect({ day, fields: [yearOf(day), monthOf(day), dayOfMonthOf(day)] }).toEqual({ day, fields: [expected.year, expected.month, expected.day] });
      }
    }
  });

  it('agree with toYearMonthDay on arbitrary days far from today', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (day) => {
        const expected = toYearMonthDay(day);
        expect([yearOf(day), monthOf(day), dayOfMonthOf(day)]).toEqual([expected.year, expected.month, expected.day]);
      }),
    );
  });

  it('endOfMonth is the last calendar day of the month', () => {
    expect(endOfMonth(dayOf(2024, 2, 10))).toBe(dayOf(2024, 2, 29));
    expect(endOfMonth(dayOf(2023, 2, 28))).toBe(dayOf(2023, 2, 28));
    expect(endOfMonth(dayOf(1900, 2, 1))).toBe(dayOf(1900, 2, 28));
    expect(endOfMonth(dayOf(2000, 2, 1))).toBe(dayOf(2000, 2, 29));
    for (let month = 1; month <= 12; month++) {
      expect(endOfMonth(dayOf(2023, month, 1))).toBe(dayOf(2023, month, daysInMonth(2023, month)));
    }
  });
});
