import { addMonths, type Day } from '../dates/day.js';
import { CurveInputError, requireDay } from './curve-error.js';
import { PiecewiseLogLinearCurve } from './piecewise-log-linear-curve.js';
import { billDiscountFactor, daysInYearFollowing } from './treasury-bill.js';

/** One point of a par yield curve: a tenor and its yield as a decimal (0.0479 for 4.79%). */
export interface ParYield {
  readonly tenorMonths: number;
  readonly rate: number;
}

/** Tenors up to here are bills (zero-coupon); longer ones are semiannual coupon securities. */
export const LONGEST_BILL_MONTHS = 6;
const COUPON_PERIOD_MONTHS = 6;
const COUPONS_PER_YEAR = 2;

/** Maturity of the instrument behind a tenor: month-end dates stay at month end, as Treasuries do. */
export function ustMaturity(referenceDate: Day, tenorMonths: number): Day {
  return addMonths(referenceDate, tenorMonths, true);
}

/**
 * Bootstraps a discount curve from the US Treasury par yield curve, with one pillar per tenor
 * at `ustMaturity`. A tenor of at most six months is a bill: its yield is bond-equivalent and
 * gives the pillar discount factor directly (`billDiscountFactor`). A longer tenor is a bond
 * issued on the reference date at par, paying half its yield every six months: its pillar
 * discount factor is the one that prices the bond at exactly par when the coupons between the
 * previous pillar and this one are interpolated log-linearly, found by a one-dimensional root
 * search (Newton, kept inside a bracket). Earlier coupons fall on already-solved segments.
 */
export function bootstrapUstCurve(referenceDate: Day, parYields: readonly ParYield[]): PiecewiseLogLinearCurve {
  requireDay('referenceDate', referenceDate);
  const quotes = validatedQuotes(parYields);

  const nodeDays = new Int32Array(quotes.length + 1);
  const nodeLogDiscounts = new Float64Array(quotes.length + 1);
  nodeDays[0] = referenceDate;
  const billYear = daysInYearFollowing(referenceDate);

  quotes.forEach((quote, index) => {
    const node = index + 1;
    const maturity = ustMaturity(referenceDate, quote.tenorMonths);
    nodeDays[node] = maturity;
    nodeLogDiscounts[node] = quote.tenorMonths <= LONGEST_BILL_MONTHS
      ? Math.log(billDiscountFactor(quote.rate, maturity - referenceDate, billYear))
      : solveParBondLogDiscount(referenceDate, quote, node, nodeDays, nodeLogDiscounts);
  });

  const discountFactors = nodeLogDiscounts.subarray(1).map((logDiscount) => Math.exp(logDiscount));
  return new PiecewiseLogLinearCurve(referenceDate, nodeDays.subarray(1), discountFactors);
}

function validatedQuotes(parYields: readonly ParYield[]): ParYield[] {
  if (parYields.length === 0) {
    throw new CurveInputError('parYields must hold at least one tenor, got none');
  }
  parYields.forEach(({ tenorMonths, rate }, index) => {
    if (!Number.isInteger(tenorMonths) || tenorMonths <= 0) {
      throw new CurveInputError(`parYields[${index}].tenorMonths must be a positive whole number of months, got ${String(tenorMonths)}`);
    }
    if (tenorMonths > LONGEST_BILL_MONTHS && tenorMonths % COUPON_PERIOD_MONTHS !== 0) {
      throw new CurveInputError(`parYields[${index}].tenorMonths must be a multiple of ${COUPON_PERIOD_MONTHS} beyond ${LONGEST_BILL_MONTHS} months (whole coupon periods), got ${tenorMonths}`);
    }
    if (!Number.isFinite(rate)) {
      throw new CurveInputError(`parYields[${index}].rate (${tenorMonths} months) must be a finite number, got ${String(rate)}`);
    }
    // A yield of 100% or more is a percentage passed where a decimal belongs.
    if (Math.abs(rate) >= 1) {
      throw new CurveInputError(`parYields[${index}].rate (${tenorMonths} months) must be a decimal (0.0479 for 4.79%), got ${rate}`);
    }
  });
  const sorted = [...parYields].sort((a, b) => a.tenorMonths - b.tenorMonths);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.tenorMonths === sorted[i - 1]!.tenorMonths) {
      throw new CurveInputError(`parYields has tenorMonths ${sorted[i]!.tenorMonths} twice`);
    }
  }
  return sorted;
}

