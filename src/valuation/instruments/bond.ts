import type { DiscountCurve } from '../curves/discount-curve.js';
import { addBusinessDays, adjust, BUSINESS_DAY_CONVENTIONS, CALENDAR_NAMES, isBusinessDayConvention, isCalendarName } from '../dates/calendar.js';
import { describeDay, describeValue } from '../dates/date-input-error.js';
import { DAY_COUNT_NAMES, isDayCountName, yearFraction } from '../dates/day-count.js';
import { addMonths, type Day } from '../dates/day.js';
import { isFrequency } from '../dates/frequency.js';
import { makeSchedule } from '../dates/schedule.js';
import type { BondPosition, BusinessDayConvention, CalendarName, DayCountName, Frequency } from '../portfolio/position.js';
import { BondInputError } from './bond-input-error.js';

export interface BondOptions {
  /** Business days from the valuation date to settlement. Default 1. */
  readonly settlementDays?: number;
  /** Calendar the settlement days are counted on. Default: the bond's calendar. */
  readonly settlementCalendar?: CalendarName;
  /** How coupon dates falling on holidays are paid. Default `following`. */
  readonly paymentConvention?: BusinessDayConvention;
  /**
   * Keep coupon dates at month end when the maturity is at month end (31 Aug → 28/29 Feb →
   * 31 Aug), as US Treasuries do. Default true.
   */
  readonly endOfMonth?: boolean;
}

/**
 * A fixed-rate bullet bond, its cash flows worked out once from the position (the enrichment
 * that lives as long as the portfolio does): the coupon schedule, generated backward from
 * maturity with any short stub at the front; accrual on unadjusted dates; payment on the
 * calendar's business days. Everything that does not depend on a curve or a yield sits in typed
 * arrays, so a revaluation is one tight loop over them.
 *
 * Amounts are per 100 of face, the way prices are quoted; `npv` scales to the position's face.
 * The issue date is the date interest starts to accrue from (the dated date).
 */
export class FixedRateBond {
  readonly id: string;
  readonly face: number;
  readonly coupon: number;
  readonly frequency: Frequency;
  readonly dayCount: DayCountName;
  readonly calendar: CalendarName;
  readonly issueDate: Day;
  readonly maturityDate: Day;
  readonly settlementDays: number;
  readonly settlementCalendar: CalendarName;
  readonly paymentConvention: BusinessDayConvention;

  /** Number of coupon periods (= cash flows; the redemption is paid with the last coupon). */
  readonly size: number;
  readonly accrualStart: Int32Array;
  readonly accrualEnd: Int32Array;
  /** The regular coupon period each accrual is measured against (itself, or a stub's notional period). */
  readonly referenceStart: Int32Array;
  readonly referenceEnd: Int32Array;
  readonly paymentDay: Int32Array;
  /** Day-count year fraction of each accrual period. */
  readonly accrualFraction: Float64Array;
  /** Coupon paid per 100 face. */
  readonly couponAmount: Float64Array;
  /** Everything paid per 100 face on `paymentDay[i]`: the coupon, plus the redemption at the end. */
  readonly amount: Float64Array;
  /** Yield-discounting time from accrual start to payment (day count, reference period). */
  readonly paymentTime: Float64Array;
  /** Yield-discounting time from the previous payment to this one (QuantLib's stepwise time). */
  readonly periodTime: Float64Array;

