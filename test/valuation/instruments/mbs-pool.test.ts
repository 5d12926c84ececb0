import { describe, expect, it } from 'vitest';
import type { DiscountCurve } from '../../../src/valuation/curves/discount-curve.js';
import { addYears, dayOf, type Day } from '../../../src/valuation/dates/day.js';
import { MbsPool } from '../../../src/valuation/instruments/mbs-pool.js';
import { MbsPositionError } from '../../../src/valuation/instruments/mbs-position-error.js';
import type { MbsPosition } from '../../../src/valuation/portfolio/position.js';
import { PsaModel } from '../../../src/valuation/prepayment/psa-model.js';
import { RefiModel, type RefiParameters } from '../../../src/valuation/prepayment/refi-model.js';
import { STANDARD_REFI_PARAMETERS } from '../prepayment/standard-refi-parameters.js';

const VALUATION_DATE = dayOf(2024, 1, 31);

/** Flat continuously compounded rate on Actual/365 Fixed, counting its calls to discount(). */
class FlatCurve implements DiscountCurve {
  discounts = 0;
  constructor(readonly rate: number, readonly referenceDate: Day = VALUATION_DATE) {}
  discount(day: Day): number {
    this.discounts++;
    return Math.exp((-this.rate * (day - this.referenceDate)) / 365);
  }
  zeroRate(): number {
    return this.rate;
  }
  forwardRate(start: Day, end: Day, yearFraction: number): number {
    return (this.discount(start) / this.discount(end) - 1) / yearFraction;
  }
}

/** Fabozzi's pool: $400m, 7.5% pass-through, 8.125% WAC, 357 months left, seasoned 3 months. */
const fabozziPool: MbsPosition = {
  kind: 'mbs',
  id: 'fabozzi',
  balance: 400_000_000,
  wac: 0.08125,
  netCoupon: 0.075,
  wam: 357,
  age: 3,
  model: 'psa-100',
};

function psaPool(speed: number, position: MbsPosition = fabozziPool): MbsPool {
  return new MbsPool(position, new PsaModel(`psa-${speed}`, { speed }), VALUATION_DATE);
}

/** Asserts `actual` rounds to the published whole-dollar figure. */
function expectDollars(actual: number | undefined, published: number): void {
  expect(Math.round(actual!)).toBe(published);
}

describe('MBS pool projection: Fabozzi 100 PSA pool', () => {
  const flows = psaPool(100).project();

  it('month 1 matches the published table to $1', () => {
    expectDollars(flows.balance[0], 400_000_000);
    expect(flows.smm[0]).toBeCloseTo(0.00067, 5);
    expectDollars(flows.mortgagePayment[0], 2_975_868);
    expectDollars(flows.netInterest[0], 2_500_000);
    expectDollars(flows.scheduledPrincipal[0], 267_535);
    expectDollars(flows.prepayment[0], 267_470);
    expectDollars(flows.cashFlow[0], 3_035_005);
  });

  it('month 100 matches the published table to $1', () => {
    expectDollars(flows.balance[99], 231_249_776);
    expect(flows.smm[99]).toBeCloseTo(0.00514301, 8);
    expectDollars(flows.scheduledPrincipal[99], 332_928);
    expectDollars(flows.prepayment[99], 1_187_608);
  });

  it('pays back exactly the balance, and nothing is left at maturity', () => {
    let principal = 0;
    for (let i = 0; i < flows.months; i++) principal += flows.scheduledPrincipal[i]! + flows.prepayment[i]!;
    expect(principal).toBeCloseTo(fabozziPool.balance, 4);
    expect(flows.balance[flows.months]).toBe(0);
  });

  it('at 165 PSA pays $709,923 of principal in month 1', () => {
    expectDollars(psaPool(165).project().totalPrincipal(1), 709_923);
  });

  it.each([
    [50, 15.11],
    [100, 11.66],
    [165, 8.76],
    [200, 7.68],
    [300, 5.63],
  ])('at %i PSA has the published weighted average life (%f years, ±0.02)', (speed, years) => {
    expect(Math.abs(psaPool(speed).weightedAverageLife() - years)).toBeLessThanOrEqual(0.02);
  });
});

