import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiscountCurve } from '../../../src/valuation/curves/discount-curve.js';
import { parseDay, type Day } from '../../../src/valuation/dates/day.js';
import { FixedRateBond } from '../../../src/valuation/instruments/bond.js';
import {
  cleanPriceFromYield,
  convexity,
  dirtyPriceFromYield,
  dv01,
  measureBond,
  modifiedDuration,
  yieldFromCleanPrice,
  yieldFromDirtyPrice,
  type YieldCompounding,
} from '../../../src/valuation/instruments/bond-analytics.js';
import { BondInputError } from '../../../src/valuation/instruments/bond-input-error.js';
import type { BondPosition } from '../../../src/valuation/portfolio/position.js';

function d(text: string): Day {
  const day = parseDay(text);
  if (day === undefined) throw new Error(`bad date in test: ${text}`);
  return day;
}

function flatCurve(referenceDate: Day, rate: number): DiscountCurve {
  const discount = (day: Day) => Math.exp((-rate * (day - referenceDate)) / 365);
  return { referenceDate, discount, zeroRate: () => rate, forwardRate: (start, end, yf) => (discount(start) / discount(end) - 1) / yf };
}

function position(overrides: Partial<BondPosition> = {}): BondPosition {
  return {
    kind: 'bond', id: 'B', face: 5_000_000, coupon: 0.045, issueDate: d('2023-11-15'), maturityDate: d('2033-11-15'),
    frequency: 2, dayCount: 'ACT/ACT-ISMA', calendar: 'US-GOVT', ...overrides,
  };
}

const COMPOUNDINGS: YieldCompounding[] = ['compounded', 'continuous'];

describe('a par bond (textbook closed forms)', () => {
  // 20-year 6% semiannual bond settling on its issue date, priced at a 6% yield.
  const bond = new FixedRateBond(position({ coupon: 0.06, issueDate: d('2020-01-15'), maturityDate: d('2040-01-15'), calendar: 'none' }));
  const settlement = bond.settlementDate(d('2020-01-14'));
  const y = 0.06;
  const periods = 40;

  it('is priced at par when the yield equals the coupon', () => {
    expect(settlement).toBe(d('2020-01-15'));
    expect(cleanPriceFromYield(bond, y, settlement)).toBeCloseTo(100, 10);
    expect(yieldFromCleanPrice(bond, 100, settlement)).toBeCloseTo(y, 11);
  });

  it('has the par-bond modified duration (1/y)(1 − (1 + y/2)^−n)', () => {
    // A par bond's price is an annuity at its own yield, so its duration has this closed form.
    const expected = (1 / y) * (1 - (1 + y / 2) ** -periods);
    expect(modifiedDuration(bond, y, settlement)).toBeCloseTo(expected, 10);
  });

  it('has the annuity-plus-principal price at any yield', () => {
    const r = 0.075 / 2;
    const expected = 3 * ((1 - (1 + r) ** -periods) / r) + 100 * (1 + r) ** -periods;
    expect(dirtyPriceFromYield(bond, 0.075, settlement)).toBeCloseTo(expected, 10);
  });
});

describe('duration, convexity and DV01 against finite differences', () => {
  const bond = new FixedRateBond(position());
  const settlement = d('2024-02-20');

  for (const compounding of COMPOUNDINGS) {
    it(`match the bumped price (${compounding})`, () => {
      fc.assert(
        fc.property(fc.double({ min: -0.01, max: 0.15, noNaN: true }), (y) => {
          const price = (rate: number) => dirtyPriceFromYield(bond, rate, settlement, compounding);
          const p = price(y);
          const h = 1e-5;
          const slope = (price(y + h) - price(y - h)) / (2 * h);
          const H = 1e-4;
          const curvature = (price(y + H) - 2 * p + price(y - H)) / (H * H);
          expect(modifiedDuration(bond, y, settlement, compounding)).toBeCloseTo(-slope / p, 7);
          expect(convexity(bond, y, settlement, compounding) / (curvature / p) - 1).toBeCloseTo(0, 5);
          expect(dv01(bond, y, settlement, compounding)).toBeCloseTo((-slope * 1e-4 * 5_000_000) / 100, 4);
        }),
        { numRuns: 40 },
      );
    });
  }
});

