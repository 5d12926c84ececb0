import type { DiscountCurve } from '../curves/discount-curve.js';
import { describeValue } from '../dates/date-input-error.js';
import type { Day } from '../dates/day.js';
import type { FixedRateBond } from './bond.js';
import { BondInputError } from './bond-input-error.js';

/**
 * Yield measures of a fixed-rate bond, as QuantLib's BondFunctions with the bond's own day
 * count: a flat yield discounts each cash flow over its stepwise time (the period's year
 * fraction under the day count and reference period, less the part already accrued at
 * settlement, then whole periods), either compounded at the coupon frequency,
 * (1 + y/f)^(−f t), or continuously, e^(−y t). Prices are per 100 face.
 */
export type YieldCompounding = 'compounded' | 'continuous';

/** Yield solver tolerance on the yield itself. */
export const YIELD_ACCURACY = 1e-10;
const MAX_ITERATIONS = 100;

// The yield sums of the last `yieldSums` call: price, dP/dy, d²P/dy², per 100 face. Module
// scratch rather than a returned record keeps the solver's inner loop allocation-free.
let sumPrice = 0;
let sumSlope = 0;
let sumCurvature = 0;

/**
 * P(y) and its first two derivatives from flow `first` on, `firstTime` being the time to that
 * flow's payment. Both compoundings discount as e^(−k t), with k = f·ln(1 + y/f) when
 * compounded, and regular periods all have the same length, so the discount factor is stepped
 * by one cached factor rather than recomputed with a power per flow.
 */
function yieldSums(bond: FixedRateBond, first: number, firstTime: number, rate: number, compounding: YieldCompounding): void {
  const { amount, periodTime, size } = bond;
  const continuous = compounding === 'continuous';
  const f = bond.frequency;
  const base = 1 + rate / f;
  // d/dy of (k t) is t / base when compounded, t when continuous; the second derivative of
  // the discount factor adds t/(f base²) when compounded (the curvature of ln).
  const k = continuous ? rate : f * Math.log1p(rate / f);
  const slopeScale = continuous ? 1 : 1 / base;
  const curvatureExtra = continuous ? 0 : 1 / (f * base * base);
  let price = 0;
  let slope = 0;
  let curvature = 0;
  let t = firstTime;
  let discount = Math.exp(-k * t);
  let stepTime = Number.NaN;
  let stepFactor = 1;
  for (let i = first; i < size; i++) {
    if (i > first) {
      const dt = periodTime[i]!;
      if (dt !== stepTime) {
        stepTime = dt;
        stepFactor = Math.exp(-k * dt);
      }
      t += dt;
      discount *= stepFactor;
    }
    const value = amount[i]! * discount;
    price += value;
    slope += value * t;
    curvature += value * t * (t * slopeScale * slopeScale + curvatureExtra);
  }
  sumPrice = price;
  sumSlope = -slope * slopeScale;
  sumCurvature = curvature;
}

/** Evaluates the yield sums at `settlement`; false when no cash flow is left after it. */
function evaluate(bond: FixedRateBond, rate: number, settlement: Day, compounding: YieldCompounding): boolean {
  const first = bond.firstLiveFlow(settlement);
  if (first === bond.size) {
    sumPrice = 0;
    sumSlope = 0;
    sumCurvature = 0;
    return false;
  }
  yieldSums(bond, first, bond.timeToFirstLiveFlow(settlement, first), rate, compounding);
  return true;
}

function checkInputs(bond: FixedRateBond, rate: number, settlement: Day, compounding: unknown): void {
  bond.requireDay('settlement', settlement);
  if (!Number.isFinite(rate)) throw new BondInputError(bond.id, 'yield', 'a finite decimal rate', describeValue(rate));
  if (compounding !== 'compounded' && compounding !== 'continuous') {
    throw new BondInputError(bond.id, 'compounding', '"compounded" or "continuous"', describeValue(compounding));
  }
  if (compounding === 'compounded' && rate <= -bond.frequency) {
    throw new BondInputError(bond.id, 'yield', `greater than −${bond.frequency} when compounded ${bond.frequency} times a year`, describeValue(rate));
  }
}

/** Dirty price per 100 face at `settlement` for a flat yield. */
export function dirtyPriceFromYield(bond: FixedRateBond, rate: number, settlement: Day, compounding: YieldCompounding = 'compounded'): number {
  checkInputs(bond, rate, settlement, compounding);
  evaluate(bond, rate, settlement, compounding);
  return sumPrice;
}