describe('MBS pool amortisation', () => {
  it.each([
    ['a 30-year pool', { wac: 0.065, netCoupon: 0.06, wam: 360 }],
    ['a pool at a zero coupon', { wac: 0, netCoupon: 0, wam: 120 }],
    ['a one-month pool', { wac: 0.05, netCoupon: 0.045, wam: 1 }],
  ])('without prepayment, %s amortises to exactly zero at maturity', (_label, terms) => {
    const flows = psaPool(0, { ...fabozziPool, ...terms, balance: 1_234_567.89, age: 0 }).project();
    expect(flows.balance[flows.months]).toBe(0);
    for (let i = 0; i < flows.months; i++) {
      expect(flows.prepayment[i]).toBe(0);
      expect(flows.balance[i + 1]).toBeLessThan(flows.balance[i]!);
      // A level payment: the same every month, since nothing prepays.
      expect(flows.mortgagePayment[i]).toBeCloseTo(flows.mortgagePayment[0]!, 6);
    }
  });
});

describe('MBS pool valuation', () => {
  /** A six-month pool, valued by hand: the level payment formula and explicit payment days. */
  const shortPool: MbsPosition = { ...fabozziPool, id: 'short', balance: 1_000_000, wac: 0.06, netCoupon: 0.055, wam: 6, age: 40 };
  const speed = 150;
  // From 2024-01-31, day of month clamped to each month's length.
  const paymentDays = [dayOf(2024, 2, 29), dayOf(2024, 3, 31), dayOf(2024, 4, 30), dayOf(2024, 5, 31), dayOf(2024, 6, 30), dayOf(2024, 7, 31)];

  function handValue(rate: number): number {
    const smm = 1 - Math.pow(1 - 1.5 * 0.06, 1 / 12); // seasoned past 30 months: the plateau
    const r = shortPool.wac / 12;
    let balance = shortPool.balance;
    let value = 0;
    for (let month = 1; month <= 6; month++) {
      const remaining = 6 - month + 1;
      const payment = (balance * r) / (1 - Math.pow(1 + r, -remaining));
      const scheduled = payment - balance * r;
      const prepaid = smm * (balance - scheduled);
      const cashFlow = (balance * shortPool.netCoupon) / 12 + scheduled + prepaid;
      value += cashFlow * Math.exp((-rate * (paymentDays[month - 1]! - VALUATION_DATE)) / 365);
      balance -= scheduled + prepaid;
    }
    return value;
  }

  it('pays month m on the valuation date + m months', () => {
    expect([...psaPool(speed, shortPool).paymentDays]).toEqual(paymentDays);
  });

  it('NPV on a flat curve equals the hand-discounted cash flows', () => {
    const pool = psaPool(speed, shortPool);
    expect(pool.npv(new FlatCurve(0.045))).toBeCloseTo(handValue(0.045), 6);
    expect(pool.price(new FlatCurve(0.045))).toBeCloseTo((handValue(0.045) / shortPool.balance) * 100, 10);
  });

  it('a static spread discounts like a curve shifted by the spread', () => {
    const pool = psaPool(100);
    expect(pool.npv(new FlatCurve(0.04), 0.0125)).toBeCloseTo(pool.npv(new FlatCurve(0.0525)), 4);
    expect(pool.npv(new FlatCurve(0.04), 0.0125)).toBeLessThan(pool.npv(new FlatCurve(0.04)));
  });

  it('asks a curve for each monthly discount factor once, however many pools are valued on it', () => {
    const curve = new FlatCurve(0.05);
    const longest = psaPool(100, { ...fabozziPool, wam: 360 });
    const values = [psaPool(100).npv(curve), longest.npv(curve), psaPool(150, { ...fabozziPool, wam: 240 }).npv(curve)];
    expect(curve.discounts).toBe(360);
    // The shared factors are the curve's own: the same value as discounting month by month.
    let direct = 0;
    const flows = longest.project();
    for (let i = 0; i < longest.months; i++) direct += flows.cashFlow[i]! * Math.exp((-0.05 * (longest.paymentDays[i]! - VALUATION_DATE)) / 365);
    expect(values[1]).toBeCloseTo(direct, 6);
  });

  it('values pools on different valuation dates with their own payment days', () => {
    const curve = new FlatCurve(0.045);
    const later = dayOf(2024, 2, 15);
    const laterPool = new MbsPool(shortPool, new PsaModel('psa-150', { speed }), later);
    const first = psaPool(speed, shortPool).npv(curve);
    expect(laterPool.paymentDays[0]).toBe(dayOf(2024, 3, 15));
    expect(laterPool.npv(curve)).toBeLessThan(first); // same flows, each paid 15 days later
    expect(psaPool(speed, shortPool).npv(curve)).toBeCloseTo(handValue(0.045), 6);
  });

  it('a PSA pool projects once and reuses the projection for every curve', () => {
    const pool = psaPool(100);
    const first = pool.project();
    const cashFlow = first.cashFlow[0];
    const curve = new FlatCurve(0.05);
    pool.npv(curve);
    pool.npv(new FlatCurve(0.06));
    expect(pool.project(curve)).toBe(first);
    expect(first.cashFlow[0]).toBe(cashFlow);
    expect(curve.discounts).toBe(fabozziPool.wam);
  });
});

