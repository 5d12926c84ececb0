import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiscountCurve } from '../../../src/valuation/curves/discount-curve.js';
import { MbsPool } from '../../../src/valuation/instruments/mbs-pool.js';
import type { MbsPosition } from '../../../src/valuation/portfolio/position.js';
import { fastCprToSmm } from '../../../src/valuation/prepayment/fast-cpr-to-smm.js';
import { cprToSmm } from '../../../src/valuation/prepayment/prepayment-rates.js';
import { PsaModel } from '../../../src/valuation/prepayment/psa-model.js';
import { RefiModel, type RefiParameters } from '../../../src/valuation/prepayment/refi-model.js';
import { buildScenarioCurves } from '../../../src/valuation/suite/scenario-curves.js';
import { exampleMarket, examplePortfolio, VALUATION_DATE } from './fixtures.js';
import { STANDARD_REFI_PARAMETERS } from '../prepayment/standard-refi-parameters.js';

/**
 * The faster paths the workflow's delta runs rely on (in src/valuation/prepayment and
 * src/valuation/instruments) give the same numbers as the plain ones: the fast CPR→SMM
 * conversion to within rounding of the exact one, and everything else to the last bit.
 */

const standard: RefiParameters = { ...STANDARD_REFI_PARAMETERS };

describe('fastCprToSmm', () => {
  it('is within 5e-16 of the exact conversion across the whole range of speeds', () => {
    let worst = 0;
    for (let k = 0; k <= 200_000; k++) {
      const cpr = (k / 200_000) * 0.999;
      worst = Math.max(worst, Math.abs(fastCprToSmm(cpr) - cprToSmm(cpr)));
    }
    expect(worst).toBeLessThan(5e-16);
  });

  it('keeps tiny speeds tiny and non-negative, and is 0 at 0', () => {
    expect(fastCprToSmm(0)).toBe(0);
    for (const cpr of [1e-300, 1e-17, 1e-12, 1e-8, 1e-5]) {
      const smm = fastCprToSmm(cpr);
      expect(smm).toBeGreaterThanOrEqual(0);
      expect(Math.abs(smm - cprToSmm(cpr))).toBeLessThan(5e-16);
    }
  });

  it('compounds like the exact one: twelve months of SMM survive like a year of CPR', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.99, noNaN: true }), (cpr) => {
        expect(Math.pow(1 - fastCprToSmm(cpr), 12)).toBeCloseTo(1 - cpr, 14);
      }),
    );
  });
});

describe('refinancing model: shared seasoned speeds', () => {
  const contexts = fc.array(
    fc.record({
      wac: fc.integer({ min: 250, max: 750 }).map((bp) => bp / 10_000),
      firstLoanAge: fc.integer({ min: 1, max: 121 }),
      mortgageRate: fc.constantFrom(0.055, 0.0551, 0.0549, 0.065, 0.045),
      months: fc.integer({ min: 1, max: 360 }),
    }),
    { minLength: 1, maxLength: 40, size: 'max' },
  );

  it('give every pool the speeds it would get alone, whatever was projected before', () => {
    fc.assert(
      fc.property(contexts, fc.integer({ min: 0, max: 1_000 }), fc.double({ min: 0, max: 5, noNaN: true }), (pools, seed, burnoutRate) => {
        const parameters = { ...standard, burnoutRate };
        const shared = new RefiModel('refi', parameters);
        for (const [index, pool] of pools.entries()) {
          const context = { ...pool, firstCalendarMonth: 1 + ((seed + index) % 12) };
          const afterOthers = new Float64Array(pool.months);
          shared.fillSmm(afterOthers, pool.months, context);
          const alone = new Float64Array(pool.months);
          new RefiModel('refi', parameters).fillSmm(alone, pool.months, context);
          expect([...afterOthers]).toEqual([...alone]);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('MbsPool.valueOnCurves', () => {
  const curves = buildScenarioCurves(exampleMarket().curve);
  const list: readonly DiscountCurve[] = Object.freeze([curves.base, curves.up, curves.down, ...curves.keyUp, ...curves.keyDown, curves.shockUp, curves.shockDown]);
  const pools = examplePortfolio(300).filter((p): p is MbsPosition => p.kind === 'mbs').slice(0, 40);
  const models = [new PsaModel('psa-150', { speed: 150 }), new RefiModel('refi-standard', standard), new RefiModel('refi-no-burnout', { ...standard, burnoutRate: 0 })];

  it('gives each curve exactly the value and life npv and weightedAverageLife give curve by curve', () => {
    for (const model of models) {
      for (const position of pools) {
        const batched = new MbsPool(position, model, VALUATION_DATE);
        batched.valueOnCurves(list);
        const values = list.map((curve) => batched.npv(curve));
        const life = batched.weightedAverageLife(curves.base);
        batched.releaseProjection();

        const plain = new MbsPool(position, model, VALUATION_DATE);
        expect(values).toEqual(list.map((curve) => plain.npv(curve)));
        expect(life).toBe(new MbsPool(position, model, VALUATION_DATE).weightedAverageLife(curves.base));
        // The life on a curve whose projection only its value was kept for: made again, the same.
        batched.valueOnCurves(list);
        expect(batched.weightedAverageLife(curves.shockUp)).toBe(new MbsPool(position, model, VALUATION_DATE).weightedAverageLife(curves.shockUp));
      }
    }
  });

  it('takes any list of curves: repeats, more curves than a run has', () => {
    const long = Object.freeze([...list, curves.base, ...list.slice(3, 9), curves.up]);
    for (const model of models) {
      const pool = new MbsPool(pools[1]!, model, VALUATION_DATE);
      pool.valueOnCurves(long);
      const values = long.map((curve) => pool.npv(curve));
      pool.releaseProjection();
      expect(values).toEqual(long.map((curve) => new MbsPool(pools[1]!, model, VALUATION_DATE).npv(curve)));
    }
  });
});
