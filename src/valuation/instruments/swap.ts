import type { DiscountCurve } from '../curves/discount-curve.js';
import { discountInto } from '../curves/discount-into.js';
import { simpleForwardRate } from '../curves/forward-rate.js';
import { describeDay, describeValue } from '../dates/date-input-error.js';
import { DAY_COUNT_NAMES, isDayCountName } from '../dates/day-count.js';
import type { Day } from '../dates/day.js';
import { FREQUENCIES, isFrequency } from '../dates/frequency.js';
import { projectForwardRates, type ForwardCurve } from '../market/forward-curve.js';
import type { SwapPosition } from '../portfolio/position.js';
import { SwapInputError } from './swap-error.js';
import { buildSwapLegPeriods, type SwapLegPeriods } from './swap-legs.js';

export interface SwapBuildOptions {
  /**
   * Rates already fixed for floating periods, keyed by the period's adjusted accrual start
   * (decimals). A period under way on the valuation date uses its fixing when one is given.
   */
  readonly floatFixings?: ReadonlyMap<Day, number>;
}

const BASIS_POINT = 1e-4;

/**
 * A vanilla fixed-for-floating interest-rate swap, valued single-curve: the floating leg's
 * forwards come from the same curve that discounts it.
 *
 * Everything that does not depend on the curve is computed once, from the position, into
 * typed arrays: both legs' periods and accruals, and the sorted distinct days either leg
 * reads a discount factor on (a fixed payment day is usually also a floating one). A valuation
 * discounts all those days in one bulk call (`discountInto`) into a scratch array the swap
 * owns, then sums the legs from it: nothing allocated, each distinct day discounted once, so a
 * swap revalues cheaply on a base curve and each of its shocks. (The scratch array makes a
 * valuation non-reentrant, which synchronous code never notices.)
 *
 * Cash flows paid on or before the curve's reference date are past and left out. A floating
 * period already under way uses its fixing from `floatFixings`; without one, its rate is
 * estimated as the curve's simple rate from the reference date to the period end, applied to
 * the whole period (the position carries no fixings of its own).
 */
export class InterestRateSwap {
  readonly id: string;
  readonly notional: number;
  readonly fixedRate: number;
  readonly payFixed: boolean;
  readonly startDate: Day;
  readonly maturityDate: Day;
  readonly #fixed: SwapLegPeriods;
  readonly #float: SwapLegPeriods;
  /** Fixing of each floating period, NaN where none is known. */
  readonly #floatFixings: Float64Array;
  /** +1 when we receive floating and pay fixed, −1 the other way round. */
  readonly #receiveFloatSign: number;
  /** Distinct days the legs discount on, ascending. */
  readonly #days: Int32Array;
  /** Scratch: DF of `#days[i]` on the curve being valued. */
  readonly #discounts: Float64Array;
  /** Positions in `#days` of each fixed payment, floating start, floating end and floating payment. */
  readonly #fixedPayAt: Int32Array;
  readonly #floatStartAt: Int32Array;
  readonly #floatEndAt: Int32Array;
  readonly #floatPayAt: Int32Array;

  private constructor(position: SwapPosition, options: SwapBuildOptions) {
    this.id = position.id;
    this.notional = position.notional;
    this.fixedRate = position.fixedRate;
    this.payFixed = position.payFixed;
    this.startDate = position.startDate;
    this.maturityDate = position.maturityDate;
    this.#receiveFloatSign = position.payFixed ? 1 : -1;
    const fixed = buildSwapLegPeriods(position.startDate, position.maturityDate, position.fixedFrequency, position.fixedDayCount);
    const float = buildSwapLegPeriods(position.startDate, position.maturityDate, position.floatFrequency, position.floatDayCount);
    this.#fixed = fixed;
    this.#float = float;
    this.#floatFixings = floatFixingsByPeriod(position.id, float.startDays, options.floatFixings);

    const days = sortedDistinctDays([fixed.payDays, float.startDays, float.endDays, float.payDays]);
    const positionOf = (legDays: Int32Array): Int32Array => legDays.map((day) => indexInSorted(days, day));
    this.#days = days;
    this.#discounts = new Float64Array(days.length);
    this.#fixedPayAt = positionOf(fixed.payDays);
    this.#floatStartAt = positionOf(float.startDays);
    this.#floatEndAt = positionOf(float.endDays);
    this.#floatPayAt = positionOf(float.payDays);
  }