describe('MBS pool on the refinancing model', () => {
  const parameters: RefiParameters = { ...STANDARD_REFI_PARAMETERS };
  const position: MbsPosition = { ...fabozziPool, wac: 0.065, netCoupon: 0.06, wam: 330, age: 30, model: 'refi-standard' };

  it('shortens as rates fall, and reprojects only when the mortgage rate moves', () => {
    const pool = new MbsPool(position, new RefiModel('refi-standard', parameters), VALUATION_DATE);
    const lives = [0.08, 0.07, 0.06, 0.05, 0.045, 0.04, 0.035, 0.03, 0.02, 0.01].map((rate) => pool.weightedAverageLife(new FlatCurve(rate)));
    for (let i = 1; i < lives.length; i++) expect(lives[i]).toBeLessThanOrEqual(lives[i - 1]!);
    expect(lives.at(-1)).toBeLessThan(lives[0]! / 2);

    const lowRates = new FlatCurve(0.03);
    const smmBefore = pool.project(lowRates).smm[0];
    const again = pool.project(new FlatCurve(0.03)); // another curve, same mortgage rate
    expect(again.smm[0]).toBe(smmBefore);
    expect(pool.project(new FlatCurve(0.031)).smm[0]).toBeLessThan(smmBefore!);
  });

  it('costs a premium pool value when rates fall: it prepays at par just when its coupon is worth most', () => {
    const premium = new MbsPool({ ...position, wac: 0.075, netCoupon: 0.07 }, new RefiModel('refi', parameters), VALUATION_DATE);
    const before = new FlatCurve(0.05);
    const after = new FlatCurve(0.03);
    const frozen = Float64Array.from(premium.project(before).cashFlow);
    let valueIfSpeedsStayed = 0;
    for (let i = 0; i < premium.months; i++) valueIfSpeedsStayed += frozen[i]! * after.discount(premium.paymentDays[i]!);
    expect(premium.npv(after)).toBeLessThan(valueIfSpeedsStayed);
    expect(premium.price(before)).toBeGreaterThan(100);
  });

  it('needs a curve to project', () => {
    const pool = new MbsPool(position, new RefiModel('refi-standard', parameters), VALUATION_DATE);
    expect(() => pool.project()).toThrow(/fabozzi.*curve is needed.*refi-standard/);
  });

  it('reads the mortgage rate from the curve at the model tenor', () => {
    const reference = dayOf(2024, 1, 31);
    expect(new RefiModel('refi', parameters).mortgageRate(new FlatCurve(0.04, reference))).toBeCloseTo(0.057, 15);
    expect(addYears(reference, 10)).toBe(dayOf(2034, 1, 31));
  });
});

describe('MBS position checks', () => {
  it.each([
    [{ balance: -1 }, 'balance'],
    [{ wac: Number.NaN }, 'wac'],
    [{ netCoupon: 0.09 }, 'netCoupon'],
    [{ wam: 357.5 }, 'wam'],
    [{ wam: 0 }, 'wam'],
    [{ age: -1 }, 'age'],
  ])('refuses %o, naming the position and field %s', (change, field) => {
    const make = () => psaPool(100, { ...fabozziPool, ...change });
    expect(make).toThrow(MbsPositionError);
    expect(make).toThrow(new RegExp(`MBS position 'fabozzi': ${field} `));
  });
});
