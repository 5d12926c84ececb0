import { describe, expect, it } from 'vitest';
import type { DiscountCurve } from '../../../src/valuation/curves/discount-curve.js';
import { parseDay, type Day } from '../../../src/valuation/dates/day.js';
import { FixedRateBond } from '../../../src/valuation/instruments/bond.js';
import { cleanPriceFromYield, yieldFromCleanPrice } from '../../../src/valuation/instruments/bond-analytics.js';
import type { BondPosition } from '../../../src/valuation/portfolio/position.js';

/**
 * Bonds B1 and B2 of ../shared/reference/valuation-cases.md: QuantLib's bonds test
 * ("cached" fixed-rate cases). Evaluation date 2004-11-22, one settlement day, face 100,
 * ActualActual(ISMA), semiannual, unadjusted accrual, no holidays; a flat 3% Actual/360
 * continuously compounded curve.
 */
function d(text: string): Day {
  const day = parseDay(text);
  if (day === undefined) throw new Error(`bad date in test: ${text}`);
  return day;
}

/** Within half a unit of the last digit shown: the value rounds to `expected`. */
function expectDigits(actual: number, expected: string): void {
  const decimals = expected.split('.')[1]?.length ?? 0;
  expect(Math.abs(actual - Number(expected))).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

/** DF(d) = exp(−r · days(reference, d) / 360). */
class FlatActual360Curve implements DiscountCurve {
  constructor(
    readonly referenceDate: Day,
    private readonly rate: number,
  ) {}

  discount(day: Day): number {
    return Math.exp((-this.rate * (day - this.referenceDate)) / 360);
  }

  zeroRate(): number {
    // The same continuously compounded rate on an Actual/365 Fixed time measure.
    return (this.rate * 365) / 360;
  }

  forwardRate(start: Day, end: Day, yearFraction: number): number {
    return (this.discount(start) / this.discount(end) - 1) / yearFraction;
  }
}

const evaluationDate = d('2004-11-22');
const curve = new FlatActual360Curve(evaluationDate, 0.03);

function bond(coupon: number, scheduleStart: string, maturity: string): FixedRateBond {
  // The first schedule date is where the first coupon starts accruing, so it is the position's
  // issue date. (QuantLib's B1 has issue date 2004-11-01 but accrues from 2004-10-31; the issue
  // date there only bounds settlement, and settlement is 2004-11-23.)
  const position: BondPosition = {
    kind: 'bond', id: `ust-${maturity}`, face: 100, coupon, issueDate: d(scheduleStart), maturityDate: d(maturity),
    frequency: 2, dayCount: 'ACT/ACT-ISMA', calendar: 'none',
  };
  return new FixedRateBond(position, { settlementDays: 1, endOfMonth: true });
}

const cases = [
  {
    name: 'B1: 2.5% 2004-10-31 to 2006-10-31, end of month',
    bond: bond(0.025, '2004-10-31', '2006-10-31'),
    marketYield: 0.02925, cleanAtYield: '99.204505', cleanFromCurve: '98.943393',
    marketPrice: 99.203125, yieldCompounded: '0.029257', yieldContinuous: '0.029045',
    // QuantLib's cachedYield1c: the continuous yield at the curve's clean price.
    curveYieldContinuous: '0.030423',
  },
  {
    name: 'B2: 3.5% 2004-11-15 to 2009-11-15',
    bond: bond(0.035, '2004-11-15', '2009-11-15'),
    marketYield: 0.03569, cleanAtYield: '99.687192', cleanFromCurve: '101.986794',
    marketPrice: 99.6875, yieldCompounded: '0.035689', yieldContinuous: '0.035375',
    curveYieldContinuous: '0.030432',
  },
] as const;

describe('fixed-rate bond reference cases (QuantLib bonds test)', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const settlement = c.bond.settlementDate(evaluationDate);

      it('settles one day after the evaluation date', () => {
        expect(settlement).toBe(d('2004-11-23'));
      });

      it('prices at the market yield, compounded semiannually', () => {
        expectDigits(cleanPriceFromYield(c.bond, c.marketYield, settlement, 'compounded'), c.cleanAtYield);
      });

      it('prices from the flat 3% Actual/360 curve', () => {
        expectDigits(c.bond.cleanPrice(curve), c.cleanFromCurve);
        expectDigits(c.bond.cleanPrice(curve, settlement), c.cleanFromCurve);
      });

      it('finds the yield of the market price, compounded and continuous', () => {
        expectDigits(yieldFromCleanPrice(c.bond, c.marketPrice, settlement, 'compounded'), c.yieldCompounded);
        expectDigits(yieldFromCleanPrice(c.bond, c.marketPrice, settlement, 'continuous'), c.yieldContinuous);
      });

      it('finds the continuous yield of the curve price', () => {
        expectDigits(yieldFromCleanPrice(c.bond, c.bond.cleanPrice(curve), settlement, 'continuous'), c.curveYieldContinuous);
      });
    });
  }
});