  constructor(position: BondPosition, options: BondOptions = {}) {
    const id = typeof position.id === 'string' ? position.id : describeValue(position.id);
    validatePosition(id, position);
    const settlementDays = options.settlementDays ?? 1;
    if (!Number.isSafeInteger(settlementDays) || settlementDays < 0) {
      throw new BondInputError(id, 'settlementDays', 'a non-negative integer', describeValue(settlementDays));
    }
    const settlementCalendar = options.settlementCalendar ?? position.calendar;
    if (!isCalendarName(settlementCalendar)) {
      throw new BondInputError(id, 'settlementCalendar', `one of ${CALENDAR_NAMES.join(', ')}`, describeValue(settlementCalendar));
    }
    const paymentConvention = options.paymentConvention ?? 'following';
    if (!isBusinessDayConvention(paymentConvention)) {
      throw new BondInputError(id, 'paymentConvention', `one of ${BUSINESS_DAY_CONVENTIONS.join(', ')}`, describeValue(paymentConvention));
    }
    const endOfMonth = options.endOfMonth ?? true;

    this.id = id;
    this.face = position.face;
    this.coupon = position.coupon;
    this.frequency = position.frequency;
    this.dayCount = position.dayCount;
    this.calendar = position.calendar;
    this.issueDate = position.issueDate;
    this.maturityDate = position.maturityDate;
    this.settlementDays = settlementDays;
    this.settlementCalendar = settlementCalendar;
    this.paymentConvention = paymentConvention;

    // Coupon dates are calendar dates (the maturity's day of month, or month ends for a
    // month-end maturity); the calendar only moves payments. With the bond's calendar here, a
    // maturity on the last business day before a weekend month end would count as month end.
    const schedule = makeSchedule({
      effective: position.issueDate,
      termination: position.maturityDate,
      frequency: position.frequency,
      calendar: 'none',
      convention: 'unadjusted',
      terminationConvention: 'unadjusted',
      endOfMonth,
      stub: 'short-front',
    });
    const dates = schedule.unadjusted;
    const size = dates.length - 1;
    const tenorMonths = 12 / position.frequency;
    this.size = size;
    // One buffer carved into the ten arrays: a batch builds tens of thousands of bonds, and a
    // buffer per array is what the construction time (and the GC's) would go to.
    const buffer = new ArrayBuffer(size * (5 * Float64Array.BYTES_PER_ELEMENT + 5 * Int32Array.BYTES_PER_ELEMENT));
    const float = (i: number): Float64Array => new Float64Array(buffer, i * size * Float64Array.BYTES_PER_ELEMENT, size);
    const int = (i: number): Int32Array => new Int32Array(buffer, 5 * size * Float64Array.BYTES_PER_ELEMENT + i * size * Int32Array.BYTES_PER_ELEMENT, size);
    this.accrualFraction = float(0);
    this.couponAmount = float(1);
    this.amount = float(2);
    this.paymentTime = float(3);
    this.periodTime = float(4);
    this.accrualStart = int(0);
    this.accrualEnd = int(1);
    this.referenceStart = int(2);
    this.referenceEnd = int(3);
    this.paymentDay = int(4);

    for (let i = 0; i < size; i++) {
      const start = dates[i]!;
      const end = dates[i + 1]!;
      // A stub is measured against the regular period it is cut from (QuantLib's FixedRateLeg):
      // the one ending at its end for a front stub, starting at its start for a back stub.
      let referenceStart = start;
      let referenceEnd = end;
      if (!schedule.regular[i]!) {
        if (i === 0) referenceStart = addMonths(end, -tenorMonths, endOfMonth);
        else referenceEnd = addMonths(start, tenorMonths, endOfMonth);
      }
      const payment = adjust(end, position.calendar, paymentConvention);
      const fraction = this.#yearFraction(start, end, referenceStart, referenceEnd);
      this.accrualStart[i] = start;
      this.accrualEnd[i] = end;
      this.referenceStart[i] = referenceStart;
      this.referenceEnd[i] = referenceEnd;
      this.paymentDay[i] = payment;
      this.accrualFraction[i] = fraction;
      this.couponAmount[i] = 100 * position.coupon * fraction;
      this.amount[i] = this.couponAmount[i]!;
      this.paymentTime[i] = this.#yearFraction(start, payment, referenceStart, referenceEnd);
      if (i > 0) {
        const previousPayment = this.paymentDay[i - 1]!;
        this.periodTime[i] = this.paymentTime[i]! - this.#yearFraction(start, previousPayment, referenceStart, referenceEnd);
      }
    }
    this.amount[size - 1] = this.amount[size - 1]! + 100;
  }

  /** The settlement date of a trade on `valuationDate`: settlement days on, never before issue. */
  settlementDate(valuationDate: Day): Day {
    this.requireDay('valuationDate', valuationDate);
    return Math.max(addBusinessDays(valuationDate, this.settlementDays, this.settlementCalendar), this.issueDate);
  }