describe('yield solver', () => {
  const bond = new FixedRateBond(position());
  const settlement = d('2024-02-20');

  it('inverts the yield price across a wide range of yields, both compoundings', () => {
    for (const compounding of COMPOUNDINGS) {
      fc.assert(
        fc.property(fc.double({ min: -0.05, max: 0.6, noNaN: true }), (y) => {
          const clean = cleanPriceFromYield(bond, y, settlement, compounding);
          expect(Math.abs(yieldFromCleanPrice(bond, clean, settlement, compounding) - y)).toBeLessThan(1e-10);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('converges from a poor guess and on a stub bond', () => {
    const stub = new FixedRateBond(position({ issueDate: d('2024-01-10'), maturityDate: d('2026-06-15') }));
    const dirty = dirtyPriceFromYield(stub, 0.052, d('2024-03-01'));
    for (const guess of [0.9, -0.5, -1.999, 50]) {
      expect(Math.abs(yieldFromDirtyPrice(stub, dirty, d('2024-03-01'), 'compounded', { guess }) - 0.052)).toBeLessThan(1e-10);
    }
    const continuousDirty = dirtyPriceFromYield(stub, 0.052, d('2024-03-01'), 'continuous');
    for (const guess of [0.9, -0.5, 50]) {
      expect(Math.abs(yieldFromDirtyPrice(stub, continuousDirty, d('2024-03-01'), 'continuous', { guess }) - 0.052)).toBeLessThan(1e-10);
    }
  });

  it('names a price no yield reproduces, and a settlement after the last payment', () => {
    expect(() => yieldFromCleanPrice(bond, -120, settlement)).toThrow(BondInputError);
    expect(() => yieldFromCleanPrice(bond, -120, settlement)).toThrow(/bond "B": dirty price must be a positive finite price .*; got -11\d\.\d+/);
    expect(() => yieldFromCleanPrice(bond, Number.NaN, settlement)).toThrow(/cleanPrice must be a finite price per 100 face; got NaN/);
    expect(() => yieldFromCleanPrice(bond, 100, d('2034-01-01'))).toThrow(/settlement must be before the last payment/);
    expect(() => dirtyPriceFromYield(bond, -2, settlement)).toThrow(/yield must be greater than −2 when compounded 2 times a year; got -2/);
    expect(() => dirtyPriceFromYield(bond, 0.05, settlement, 'simple' as YieldCompounding)).toThrow(/compounding must be "compounded" or "continuous"; got "simple"/);
  });
});

describe('measureBond', () => {
  it('reports curve prices and the yield measures at the yield the curve implies', () => {
    const bond = new FixedRateBond(position());
    const curve = flatCurve(d('2024-02-16'), 0.043);
    const measures = measureBond(bond, curve);
    const settlement = bond.settlementDate(curve.referenceDate);
    expect(measures.settlement).toBe(settlement);
    expect(measures.dirtyPrice).toBeCloseTo(bond.dirtyPrice(curve), 12);
    expect(measures.cleanPrice).toBeCloseTo(bond.cleanPrice(curve), 12);
    expect(measures.npv).toBeCloseTo(bond.npv(curve), 6);
    expect(cleanPriceFromYield(bond, measures.yield, settlement)).toBeCloseTo(measures.cleanPrice, 9);
    expect(measures.modifiedDuration).toBeCloseTo(modifiedDuration(bond, measures.yield, settlement), 12);
    expect(measures.convexity).toBeCloseTo(convexity(bond, measures.yield, settlement), 10);
    expect(measures.dv01).toBeCloseTo(dv01(bond, measures.yield, settlement), 8);

    const reused = measureBond(bond, flatCurve(d('2024-02-16'), 0.05), undefined, 'continuous', measures);
    expect(reused).toBe(measures);
    expect(cleanPriceFromYield(bond, reused.yield, settlement, 'continuous')).toBeCloseTo(reused.cleanPrice, 9);
  });
});
