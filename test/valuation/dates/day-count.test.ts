import { describe, expect, it } from 'vitest';
import { DateInputError } from '../../../src/valuation/dates/date-input-error.js';
import { dayCount, yearFraction } from '../../../src/valuation/dates/day-count.js';
import { parseDay, type Day } from '../../../src/valuation/dates/day.js';
import type { DayCountName } from '../../../src/valuation/portfolio/position.js';

function d(text: string): Day {
  const day = parseDay(text);
  if (day === undefined) throw new Error(`bad date in test: ${text}`);
  return day;
}

/**
 * ISDA, "EMU and market conventions: recent developments" (the Actual/Actual memo, mktc1198),
 * as tabulated in QuantLib's daycounters test (testActualActual), to 12 decimals.
 */
const ACTUAL_ACTUAL_MEMO: readonly {
  readonly name: string;
  readonly start: string;
  readonly end: string;
  readonly referenceStart: string;
  readonly referenceEnd: string;
  readonly isda: number;
  readonly isma: number;
}[] = [
  { name: 'regular semiannual period', start: '2003-11-01', end: '2004-05-01', referenceStart: '2003-11-01', referenceEnd: '2004-05-01', isda: 0.497724380567, isma: 0.5 },
  { name: 'short first period', start: '1999-02-01', end: '1999-07-01', referenceStart: '1998-07-01', referenceEnd: '1999-07-01', isda: 0.41095890411, isma: 0.41095890411 },
  { name: 'period after a short first period', start: '1999-07-01', end: '2000-07-01', referenceStart: '1999-07-01', referenceEnd: '2000-07-01', isda: 1.0013773486, isma: 1 },
  { name: 'long first period', start: '2002-08-15', end: '2003-07-15', referenceStart: '2003-01-15', referenceEnd: '2003-07-15', isda: 0.915068493151, isma: 0.915760869565 },
  { name: 'period after a long first period', start: '2003-07-15', end: '2004-01-15', referenceStart: '2003-07-15', referenceEnd: '2004-01-15', isda: 0.504004790778, isma: 0.5 },
  { name: 'penultimate period before a short final one', start: '1999-07-30', end: '2000-01-30', referenceStart: '1999-07-30', referenceEnd: '2000-01-30', isda: 0.503892506924, isma: 0.5 },
  { name: 'short final period', start: '2000-01-30', end: '2000-06-30', referenceStart: '2000-01-30', referenceEnd: '2000-07-30', isda: 0.415300546448, isma: 0.417582417582 },
];

describe('yearFraction: Actual/Actual against the ISDA memo examples', () => {
  for (const example of ACTUAL_ACTUAL_MEMO) {
    it(`${example.name}: ${example.start} to ${example.end}`, () => {
      const start = d(example.start);
      const end = d(example.end);
      expect(yearFraction('ACT/ACT-ISDA', start, end)).toBeCloseTo(example.isda, 11);
      expect(yearFraction('ACT/ACT-ISMA', start, end, d(example.referenceStart), d(example.referenceEnd))).toBeCloseTo(example.isma, 11);
    });
  }

  it('ISMA gives the same results when told the coupon frequency', () => {
    const frequencyOf = (referenceStart: Day, referenceEnd: Day) => (referenceEnd - referenceStart > 300 ? 1 : 2);
    for (const example of ACTUAL_ACTUAL_MEMO) {
      const referenceStart = d(example.referenceStart);
      const referenceEnd = d(example.referenceEnd);
      expect(yearFraction('ACT/ACT-ISMA', d(example.start), d(example.end), referenceStart, referenceEnd, frequencyOf(referenceStart, referenceEnd)))
        .toBeCloseTo(example.isma, 11);
    }
  });

  // QuantLib testActualActualIsma, third case: quarterly, long final period 30 Nov 1999 to
  // 30 Apr 2000 measured against the notional quarters from 30 Nov 1999 (no end-of-month rule):
  // expected 91/(91·4) + 61/(90·4).
  it('ISMA splits a long final period into whole notional periods and a remainder', () => {
    const expected = 91 / (91 * 4) + 61 / (90 * 4);
    expect(yearFraction('ACT/ACT-ISMA', d('1999-11-30'), d('2000-04-30'), d('1999-11-30'), d('2000-02-29'))).toBeCloseTo(expected, 12);
    expect(yearFraction('ACT/ACT-ISMA', d('1999-11-30'), d('2000-04-30'), d('1999-11-30'), d('2000-02-29'), 4)).toBeCloseTo(expected, 12);
  });

  it('ISMA without a reference period takes the period itself, so a regular period is exact', () => {
    expect(yearFraction('ACT/ACT-ISMA', d('2003-11-01'), d('2004-05-01'))).toBe(0.5);
    expect(yearFraction('ACT/ACT-ISMA', d('2003-11-01'), d('2004-05-01'), undefined, undefined, 2)).toBe(0.5);
  });

  it('every convention is antisymmetric and zero on an empty period', () => {
    const conventions: DayCountName[] = ['ACT/360', 'ACT/365F', '30/360', 'ACT/ACT-ISMA', 'ACT/ACT-ISDA'];
    for (const convention of conventions) {
      expect(yearFraction(convention, d('2004-05-01'), d('2004-05-01'))).toBe(0);
      expect(yearFraction(convention, d('2004-05-01'), d('2003-11-01'), d('2003-11-01'), d('2004-05-01')))
        .toBeCloseTo(-yearFraction(convention, d('2003-11-01'), d('2004-05-01'), d('2003-11-01'), d('2004-05-01')), 15);
    }
  });

  it('ISDA over several years adds whole years in between', () => {
    // 2003-07-01 to 2006-07-01: 184/365 in 2003, 2004 and 2005 whole, 181/365 in 2006.
    expect(yearFraction('ACT/ACT-ISDA', d('2003-07-01'), d('2006-07-01'))).toBeCloseTo(184 / 365 + 2 + 181 / 365, 14);
  });
});