  /** Index of the first cash flow paid after `settlement`; `size` when none is left. */
  firstLiveFlow(settlement: Day): number {
    const paymentDay = this.paymentDay;
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (paymentDay[mid]! <= settlement) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Interest accrued at `settlement` in the current coupon period, per 100 face. */
  accruedInterest(settlement: Day): number {
    this.requireDay('settlement', settlement);
    const i = this.firstLiveFlow(settlement);
    if (i === this.size) return 0;
    const start = this.accrualStart[i]!;
    if (settlement <= start) return 0;
    const end = Math.min(settlement, this.accrualEnd[i]!);
    return 100 * this.coupon * this.#yearFraction(start, end, this.referenceStart[i]!, this.referenceEnd[i]!);
  }

  /**
   * The dirty price per 100 face at settlement from a discount curve: the cash flows paid after
   * settlement, discounted by the curve and brought forward to settlement by DF(settlement).
   * Settlement defaults to the one for a trade on the curve's reference date.
   */
  dirtyPrice(curve: DiscountCurve, settlement: Day = this.settlementDate(curve.referenceDate)): number {
    this.requireDay('settlement', settlement);
    const { amount, paymentDay, size } = this;
    let value = 0;
    for (let i = this.firstLiveFlow(settlement); i < size; i++) value += amount[i]! * curve.discount(paymentDay[i]!);
    return value / curve.discount(settlement);
  }

  /** The clean price per 100 face at settlement from a discount curve (dirty less accrued). */
  cleanPrice(curve: DiscountCurve, settlement: Day = this.settlementDate(curve.referenceDate)): number {
    return this.dirtyPrice(curve, settlement) - this.accruedInterest(settlement);
  }

  /** The position's value on a curve: dirty price / 100 × face, at the settlement of a trade on `valuationDate`. */
  npv(curve: DiscountCurve, valuationDate: Day = curve.referenceDate): number {
    return (this.dirtyPrice(curve, this.settlementDate(valuationDate)) / 100) * this.face;
  }

  /**
   * Yield-discounting time from `settlement` to the payment of flow `i`, the first live one:
   * the period's time to payment less the part already accrued (QuantLib's stepwise time).
   */
  timeToFirstLiveFlow(settlement: Day, i: number): number {
    const start = this.accrualStart[i]!;
    return this.paymentTime[i]! - this.#yearFraction(start, settlement, this.referenceStart[i]!, this.referenceEnd[i]!);
  }

  /** Throws a BondInputError naming `field` unless `day` is a Day. */
  requireDay(field: string, day: unknown): asserts day is Day {
    if (typeof day !== 'number' || !Number.isSafeInteger(day)) {
      throw new BondInputError(this.id, field, 'a Day (whole days since 1970-01-01)', describeValue(day));
    }
  }

  #yearFraction(start: Day, end: Day, referenceStart: Day, referenceEnd: Day): number {
    return yearFraction(this.dayCount, start, end, referenceStart, referenceEnd, this.frequency);
  }
}

function validatePosition(id: string, position: BondPosition): void {
  const fail = (field: string, expected: string, actual: string): never => {
    throw new BondInputError(id, field, expected, actual);
  };
  if (typeof position.id !== 'string' || position.id === '') fail('id', 'a non-empty string', describeValue(position.id));
  const kind: unknown = position.kind;
  if (kind !== 'bond') fail('kind', '"bond"', describeValue(kind));
  if (typeof position.face !== 'number' || !Number.isFinite(position.face) || position.face <= 0) {
    fail('face', 'a positive finite amount', describeValue(position.face));
  }
  if (typeof position.coupon !== 'number' || !Number.isFinite(position.coupon) || position.coupon < 0 || position.coupon > 1) {
    fail('coupon', 'a decimal rate between 0 and 1 (0.025 for 2.5%)', describeValue(position.coupon));
  }
  for (const field of ['issueDate', 'maturityDate'] as const) {
    const day: unknown = position[field];
    if (typeof day !== 'number' || !Number.isSafeInteger(day)) fail(field, 'a Day (whole days since 1970-01-01)', describeValue(day));
  }
  if (position.maturityDate <= position.issueDate) {
    fail('maturityDate', `after the issue date ${describeDay(position.issueDate)}`, describeDay(position.maturityDate));
  }
  if (!isFrequency(position.frequency)) fail('frequency', 'one of 1, 2, 4, 12 (coupons per year)', describeValue(position.frequency));
  if (!isDayCountName(position.dayCount)) fail('dayCount', `one of ${DAY_COUNT_NAMES.join(', ')}`, describeValue(position.dayCount));
  if (!isCalendarName(position.calendar)) fail('calendar', `one of ${CALENDAR_NAMES.join(', ')}`, describeValue(position.calendar));
}
