import type { Day } from '../dates/day.js';
import { DAY_COUNT_NAMES, isDayCountName, yearFraction } from '../dates/day-count.js';
import type { DayCountName } from '../portfolio/position.js';
import { CurveInputError, requireDay, requireFinite } from './curve-error.js';
import type { BulkDiscountCurve } from './discount-into.js';
import { simpleForwardRate } from './forward-rate.js';

export type Compounding = 'continuous' | 'annual' | 'semiannual';

export interface FlatCurveOptions {
  /** How `rate` compounds; continuous unless given. */
  readonly compounding?: Compounding;
  /** How time is measured for `rate`; Actual/365 Fixed unless given. */
  readonly dayCount?: DayCountName;
}

const COMPOUNDINGS: readonly Compounding[] = ['continuous', 'annual', 'semiannual'];
/** Day counts that are a fixed number of days per year, so time is one division. */
const DAYS_PER_YEAR: Partial<Record<DayCountName, number>> = { 'ACT/360': 360, 'ACT/365F': 365 };

/**
 * One rate for every maturity: the curve of textbook examples and of reference cases such as
 * QuantLib's "flat 3% Actual/360 continuous". A compounded rate is turned into its continuous
 * equivalent once, so `discount` is a single `exp`.
 */
export class FlatCurve implements BulkDiscountCurve {
  readonly referenceDate: Day;
  readonly rate: number;
  readonly compounding: Compounding;
  /** The curve's time measure: `zeroRate` is continuously compounded on this day count. */
  readonly dayCount: DayCountName;
  readonly #continuousRate: number;
  /** Days per year for the linear day counts; 0 when time needs the full day-count rules. */
  readonly #daysPerYear: number;

  constructor(referenceDate: Day, rate: number, options: FlatCurveOptions = {}) {
    requireDay('referenceDate', referenceDate);
    requireFinite('rate', rate);
    const compounding: unknown = options.compounding ?? 'continuous';
    if (!isCompounding(compounding)) {
      throw new CurveInputError(`compounding must be one of ${COMPOUNDINGS.join(', ')}, got ${String(compounding)}`);
    }
    this.referenceDate = referenceDate;
    this.rate = rate;
    this.compounding = compounding;
    const dayCount: unknown = options.dayCount ?? 'ACT/365F';
    if (!isDayCountName(dayCount)) {
      throw new CurveInputError(`dayCount must be one of ${DAY_COUNT_NAMES.join(', ')}, got ${String(dayCount)}`);
    }
    this.dayCount = dayCount;
    this.#continuousRate = continuousEquivalent(rate, compounding);
    this.#daysPerYear = DAYS_PER_YEAR[this.dayCount] ?? 0;
  }

  discount(day: Day): number {
    return Math.exp(-this.#continuousRate * this.#time(day));
  }

  discountInto(days: Int32Array, into: Float64Array): void {
    for (let i = 0; i < days.length; i++) into[i] = Math.exp(-this.#continuousRate * this.#time(days[i]!));
  }

  /** The continuous equivalent of `rate`, the same for every day (on the curve's day count). */
  zeroRate(_day: Day): number {
    return this.#continuousRate;
  }

  forwardRate(start: Day, end: Day, yearFraction: number): number {
    return simpleForwardRate(this.discount(start), this.discount(end), yearFraction);
  }

  #time(day: Day): number {
    if (this.#daysPerYear !== 0) return (day - this.referenceDate) / this.#daysPerYear;
    return day >= this.referenceDate
      ? yearFraction(this.dayCount, this.referenceDate, day)
      : -yearFraction(this.dayCount, day, this.referenceDate);
  }
}

function isCompounding(value: unknown): value is Compounding {
  return typeof value === 'string' && (COMPOUNDINGS as readonly string[]).includes(value);
}

function continuousEquivalent(rate: number, compounding: Compounding): number {
  switch (compounding) {
    case 'continuous':
      return rate;
    case 'annual':
      if (!(rate > -1)) throw new CurveInputError(`rate with annual compounding must be above -1, got ${rate}`);
      return Math.log1p(rate);
    case 'semiannual':
      if (!(rate > -2)) throw new CurveInputError(`rate with semiannual compounding must be above -2, got ${rate}`);
      return 2 * Math.log1p(rate / 2);
  }
}