  /** Checks the position field by field, then lays out both legs' periods. */
  static fromPosition(position: SwapPosition, options: SwapBuildOptions = {}): InterestRateSwap {
    validateSwapPosition(position);
    return new InterestRateSwap(position, options);
  }

  get fixedPeriodCount(): number {
    return this.#fixed.payDays.length;
  }

  get floatPeriodCount(): number {
    return this.#float.payDays.length;
  }

  /** Payment days of the fixed leg (a copy). */
  fixedPaymentDays(): Int32Array {
    return this.#fixed.payDays.slice();
  }

  /** Payment days of the floating leg (a copy). */
  floatPaymentDays(): Int32Array {
    return this.#float.payDays.slice();
  }

  /** Value to us on `curve`: received leg minus paid leg. */
  npv(curve: DiscountCurve): number {
    this.#discountDays(curve);
    const referenceDate = curve.referenceDate;
    const floatValue = this.#floatValuePerUnit(referenceDate);
    const fixedValue = this.fixedRate * this.#annuityPerUnit(referenceDate);
    return this.#receiveFloatSign * this.notional * (floatValue - fixedValue);
  }

  /** Present value of the fixed leg's remaining coupons (positive, whoever pays them). */
  fixedLegPv(curve: DiscountCurve): number {
    return this.fixedRate * this.annuity(curve);
  }

  /** Present value of the floating leg's remaining coupons (positive when forwards are). */
  floatLegPv(curve: DiscountCurve): number {
    this.#discountDays(curve);
    return this.notional * this.#floatValuePerUnit(curve.referenceDate);
  }

  /** Notional × Σ accrual × DF(payment) over the remaining fixed periods: the fixed leg's value per unit of rate. */
  annuity(curve: DiscountCurve): number {
    this.#discountDays(curve);
    return this.notional * this.#annuityPerUnit(curve.referenceDate);
  }

  /** Value of one basis point on the fixed rate: annuity × 0.0001. */
  fixedLegPv01(curve: DiscountCurve): number {
    return this.annuity(curve) * BASIS_POINT;
  }

  /** The fixed rate at which the swap is worth nothing on `curve`; NaN when no fixed coupon remains. */
  fairRate(curve: DiscountCurve): number {
    this.#discountDays(curve);
    const annuity = this.#annuityPerUnit(curve.referenceDate);
    return annuity === 0 ? Number.NaN : this.#floatValuePerUnit(curve.referenceDate) / annuity;
  }

  /**
   * The projected rate of every floating period, for reports: forwards from `forwards`
   * (single-curve: the discount curve itself), whether or not the period is past.
   */
  floatForwardRates(forwards: ForwardCurve, into = new Float64Array(this.floatPeriodCount)): Float64Array {
    const leg = this.#float;
    return projectForwardRates(forwards, leg.startDays, leg.endDays, leg.accruals, into);
  }

  /**
   * Fills `#discounts` for `curve` in one bulk call (see BulkDiscountCurve: per-day calls
   * through a call site that sees several curve classes would allocate), in ascending order so
   * a piecewise curve finds each segment at once. Days before the reference date get the
   * curve's extrapolation; no leg reads them.
   */
  #discountDays(curve: DiscountCurve): void {
    discountInto(curve, this.#days, this.#discounts);
  }

  #annuityPerUnit(referenceDate: Day): number {
    const { payDays, accruals } = this.#fixed;
    const payAt = this.#fixedPayAt;
    const discounts = this.#discounts;
    let sum = 0;
    for (let i = 0; i < payDays.length; i++) {
      if (payDays[i]! <= referenceDate) continue;
      sum += accruals[i]! * discounts[payAt[i]!]!;
    }
    return sum;
  }

  /** Σ accrual × rate × DF(payment) per unit notional, from the discount factors in `#discounts`. */
  #floatValuePerUnit(referenceDate: Day): number {
    const { startDays, endDays, payDays, accruals } = this.#float;
    const fixings = this.#floatFixings;
    const discounts = this.#discounts;
    const startAt = this.#floatStartAt;
    const endAt = this.#floatEndAt;
    const payAt = this.#floatPayAt;
    let sum = 0;
    for (let i = 0; i < payDays.length; i++) {
      if (payDays[i]! <= referenceDate) continue;
      const start = startDays[i]!;
      const accrual = accruals[i]!;
      const endDiscount = discounts[endAt[i]!]!;
      const fixing = fixings[i]!;
      let rate: number;
      if (!Number.isNaN(fixing)) {
        rate = fixing;
      } else if (start >= referenceDate) {
        rate = simpleForwardRate(discounts[startAt[i]!]!, endDiscount, accrual);
      } else {
        // Under way without a fixing: the curve's rate over what is left of the period.
        const end = endDays[i]!;
        rate = simpleForwardRate(1, endDiscount, (accrual * (end - referenceDate)) / (end - start));
      }
      sum += accrual * rate * discounts[payAt[i]!]!;
    }
    return sum;
  }
}

