import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiscountCurve } from '../../../src/valuation/curves/discount-curve.js';
import { addYears, dayOf, type Day } from '../../../src/valuation/dates/day.js';
import { cprToSmm } from '../../../src/valuation/prepayment/prepayment-rates.js';
import { RefiModel, refiParametersSchema, type RefiParameters } from '../../../src/valuation/prepayment/refi-model.js';
import { STANDARD_REFI_PARAMETERS } from './standard-refi-parameters.js';

const standard: RefiParameters = { ...STANDARD_REFI_PARAMETERS };

/** Seasoned pool, no seasonality, no burnout: SMM depends on the incentive alone. */
const plain: RefiParameters = { ...standard, seasonalityAmplitude: 0, burnoutRate: 0 };

function fill(model: RefiModel, months: number, context: { wac?: number; mortgageRate: number; firstLoanAge?: number; firstCalendarMonth?: number }): Float64Array {
  const out = new Float64Array(months);
  model.fillSmm(out, months, { wac: 0.06, firstLoanAge: 60, firstCalendarMonth: 1, ...context });
  return out;
}

describe('refinancing-incentive model', () => {
  it('prepays faster the deeper the incentive (WAC − mortgage rate)', () => {
    const model = new RefiModel('refi', plain);
    let previous = -1;
    for (let mortgageRate = 0.09; mortgageRate >= 0.02; mortgageRate -= 0.0025) {
      const smm = fill(model, 1, { mortgageRate })[0]!;
      expect(smm).toBeGreaterThan(previous);
      previous = smm;
    }
  });

  it('runs at turnover out of the money and approaches turnover + sCurveMax deep in it', () => {
    const model = new RefiModel('refi', plain);
    expect(fill(model, 1, { mortgageRate: 0.12 })[0]).toBeCloseTo(cprToSmm(plain.turnoverCpr), 5);
    expect(fill(model, 1, { mortgageRate: 0.0 })[0]).toBeCloseTo(cprToSmm(plain.turnoverCpr + plain.sCurveMax), 5);
    // At the midpoint refinancing runs at half its maximum.
    const atMidpoint = fill(model, 1, { wac: 0.06, mortgageRate: 0.06 - plain.sCurveMidpoint })[0]!;
    expect(atMidpoint).toBeCloseTo(cprToSmm(plain.turnoverCpr + plain.sCurveMax / 2), 12);
  });

  it('follows its documented formula month by month, in and out of the money', () => {
    const months = 100;
    for (const [mortgageRate, burnoutRate] of [[0.04, 2], [0.08, 2], [0.04, 0]] as const) {
      const p = { ...standard, burnoutRate, seasoningMonths: 20.5 };
      const model = new RefiModel('refi', p);
      const smm = fill(model, months, { wac: 0.065, mortgageRate, firstLoanAge: 3, firstCalendarMonth: 11 });
      const incentive = 0.065 - mortgageRate;
      const refinancing = p.sCurveMax / (1 + Math.exp(-p.sCurveSlope * (incentive - p.sCurveMidpoint)));
      for (let i = 0; i < months; i++) {
        const age = 3 + i;
        const calendarMonth = ((10 + i) % 12) + 1;
        const seasonality = 1 + p.seasonalityAmplitude * Math.cos((2 * Math.PI * (calendarMonth - p.seasonalityPeakMonth)) / 12);
        const burnout = 1 / (1 + p.burnoutRate * refinancing * (i / 12));
        const cpr = (p.turnoverCpr + refinancing * burnout) * Math.min(age / p.seasoningMonths, 1) * seasonality;
        expect(smm[i]).toBeCloseTo(1 - Math.pow(1 - cpr, 1 / 12), 13);
      }
    }
  });

  it('keeps every SMM in [0, 1) for any valid parameters and market', () => {
    const parameters = fc
      .record({
        turnoverCpr: fc.double({ min: 0, max: 0.99, noNaN: true }),
        sCurveMax: fc.double({ min: 0, max: 0.99, noNaN: true }),
        sCurveMidpoint: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
        sCurveSlope: fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        seasoningMonths: fc.double({ min: 1e-3, max: 120, noNaN: true }),
        seasonalityAmplitude: fc.double({ min: 0, max: 0.99, noNaN: true }),
        seasonalityPeakMonth: fc.integer({ min: 1, max: 12 }),
        burnoutRate: fc.double({ min: 0, max: 1000, noNaN: true }),
        mortgageSpread: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
        mortgageRateTenorYears: fc.integer({ min: 1, max: 50 }),
      })
      .filter((candidate) => refiParametersSchema.safeParse(candidate).success);
    fc.assert(
      fc.property(parameters, fc.double({ min: 0, max: 0.2, noNaN: true }), fc.double({ min: -0.05, max: 0.2, noNaN: true }), fc.integer({ min: 0, max: 400 }), (p, wac, mortgageRate, age) => {
        const smm = fill(new RefiModel('refi', p), 120, { wac, mortgageRate, firstLoanAge: age });
        return smm.every((value) => value >= 0 && value < 1);
      }),
    );
  });

  it('burns out: in the money, speeds fall month by month, and more with a higher burnout rate', () => {
    const months = 60;
    const none = fill(new RefiModel('refi', { ...plain, burnoutRate: 0 }), months, { mortgageRate: 0.04 });
    const some = fill(new RefiModel('refi', { ...plain, burnoutRate: 10 }), months, { mortgageRate: 0.04 });
    const more = fill(new RefiModel('refi', { ...plain, burnoutRate: 30 }), months, { mortgageRate: 0.04 });
    expect(some[0]).toBe(none[0]); // nothing accumulated yet in month 1
    for (let i = 1; i < months; i++) {
      expect(none[i]).toBe(none[0]);
      expect(some[i]).toBeLessThan(some[i - 1]!);
      expect(more[i]).toBeLessThan(some[i]!);
      expect(more[i]).toBeGreaterThan(cprToSmm(plain.turnoverCpr)); // turnover does not burn out
    }
  });

  it('burns out by how much the pool has refinanced: little out of the money', () => {
    const model = new RefiModel('refi', { ...plain, burnoutRate: 2 });
    const decline = (mortgageRate: number): number => {
      const smm = fill(model, 61, { mortgageRate });
      return smm[60]! / smm[0]!;
    };
    expect(decline(0.09)).toBeGreaterThan(0.99);
    expect(decline(0.04)).toBeLessThan(decline(0.06));
    expect(decline(0.06)).toBeLessThan(decline(0.09));
  });

  it('refinances more of the pool in total the deeper the incentive, despite burnout', () => {
    const model = new RefiModel('refi', { ...plain, burnoutRate: 3 });
    let previousSurvival = 1;
    for (let mortgageRate = 0.1; mortgageRate >= -0.02; mortgageRate -= 0.005) {
      const smm = fill(model, 360, { mortgageRate });
      const survival = smm.reduce((left, rate) => left * (1 - rate), 1);
      expect(survival).toBeLessThan(previousSurvival);
      previousSurvival = survival;
    }
  });

  it('ramps new loans up linearly over the seasoning months', () => {
    const model = new RefiModel('refi', { ...plain, seasoningMonths: 24 });
    const smm = fill(model, 40, { mortgageRate: 0.05, firstLoanAge: 1 });
    const seasoned = fill(model, 1, { mortgageRate: 0.05, firstLoanAge: 100 })[0]!;
    const fullCpr = plain.turnoverCpr + model.refinancingCpr(0.01);
    for (let age = 1; age <= 40; age++) {
      expect(smm[age - 1]).toBeCloseTo(cprToSmm(fullCpr * Math.min(age, 24) / 24), 14);
    }
    expect(smm[39]).toBeCloseTo(seasoned, 15);
  });

  it('peaks in the peak calendar month and troughs six months later', () => {
    const model = new RefiModel('refi', { ...standard, burnoutRate: 0, seasonalityPeakMonth: 7, seasonalityAmplitude: 0.2 });
    // Month 1 in March: months 5 and 11 of the projection are July and January.
    const smm = fill(model, 12, { mortgageRate: 0.06, firstCalendarMonth: 3 });
    const base = plain.turnoverCpr + model.refinancingCpr(0);
    expect(Math.max(...smm)).toBe(smm[4]);
    expect(Math.min(...smm)).toBe(smm[10]);
    expect(smm[4]).toBeCloseTo(cprToSmm(base * 1.2), 14);
    expect(smm[10]).toBeCloseTo(cprToSmm(base * 0.8), 14);
  });

  it('reads the mortgage rate as the curve zero rate at the tenor plus the spread', () => {
    const reference = dayOf(2023, 6, 30);
    const asked: Day[] = [];
    const curve: DiscountCurve = {
      referenceDate: reference,
      discount: () => 1,
      zeroRate: (day) => {
        asked.push(day);
        return 0.04;
      },
      forwardRate: () => 0,
    };
    const model = new RefiModel('refi', standard);
    expect(model.mortgageRate(curve)).toBeCloseTo(0.04 + standard.mortgageSpread, 15);
    expect(asked).toEqual([addYears(reference, 10)]);
    expect(model.rateSensitive).toBe(true);
  });

  it('refuses to project without a mortgage rate', () => {
    expect(() => fill(new RefiModel('refi-x', standard), 1, { mortgageRate: Number.NaN })).toThrow(/refi-x.*mortgage rate/);
  });
});