/** Clean price per 100 face at `settlement` for a flat yield (dirty less accrued). */
export function cleanPriceFromYield(bond: FixedRateBond, rate: number, settlement: Day, compounding: YieldCompounding = 'compounded'): number {
  return dirtyPriceFromYield(bond, rate, settlement, compounding) - bond.accruedInterest(settlement);
}

/** Modified duration, −(dP/dy)/P, in years. */
export function modifiedDuration(bond: FixedRateBond, rate: number, settlement: Day, compounding: YieldCompounding = 'compounded'): number {
  checkInputs(bond, rate, settlement, compounding);
  evaluate(bond, rate, settlement, compounding);
  return sumPrice === 0 ? 0 : -sumSlope / sumPrice;
}

/** Convexity, (d²P/dy²)/P, in years². */
export function convexity(bond: FixedRateBond, rate: number, settlement: Day, compounding: YieldCompounding = 'compounded'): number {
  checkInputs(bond, rate, settlement, compounding);
  evaluate(bond, rate, settlement, compounding);
  return sumPrice === 0 ? 0 : sumCurvature / sumPrice;
}

/**
 * DV01 of the position: the value it loses when the yield rises one basis point, to first
 * order, −dP/dy × 0.0001 × face / 100 (positive for a long bond).
 */
export function dv01(bond: FixedRateBond, rate: number, settlement: Day, compounding: YieldCompounding = 'compounded'): number {
  checkInputs(bond, rate, settlement, compounding);
  evaluate(bond, rate, settlement, compounding);
  return (-sumSlope * 1e-4 * bond.face) / 100;
}

export interface YieldSolverOptions {
  /** Starting point for the search. Default: the coupon rate. */
  readonly guess?: number;
  /** Tolerance on the yield. Default 1e-10. */
  readonly accuracy?: number;
}

/** The flat yield at which the bond's clean price at `settlement` is `cleanPrice` (per 100 face). */
export function yieldFromCleanPrice(
  bond: FixedRateBond,
  cleanPrice: number,
  settlement: Day,
  compounding: YieldCompounding = 'compounded',
  options: YieldSolverOptions = {},
): number {
  if (!Number.isFinite(cleanPrice)) throw new BondInputError(bond.id, 'cleanPrice', 'a finite price per 100 face', describeValue(cleanPrice));
  return yieldFromDirtyPrice(bond, cleanPrice + bond.accruedInterest(settlement), settlement, compounding, options);
}

/**
 * The flat yield at which the bond's dirty price at `settlement` is `dirtyPrice` (per 100
 * face). The price falls strictly and convexly as the yield rises, so the root is unique and
 * Newton's method converges to it from any start inside the domain (each step lands at or
 * below the root, then climbs to it); typically four or five price evaluations from the
 * coupon rate. Should Newton stall or leave the domain, the root is bracketed and found by
 * Newton safeguarded with bisection (QuantLib's NewtonSafe). Tolerance: `accuracy` on the yield.
 */
export function yieldFromDirtyPrice(
  bond: FixedRateBond,
  dirtyPrice: number,
  settlement: Day,
  compounding: YieldCompounding = 'compounded',
  options: YieldSolverOptions = {},
): number {
  const guess = options.guess ?? bond.coupon;
  const accuracy = options.accuracy ?? YIELD_ACCURACY;
  checkInputs(bond, guess, settlement, compounding);
  if (!Number.isFinite(dirtyPrice) || dirtyPrice <= 0) {
    throw new BondInputError(bond.id, 'dirty price', 'a positive finite price per 100 face', describeValue(dirtyPrice));
  }
  if (!(accuracy > 0)) throw new BondInputError(bond.id, 'accuracy', 'a positive tolerance', describeValue(accuracy));
  const first = bond.firstLiveFlow(settlement);
  if (first === bond.size) {
    throw new BondInputError(bond.id, 'settlement', 'before the last payment for a yield to exist', describeValue(settlement));
  }
  const firstTime = bond.timeToFirstLiveFlow(settlement, first);
  // Compounded yields live above −f, where the discount base 1 + y/f reaches zero.
  const floor = compounding === 'compounded' ? -bond.frequency : Number.NEGATIVE_INFINITY;

  let rate = guess;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    yieldSums(bond, first, firstTime, rate, compounding);
    const step = (sumPrice - dirtyPrice) / sumSlope;
    if (!Number.isFinite(step)) break;
    const next = rate - step;
    if (Math.abs(step) < accuracy) return next;
    if (!(next > floor)) break;
    rate = next;
  }
  return safeguardedYield(bond, dirtyPrice, first, firstTime, compounding, guess, floor, accuracy);
}