/**
 * The log discount factor at `node` that prices a par bond maturing there at 1. Coupons up to
 * the previous node are already determined; each later one depends on the unknown x through
 * log DF = a + w (x − a), with a the previous node's log DF and w its position in the segment.
 */
function solveParBondLogDiscount(
  referenceDate: Day,
  quote: ParYield,
  node: number,
  nodeDays: Int32Array,
  nodeLogDiscounts: Float64Array,
): number {
  const coupon = quote.rate / COUPONS_PER_YEAR;
  const periods = quote.tenorMonths / COUPON_PERIOD_MONTHS;
  const segmentStart = nodeDays[node - 1]!;
  const segmentLength = nodeDays[node]! - segmentStart;
  const anchor = nodeLogDiscounts[node - 1]!;

  let knownValue = 0;
  const pendingCash: number[] = [];
  const pendingWeight: number[] = [];
  for (let period = 1; period <= periods; period++) {
    const payDay = addMonths(referenceDate, period * COUPON_PERIOD_MONTHS, true);
    const cash = period === periods ? 1 + coupon : coupon;
    if (payDay <= segmentStart) {
      knownValue += cash * Math.exp(interpolatedLogDiscount(payDay, node - 1, nodeDays, nodeLogDiscounts));
    } else {
      pendingCash.push(cash);
      pendingWeight.push((payDay - segmentStart) / segmentLength);
    }
  }

  const excessOverPar = (x: number): number => {
    let value = knownValue - 1;
    for (let i = 0; i < pendingCash.length; i++) value += pendingCash[i]! * Math.exp(anchor + pendingWeight[i]! * (x - anchor));
    return value;
  };
  const slope = (x: number): number => {
    let value = 0;
    for (let i = 0; i < pendingCash.length; i++) {
      value += pendingCash[i]! * pendingWeight[i]! * Math.exp(anchor + pendingWeight[i]! * (x - anchor));
    }
    return value;
  };

  // First guess: the segment's forward equal to the coupon rate.
  const guess = anchor - quote.rate * (segmentLength / 365);
  const root = findRoot(excessOverPar, slope, guess);
  // A root so far down that its discount factor underflows is no more a price than no root.
  if (root === undefined || !(Math.exp(root) > 0)) {
    throw new CurveInputError(
      `par yield ${quote.rate} at tenorMonths ${quote.tenorMonths} cannot be repriced to par by any positive discount factor given the shorter tenors`,
    );
  }
  return root;
}

/** Log DF on an already-solved part of the curve: log-linear between the nodes around `day`. */
function interpolatedLogDiscount(day: Day, lastNode: number, nodeDays: Int32Array, nodeLogDiscounts: Float64Array): number {
  let segment = 0;
  while (segment < lastNode - 1 && nodeDays[segment + 1]! < day) segment++;
  const start = nodeDays[segment]!;
  const weight = (day - start) / (nodeDays[segment + 1]! - start);
  const left = nodeLogDiscounts[segment]!;
  return left + weight * (nodeLogDiscounts[segment + 1]! - left);
}

const BRACKET_EXPANSIONS = 60;
const ROOT_ITERATIONS = 200;

/**
 * A root of an increasing function: bracket it around the guess, then Newton steps that fall
 * back to bisection whenever a step would leave the bracket. Undefined when no sign change is
 * found within a wide bracket.
 */
function findRoot(f: (x: number) => number, slope: (x: number) => number, guess: number): number | undefined {
  let step = 0.01;
  let low = guess - step;
  let high = guess + step;
  let expansions = 0;
  while (f(low) > 0 || f(high) < 0) {
    if (++expansions > BRACKET_EXPANSIONS) return undefined;
    step *= 2;
    if (f(low) > 0) low = guess - step;
    if (f(high) < 0) high = guess + step;
  }

  let x = guess;
  for (let iteration = 0; iteration < ROOT_ITERATIONS; iteration++) {
    const value = f(x);
    if (value === 0) return x;
    if (value < 0) low = x;
    else high = x;
    const derivative = slope(x);
    let next = derivative > 0 ? x - value / derivative : Number.NaN;
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}