function floatFixingsByPeriod(id: string, startDays: Int32Array, fixings: ReadonlyMap<Day, number> | undefined): Float64Array {
  const byPeriod = new Float64Array(startDays.length).fill(Number.NaN);
  if (fixings === undefined) return byPeriod;
  for (const [day, rate] of fixings) {
    const period = startDays.indexOf(day);
    if (period === -1) {
      throw new SwapInputError(id, `floatFixings key ${describeDay(day)}`, 'the accrual start of a floating period', 'no period starting then');
    }
    if (!Number.isFinite(rate)) {
      throw new SwapInputError(id, `floatFixings[${describeDay(day)}]`, 'a finite rate', describeValue(rate));
    }
    byPeriod[period] = rate;
  }
  return byPeriod;
}

/** Builds the swap for `position` (see InterestRateSwap.fromPosition). */
export function buildSwap(position: SwapPosition, options: SwapBuildOptions = {}): InterestRateSwap {
  return InterestRateSwap.fromPosition(position, options);
}

function validateSwapPosition(position: SwapPosition): void {
  const raw = position as unknown as Record<string, unknown>;
  const id = typeof raw.id === 'string' && raw.id !== '' ? raw.id : describeValue(raw.id);
  const fail = (field: string, expected: string, actual: unknown): never => {
    throw new SwapInputError(id, field, expected, describeValue(actual));
  };
  if (raw.kind !== 'swap') fail('kind', '"swap"', raw.kind);
  if (typeof raw.id !== 'string' || raw.id === '') fail('id', 'a non-empty string', raw.id);
  if (typeof raw.notional !== 'number' || !Number.isFinite(raw.notional) || raw.notional <= 0) {
    fail('notional', 'a positive finite amount', raw.notional);
  }
  if (typeof raw.fixedRate !== 'number' || !Number.isFinite(raw.fixedRate)) fail('fixedRate', 'a finite decimal rate', raw.fixedRate);
  if (typeof raw.payFixed !== 'boolean') fail('payFixed', 'true or false', raw.payFixed);
  for (const field of ['startDate', 'maturityDate'] as const) {
    if (!Number.isSafeInteger(raw[field])) fail(field, 'a Day (whole days since 1970-01-01)', raw[field]);
  }
  if (position.maturityDate <= position.startDate) {
    throw new SwapInputError(id, 'maturityDate', `after startDate ${describeDay(position.startDate)}`, describeDay(position.maturityDate));
  }
  for (const field of ['fixedFrequency', 'floatFrequency'] as const) {
    if (!isFrequency(raw[field])) fail(field, `one of ${FREQUENCIES.join(', ')} (payments per year)`, raw[field]);
  }
  for (const field of ['fixedDayCount', 'floatDayCount'] as const) {
    if (!isDayCountName(raw[field])) fail(field, `one of ${DAY_COUNT_NAMES.join(', ')}`, raw[field]);
  }
}

/** Where `day` sits in the ascending `days` (it must be there): a binary search, as the legs of a long swap hold hundreds of days. */
function indexInSorted(days: Int32Array, day: Day): number {
  let low = 0;
  let high = days.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (days[middle]! < day) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The distinct days of several arrays, ascending; typed arrays throughout (no Set, no spread: this runs per swap). */
function sortedDistinctDays(arrays: readonly Int32Array[]): Int32Array {
  let total = 0;
  for (const array of arrays) total += array.length;
  const all = new Int32Array(total);
  let offset = 0;
  for (const array of arrays) {
    all.set(array, offset);
    offset += array.length;
  }
  all.sort();
  let distinct = 0;
  for (let i = 0; i < total; i++) {
    if (distinct === 0 || all[i] !== all[distinct - 1]) all[distinct++] = all[i]!;
  }
  return all.slice(0, distinct);
}
