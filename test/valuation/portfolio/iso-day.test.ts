import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, parseDay } from '../../../src/valuation/dates/day.js';
import { parseIsoDay } from '../../../src/valuation/portfolio/iso-day.js';

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

describe('parseIsoDay', () => {
  it('agrees with dates/day.ts parseDay on every date from year 100 on, valid or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (year, month, day) => {
        const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
        expect(parseIsoDay(text)).toBe(parseDay(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('knows leap years: 2024-02-29 and 2000-02-29 exist, 2023-02-29 and 1900-02-29 do not', () => {
    expect(parseIsoDay('2024-02-29')).toBe(dayOf(2024, 2, 29));
    expect(parseIsoDay('2000-02-29')).toBe(dayOf(2000, 2, 29));
    expect(parseIsoDay('2023-02-29')).toBeUndefined();
    expect(parseIsoDay('1900-02-29')).toBeUndefined();
  });

  it('counts years before 100 as themselves (Date.UTC would read 0050 as 1950)', () => {
    // 0001-01-01 is 719,162 days before 1970-01-01 in the proleptic Gregorian calendar.
    const epochFromYearOne = Date.UTC(1970, 0, 1) - new Date('0001-01-01T00:00:00Z').getTime();
    expect(parseIsoDay('0001-01-01')).toBe(-epochFromYearOne / 86_400_000);
  });

  it('rejects anything but YYYY-MM-DD', () => {
    for (const text of ['', '2023-1-05', '2023/01/05', '20230105', ' 2023-01-05', '2023-01-05 ', '2023-01-0x', '+023-01-05', '2023-00-10', '2023-13-01', '2023-04-31']) {
      expect(parseIsoDay(text)).toBeUndefined();
    }
  });
});