/** ISDA, "30/360 day count conventions" (2008), Bond Basis examples, as in QuantLib's testThirty360_BondBasis. */
const THIRTY_360_BOND_BASIS: readonly (readonly [string, string, number])[] = [
  // Example 1: end dates do not involve the last day of February
  ['2006-08-20', '2007-02-20', 180],
  ['2007-02-20', '2007-08-20', 180],
  ['2007-08-20', '2008-02-20', 180],
  ['2008-02-20', '2008-08-20', 180],
  ['2008-08-20', '2009-02-20', 180],
  ['2009-02-20', '2009-08-20', 180],
  // Example 2: end dates include some end-February dates
  ['2006-08-31', '2007-02-28', 178],
  ['2007-02-28', '2007-08-31', 183],
  ['2007-08-31', '2008-02-29', 179],
  ['2008-02-29', '2008-08-31', 182],
  ['2008-08-31', '2009-02-28', 178],
  ['2009-02-28', '2009-08-31', 183],
  // Example 3: miscellaneous calculations
  ['2006-01-31', '2006-02-28', 28],
  ['2006-01-30', '2006-02-28', 28],
  ['2006-02-28', '2006-03-03', 5],
  ['2006-02-14', '2006-02-28', 14],
  ['2006-09-30', '2006-10-31', 30],
  ['2006-10-31', '2006-11-28', 28],
  ['2007-08-31', '2008-02-28', 178],
  ['2008-02-28', '2008-08-28', 180],
  ['2008-02-28', '2008-08-30', 182],
  ['2008-02-28', '2008-08-31', 183],
  ['2007-02-26', '2008-02-28', 362],
  ['2007-02-26', '2008-02-29', 363],
  ['2008-02-29', '2009-02-28', 359],
  ['2008-02-28', '2008-03-30', 32],
  ['2008-02-28', '2008-03-31', 33],
];

describe('30/360 Bond Basis against the ISDA 2008 examples', () => {
  for (const [start, end, days] of THIRTY_360_BOND_BASIS) {
    it(`${start} to ${end}: ${days} days`, () => {
      expect(dayCount('30/360', d(start), d(end))).toBe(days);
      expect(yearFraction('30/360', d(start), d(end))).toBe(days / 360);
    });
  }
});

describe('actual conventions', () => {
  it('count calendar days, over 360 or 365', () => {
    const start = d('2003-11-01');
    const end = d('2004-05-01');
    const days = end - start; // 182: November to April, with 29 February
    for (const convention of ['ACT/360', 'ACT/365F', 'ACT/ACT-ISMA', 'ACT/ACT-ISDA'] as const) expect(dayCount(convention, start, end)).toBe(days);
    expect(yearFraction('ACT/360', start, end)).toBe(days / 360);
    expect(yearFraction('ACT/365F', start, end)).toBe(days / 365);
  });
});

describe('bad input', () => {
  it('names an unknown convention', () => {
    expect(() => yearFraction('ACT/ACT' as DayCountName, 0, 10)).toThrow(DateInputError);
    expect(() => yearFraction('ACT/ACT' as DayCountName, 0, 10)).toThrow(/convention must be one of .*; got "ACT\/ACT"/);
    expect(() => dayCount('BUS/252' as DayCountName, 0, 10)).toThrow(/dayCount: convention .*got "BUS\/252"/);
  });

  it('names a date that is not a whole day', () => {
    expect(() => yearFraction('ACT/360', 0.5, 10)).toThrow(/yearFraction: start must be a Day .*got 0.5/);
    expect(() => dayCount('30/360', 0, Number.NaN)).toThrow(/dayCount: end must be a Day .*got NaN/);
  });

  it('names an ISMA reference period that cannot hold the accrual', () => {
    // Reference period ending before the accrual starts.
    expect(() => yearFraction('ACT/ACT-ISMA', d('2004-01-01'), d('2004-03-01'), d('2003-01-01'), d('2003-07-01')))
      .toThrow(/reference period must be .*; got 12053 \(2003-01-01\) to 12234 \(2003-07-01\)/);
    // Accrual running past a reference period that starts after it.
    expect(() => yearFraction('ACT/ACT-ISMA', d('2003-01-01'), d('2004-03-01'), d('2003-02-01'), d('2003-08-01'))).toThrow(DateInputError);
    expect(() => yearFraction('ACT/ACT-ISMA', d('2003-01-01'), d('2003-03-01'), undefined, undefined, 3 as 2)).toThrow(/frequency must be one of 1, 2, 4, 12; got 3/);
  });
});