/** NewtonSafe over a bracket stepped out from the guess: the fallback when plain Newton fails. */
function safeguardedYield(
  bond: FixedRateBond,
  dirtyPrice: number,
  first: number,
  firstTime: number,
  compounding: YieldCompounding,
  guess: number,
  floor: number,
  accuracy: number,
): number {
  // The price error at `rate`: positive while the rate is too low.
  const error = (rate: number): number => {
    yieldSums(bond, first, firstTime, rate, compounding);
    return sumPrice - dirtyPrice;
  };
  // At `low` the price is too high (error ≥ 0), at `high` too low (≤ 0). Both start at the
  // guess, so only one side ever has to move.
  let low = guess;
  let high = guess;
  let lowError = error(guess);
  let highError = lowError;
  for (let step = 0.01, i = 0; !(lowError >= 0 && highError <= 0); step *= 1.6, i++) {
    if (i === MAX_ITERATIONS) throw new BondInputError(bond.id, 'dirty price', 'a price some yield reproduces', describeValue(dirtyPrice));
    if (lowError < 0) {
      low = low - step > floor ? low - step : (low + floor) / 2;
      lowError = error(low);
    } else {
      high += step;
      highError = error(high);
    }
  }

  let rate = guess;
  let value = error(rate);
  let slope = sumSlope;
  let lastStep = high - low;
  let currentStep = lastStep;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const newtonLeaves = ((rate - high) * slope - value) * ((rate - low) * slope - value) > 0;
    if (newtonLeaves || Math.abs(2 * value) > Math.abs(lastStep * slope)) {
      lastStep = currentStep;
      currentStep = (high - low) / 2;
      rate = low + currentStep;
    } else {
      lastStep = currentStep;
      currentStep = value / slope;
      rate -= currentStep;
    }
    if (Math.abs(currentStep) < accuracy) return rate;
    value = error(rate);
    slope = sumSlope;
    if (value > 0) low = rate;
    else high = rate;
  }
  throw new BondInputError(bond.id, 'dirty price', `a price the yield solver converges on within ${MAX_ITERATIONS} iterations`, describeValue(dirtyPrice));
}

/** Everything the valuation suite reports for one bond position on one curve. */
export interface BondMeasures {
  settlement: Day;
  /** Per 100 face. */
  accruedInterest: number;
  /** Per 100 face, from the curve. */
  dirtyPrice: number;
  /** Per 100 face, from the curve. */
  cleanPrice: number;
  /** Position value: dirty price / 100 × face. */
  npv: number;
  /** The yield (compounding as asked) that reprices the curve's clean price. */
  yield: number;
  modifiedDuration: number;
  convexity: number;
  /** Per position face. */
  dv01: number;
}

/**
 * Curve prices and the yield measures at the yield they imply, in one pass over the cash flows
 * per quantity (plus the solver's). Pass `out` to reuse a record across positions.
 */
export function measureBond(
  bond: FixedRateBond,
  curve: DiscountCurve,
  valuationDate: Day = curve.referenceDate,
  compounding: YieldCompounding = 'compounded',
  out: BondMeasures = { settlement: 0, accruedInterest: 0, dirtyPrice: 0, cleanPrice: 0, npv: 0, yield: 0, modifiedDuration: 0, convexity: 0, dv01: 0 },
): BondMeasures {
  const settlement = bond.settlementDate(valuationDate);
  const accrued = bond.accruedInterest(settlement);
  const dirty = bond.dirtyPrice(curve, settlement);
  out.settlement = settlement;
  out.accruedInterest = accrued;
  out.dirtyPrice = dirty;
  out.cleanPrice = dirty - accrued;
  out.npv = (dirty / 100) * bond.face;
  if (dirty <= 0) {
    out.yield = Number.NaN;
    out.modifiedDuration = 0;
    out.convexity = 0;
    out.dv01 = 0;
    return out;
  }
  const rate = yieldFromDirtyPrice(bond, dirty, settlement, compounding);
  evaluate(bond, rate, settlement, compounding);
  out.yield = rate;
  out.modifiedDuration = -sumSlope / sumPrice;
  out.convexity = sumCurvature / sumPrice;
  out.dv01 = (-sumSlope * 1e-4 * bond.face) / 100;
  return out;
}
