import { describe, expect, it } from 'vitest';
import type { DiscountCurve } from '../../../src/valuation/curves/discount-curve.js';
import { yearFraction } from '../../../src/valuation/dates/day-count.js';
import { formatDay, parseDay, type Day } from '../../../src/valuation/dates/day.js';
import { FixedRateBond } from '../../../src/valuation/instruments/bond.js';
import { BondInputError } from '../../../src/valuation/instruments/bond-input-error.js';
import type { BondPosition } from '../../../src/valuation/portfolio/position.js';

function d(text: string): Day {
  const day = parseDay(text);
  if (day === undefined) throw new Error(`bad date in test: ${text}`);
  return day;
}

/** A flat continuously compounded curve on Actual/365 Fixed time. */
function flatCurve(referenceDate: Day, rate: number): DiscountCurve {
  const discount = (day: Day) => Math.exp((-rate * (day - referenceDate)) / 365);
  return {
    referenceDate,
    discount,
    zeroRate: () => rate,
    forwardRate: (start, end, yf) => (discount(start) / discount(end) - 1) / yf,
  };
}

function position(overrides: Partial<BondPosition> = {}): BondPosition {
  return {
    kind: 'bond', id: 'T 4.5 11/15/33', face: 1_000_000, coupon: 0.045, issueDate: d('2023-11-15'), maturityDate: d('2033-11-15'),
    frequency: 2, dayCount: 'ACT/ACT-ISMA', calendar: 'US-GOVT', ...overrides,
  };
}

describe('FixedRateBond cash flows', () => {
  it('pays regular coupons on business days and accrues on the unadjusted dates', () => {
    const bond = new FixedRateBond(position());
    expect(bond.size).toBe(20);
    // 15 Nov 2026 is a Sunday: the coupon accrues to the 15th and is paid Monday the 16th.
    const i = Array.from(bond.accrualEnd).indexOf(d('2026-11-15'));
    expect(formatDay(bond.paymentDay[i]!)).toBe('2026-11-16');
    for (let k = 0; k < bond.size; k++) {
      expect(bond.accrualFraction[k]).toBe(0.5);
      expect(bond.couponAmount[k]).toBe(2.25);
      if (k > 0) expect(bond.accrualStart[k]).toBe(bond.accrualEnd[k - 1]);
    }
    expect(bond.amount[bond.size - 1]).toBe(102.25);
    expect(bond.accrualEnd[bond.size - 1]).toBe(d('2033-11-15'));
  });

  it('measures a short first coupon against the regular period it is cut from', () => {
    const bond = new FixedRateBond(position({ issueDate: d('2024-01-10'), maturityDate: d('2026-06-15'), calendar: 'none' }));
    expect(formatDay(bond.accrualStart[0]!)).toBe('2024-01-10');
    expect(formatDay(bond.accrualEnd[0]!)).toBe('2024-06-15');
    expect(formatDay(bond.referenceStart[0]!)).toBe('2023-12-15');
    const isma = (0.5 * (d('2024-06-15') - d('2024-01-10'))) / (d('2024-06-15') - d('2023-12-15'));
    expect(bond.accrualFraction[0]).toBeCloseTo(isma, 15);
    expect(bond.couponAmount[0]).toBeCloseTo(100 * 0.045 * isma, 13);
  });

  it('keeps a month-end maturity at month end through February', () => {
    const bond = new FixedRateBond(position({ issueDate: d('2024-02-29'), maturityDate: d('2026-08-31'), calendar: 'none' }));
    expect(Array.from(bond.accrualEnd, formatDay)).toEqual(['2024-08-31', '2025-02-28', '2025-08-31', '2026-02-28', '2026-08-31']);
  });
});

describe('settlement and accrued interest', () => {
  const bond = new FixedRateBond(position());

  it('settles the given business days after the valuation date, never before issue', () => {
    expect(formatDay(bond.settlementDate(d('2024-03-28')))).toBe('2024-04-01'); // over Good Friday and the weekend
    expect(bond.settlementDate(d('2023-11-01'))).toBe(d('2023-11-15'));
    const t2 = new FixedRateBond(position(), { settlementDays: 2, settlementCalendar: 'none' });
    expect(formatDay(t2.settlementDate(d('2024-03-28')))).toBe('2024-03-30');
  });

  it('accrues the ISMA fraction of the coupon since the last coupon date', () => {
    const settlement = d('2024-02-20');
    const expected = 100 * 0.045 * yearFraction('ACT/ACT-ISMA', d('2023-11-15'), settlement, d('2023-11-15'), d('2024-05-15'));
    expect(bond.accruedInterest(settlement)).toBeCloseTo(expected, 14);
    expect(bond.accruedInterest(settlement)).toBeCloseTo((2.25 * (settlement - d('2023-11-15'))) / (d('2024-05-15') - d('2023-11-15')), 14);
  });

  it('is zero on a coupon date, and full between an unpaid holiday coupon date and its payment', () => {
    expect(bond.accruedInterest(d('2024-05-15'))).toBe(0);
    // 15 Nov 2026 is a Sunday, paid on the 16th: on the 15th the whole coupon is still owed.
    expect(bond.accruedInterest(d('2026-11-15'))).toBeCloseTo(2.25, 14);
    expect(bond.accruedInterest(d('2033-11-15'))).toBe(0);
    expect(bond.accruedInterest(d('2040-01-01'))).toBe(0);
  });
});

