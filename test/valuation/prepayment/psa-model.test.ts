import { describe, expect, it } from 'vitest';
import { cprToSmm, smmToCpr } from '../../../src/valuation/prepayment/prepayment-rates.js';
import { PsaModel, psaCpr } from '../../../src/valuation/prepayment/psa-model.js';

/** Context for a rate-blind model: only the loan age matters. */
function context(firstLoanAge: number) {
  return { wac: 0.08125, firstLoanAge, firstCalendarMonth: 1, mortgageRate: Number.NaN };
}

/** SMM at one loan age, through the vectorised fill a projection uses. */
function smmAtAge(model: PsaModel, age: number): number {
  const out = new Float64Array(1);
  model.fillSmm(out, 1, context(age));
  return out[0]!;
}

describe('PSA prepayment model', () => {
  const psa100 = new PsaModel('psa-100', { speed: 100 });

  it('reproduces the published 100 PSA SMMs (SIFMA formulas, Fabozzi)', () => {
    expect(smmAtAge(psa100, 5)).toBeCloseTo(0.000837, 6);
    expect(smmAtAge(psa100, 20)).toBeCloseTo(0.003396, 6);
    for (const age of [30, 31, 60, 359]) expect(smmAtAge(psa100, age)).toBeCloseTo(0.005143, 6);
  });

  it('ramps CPR by 0.2% a month to 6% at age 30, scaled by the speed', () => {
    expect(psaCpr(100, 1)).toBeCloseTo(0.002, 15);
    expect(psaCpr(100, 30)).toBeCloseTo(0.06, 15);
    expect(psaCpr(100, 200)).toBeCloseTo(0.06, 15);
    expect(psaCpr(165, 10)).toBeCloseTo(1.65 * 0.02, 15);
    expect(psaCpr(100, 0)).toBe(0);
  });

  it('fills month by month from the first loan age, ramp then plateau', () => {
    const model = new PsaModel('psa-150', { speed: 150 });
    const months = 40;
    const out = new Float64Array(months);
    model.fillSmm(out, months, context(4));
    for (let i = 0; i < months; i++) expect(out[i]).toBeCloseTo(1 - Math.pow(1 - psaCpr(150, 4 + i), 1 / 12), 15);
  });

  it('fills only the months asked for', () => {
    const out = new Float64Array(5).fill(-1);
    psa100.fillSmm(out, 3, context(40));
    expect([...out.subarray(3)]).toEqual([-1, -1]);
  });

  it('at speed 0 never prepays', () => {
    const out = new Float64Array(400).fill(1);
    new PsaModel('psa-0', { speed: 0 }).fillSmm(out, 400, context(1));
    expect(out.every((smm) => smm === 0)).toBe(true);
  });

  it('does not read rates', () => {
    expect(psa100.rateSensitive).toBe(false);
    expect(psa100.mortgageRate()).toBeNaN();
  });
});

describe('CPR and SMM', () => {
  it('compound: twelve months of SMM survive like one year of CPR', () => {
    for (const cpr of [0, 1e-9, 0.002, 0.06, 0.5, 0.99]) {
      const smm = cprToSmm(cpr);
      expect(Math.pow(1 - smm, 12)).toBeCloseTo(1 - cpr, 14);
      expect(smmToCpr(smm)).toBeCloseTo(cpr, 14);
    }
  });
});
