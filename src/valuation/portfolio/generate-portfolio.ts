import { addMonths, dayOf, daysInMonth, isWeekend, toYearMonthDay, type Day } from '../dates/day.js';
import type { BondPosition, MbsPosition, Position, SwapPosition } from './position.js';
import { SeededRandom } from './seeded-random.js';

export interface GeneratePortfolioOptions {
  /** How many positions (a positive integer). */
  readonly positions: number;
  /** Any non-negative safe integer; the same seed always gives the same portfolio. */
  readonly seed: number;
  /** The valuation date the portfolio is built around: bonds and swaps are live on it. */
  readonly effectiveDate: Day;
}

/** The prepayment model names generated MBS pools refer to. */
export const GENERATED_MBS_MODELS = ['psa-100', 'psa-165', 'refi-standard', 'refi-fast'] as const;

/** Original terms of issued bonds, years (the US Treasury's note and bond tenors). */
const BOND_TERMS = [2, 3, 5, 7, 10, 20, 30] as const;
/** Standard swap tenors, years. */
const SWAP_TENORS = [2, 3, 4, 5, 7, 10, 12, 15, 20, 25, 30] as const;

/**
 * A deterministic, realistic test portfolio: about 50% fixed-rate bonds, 30% agency MBS pools
 * and 20% interest-rate swaps, all live on the effective date. Every draw comes from one
 * seeded xoshiro128** stream in a fixed order, so the same options give the same positions
 * (and the same file bytes) everywhere.
 *
 * - Bonds: face 0.1–25 million, coupons 1–7% in eighths, maturing 1–30 years after the
 *   effective date on the 15th or at month end, issued in the past with a standard original
 *   term, semiannual, ACT/ACT-ISMA (Treasury style, 70%) or 30/360, US-GOVT calendar.
 * - MBS pools: balance 1–50 million, WAC 2.5–7.5%, net coupon WAC − 0.25…0.75%, age 0–120
 *   months, WAM 60–360 months with age + WAM <= 360, a prepayment model from
 *   GENERATED_MBS_MODELS.
 * - Swaps: notional 1–100 million, tenor 2–30 years, fixed rate 2–5%, pay or receive fixed,
 *   starting on the effective date (half) or up to 10 years earlier with at least a year left;
 *   fixed leg semiannual 30/360, float leg quarterly ACT/360.
 */
export function generatePortfolio(options: GeneratePortfolioOptions): Position[] {
  const { positions: count, seed, effectiveDate } = options;
  if (!Number.isSafeInteger(count) || count <= 0) throw new RangeError(`positions must be a positive integer, got ${count}`);
  if (!Number.isSafeInteger(effectiveDate)) throw new RangeError(`effectiveDate must be a Day (an integer), got ${effectiveDate}`);
  const random = new SeededRandom(seed);
  const width = Math.max(6, String(count).length);
  const positions: Position[] = [];
  for (let i = 0; i < count; i += 1) {
    const number = String(i + 1).padStart(width, '0');
    const draw = random.nextFloat();
    if (draw < 0.5) positions.push(generateBond(random, `BND-${number}`, effectiveDate));
    else if (draw < 0.8) positions.push(generateMbs(random, `MBS-${number}`));
    else positions.push(generateSwap(random, `SWP-${number}`, effectiveDate));
  }
  return positions;
}

function generateBond(random: SeededRandom, id: string, effectiveDate: Day): BondPosition {
  const face = 100_000 * random.integer(1, 250);
  const coupon = random.integer(8, 56) / 800;
  // 13–358 months ahead, then the 15th or the month end of that month: 1 to 30 years left
  // (and room for a 30-year original term to start before the effective date).
  const monthsLeft = random.integer(13, 358);
  const { year, month } = toYearMonthDay(addMonths(effectiveDate, monthsLeft));
  const maturityDate = random.chance(0.5) ? dayOf(year, month, 15) : dayOf(year, month, daysInMonth(year, month));
  // The shortest standard term at least two months longer than the time left puts the issue
  // date in a month before the effective date's; some bonds are older, off-the-run issues.
  let termIndex = BOND_TERMS.findIndex((years) => 12 * years >= monthsLeft + 2);
  if (termIndex < BOND_TERMS.length - 1 && random.chance(0.3)) termIndex += 1;
  const term = BOND_TERMS[termIndex]!;
  const issueDate = addMonths(maturityDate, -12 * term, true);
  return {
    kind: 'bond',
    id,
    face,
    coupon,
    issueDate,
    maturityDate,
    frequency: 2,
    dayCount: random.chance(0.7) ? 'ACT/ACT-ISMA' : '30/360',
    calendar: 'US-GOVT',
  };
}

function generateMbs(random: SeededRandom, id: string): MbsPosition {
  const balance = Math.round(random.between(1_000_000, 50_000_000) * 100) / 100;
  // In basis points, so the decimals print exactly (0.04375, not 0.043750000000000004).
  const wacBp = random.integer(250, 750);
  const feeBp = random.integer(25, 75);
  const age = random.integer(0, 120);
  const wam = random.integer(60, 360 - age);
  return {
    kind: 'mbs',
    id,
    balance,
    wac: wacBp / 10_000,
    netCoupon: (wacBp - feeBp) / 10_000,
    wam,
    age,
    model: random.pick(GENERATED_MBS_MODELS),
  };
}

function generateSwap(random: SeededRandom, id: string, effectiveDate: Day): SwapPosition {
  const notional = 100_000 * random.integer(10, 1_000);
  const tenor = random.pick(SWAP_TENORS);
  const fixedRate = random.integer(20_000, 50_000) / 1_000_000;
  const payFixed = random.chance(0.5);
  let startDate = effectiveDate;
  if (random.chance(0.5)) {
    // A seasoned swap: started up to 10 years ago, at least a year left to run.
    const monthsAgo = random.integer(1, Math.min(12 * tenor - 12, 120));
    startDate = addMonths(effectiveDate, -monthsAgo);
    while (isWeekend(startDate)) startDate += 1;
  }
  return {
    kind: 'swap',
    id,
    notional,
    fixedRate,
    payFixed,
    startDate,
    maturityDate: addMonths(startDate, 12 * tenor),
    fixedFrequency: 2,
    floatFrequency: 4,
    fixedDayCount: '30/360',
    floatDayCount: 'ACT/360',
  };
}