describe('pricing on a curve', () => {
  const bond = new FixedRateBond(position());
  const curve = flatCurve(d('2024-02-16'), 0.04);
  const settlement = bond.settlementDate(curve.referenceDate);

  it('discounts the cash flows after settlement and brings them forward to settlement', () => {
    let expected = 0;
    for (let i = 0; i < bond.size; i++) expected += bond.amount[i]! * curve.discount(bond.paymentDay[i]!);
    expected /= curve.discount(settlement);
    expect(formatDay(settlement)).toBe('2024-02-20'); // Presidents Day on the 19th
    expect(bond.dirtyPrice(curve)).toBeCloseTo(expected, 12);
    expect(bond.cleanPrice(curve)).toBeCloseTo(expected - bond.accruedInterest(settlement), 12);
  });

  it('values the position at dirty price / 100 × face', () => {
    expect(bond.npv(curve)).toBeCloseTo((bond.dirtyPrice(curve) / 100) * 1_000_000, 6);
  });

  it('leaves out a flow paid on the settlement date', () => {
    const onCoupon = d('2024-05-15');
    const onCurve = flatCurve(onCoupon, 0.04);
    let expected = 0;
    for (let i = 1; i < bond.size; i++) expected += bond.amount[i]! * onCurve.discount(bond.paymentDay[i]!);
    expect(bond.dirtyPrice(onCurve, onCoupon)).toBeCloseTo(expected, 12);
    expect(bond.firstLiveFlow(onCoupon)).toBe(1);
    expect(bond.firstLiveFlow(onCoupon - 1)).toBe(0);
    expect(bond.dirtyPrice(onCurve, d('2034-01-01'))).toBe(0);
  });
});

describe('bad input', () => {
  const expectError = (overrides: Partial<BondPosition>, message: RegExp | string) => {
    expect(() => new FixedRateBond(position(overrides))).toThrow(BondInputError);
    expect(() => new FixedRateBond(position(overrides))).toThrow(message);
  };

  it('names a maturity on or before the issue date', () => {
    expectError(
      { maturityDate: d('2023-11-15') },
      'bond "T 4.5 11/15/33": maturityDate must be after the issue date 19676 (2023-11-15); got 19676 (2023-11-15)',
    );
  });

  it('names a face that is not positive', () => {
    expectError({ face: 0 }, 'bond "T 4.5 11/15/33": face must be a positive finite amount; got 0');
    expectError({ face: Number.NaN }, /face must be a positive finite amount; got NaN/);
  });

  it('names an unknown day count, calendar or frequency', () => {
    expectError({ dayCount: 'ACT/ACT' as BondPosition['dayCount'] }, /dayCount must be one of ACT\/360, .*; got "ACT\/ACT"/);
    expectError({ calendar: 'NYSE' as BondPosition['calendar'] }, /calendar must be one of none, US-GOVT, TARGET; got "NYSE"/);
    expectError({ frequency: 6 as BondPosition['frequency'] }, /frequency must be one of 1, 2, 4, 12 .*; got 6/);
  });

  it('names a coupon given in percent, and dates that are not days', () => {
    expectError({ coupon: 4.5 }, /coupon must be a decimal rate between 0 and 1 .*; got 4.5/);
    expectError({ issueDate: '2023-11-15' as unknown as Day }, /issueDate must be a Day .*; got "2023-11-15"/);
  });

  it('names bad options', () => {
    expect(() => new FixedRateBond(position(), { settlementDays: -1 })).toThrow(/settlementDays must be a non-negative integer; got -1/);
    expect(() => new FixedRateBond(position(), { paymentConvention: 'preceding' as 'following' })).toThrow(/paymentConvention must be one of .*; got "preceding"/);
  });
});

describe('coupon dates', () => {
  it('follow the maturity day of month when the maturity is only the last business day of its month', () => {
    // Friday 29 May 2026 is the last business day of May, but not its last day.
    const bond = new FixedRateBond(position({ issueDate: d('2024-05-29'), maturityDate: d('2026-05-29') }));
    expect(Array.from(bond.accrualEnd, formatDay)).toEqual(['2024-11-29', '2025-05-29', '2025-11-29', '2026-05-29']);
    // 29 Nov 2025 is a Saturday: paid on Monday 1 December.
    expect(formatDay(bond.paymentDay[2]!)).toBe('2025-12-01');
  });
});
