import type { DiscountCurve } from '../curves/discount-curve.js';
import type { Day } from '../dates/day.js';
import type { MbsPosition } from '../portfolio/position.js';
import type { PrepaymentModel } from '../prepayment/prepayment-model.js';
import { MbsCashFlows, projectMbsCashFlows } from './mbs-cash-flows.js';
import { monthlyDiscountFactors } from './mbs-monthly-discounts.js';
import { DAYS_PER_YEAR, MAX_POOL_MONTHS, monthlyPaymentSchedule, SHORTEST_MONTH_DAYS, type MonthlyPaymentSchedule } from './mbs-payment-schedule.js';
import { MbsPositionError } from './mbs-position-error.js';

/** The context a model reads, kept as one object per pool and updated in place. */
interface MutableContext {
  wac: number;
  firstLoanAge: number;
  firstCalendarMonth: number;
  mortgageRate: number;
}

function requireTerms(position: MbsPosition): void {
  const { id, balance, wac, netCoupon, wam, age } = position;
  if (!Number.isFinite(balance) || balance <= 0) throw new MbsPositionError(id, 'balance', `must be a positive amount, got ${balance}`);
  if (!Number.isFinite(wac) || wac < 0 || wac >= 1) throw new MbsPositionError(id, 'wac', `must be a decimal rate in [0, 1), got ${wac}`);
  if (!Number.isFinite(netCoupon) || netCoupon < 0) throw new MbsPositionError(id, 'netCoupon', `must be a decimal rate ≥ 0, got ${netCoupon}`);
  if (netCoupon > wac) throw new MbsPositionError(id, 'netCoupon', `(${netCoupon}) must not exceed wac (${wac}): the pass-through rate is the WAC less fees`);
  if (!Number.isInteger(wam) || wam < 1 || wam > MAX_POOL_MONTHS) throw new MbsPositionError(id, 'wam', `must be a whole number of months in 1–${MAX_POOL_MONTHS}, got ${wam}`);
  if (!Number.isInteger(age) || age < 0) throw new MbsPositionError(id, 'age', `must be a whole number of months ≥ 0, got ${age}`);
}

/** exp(−spread × days/365) for month lengths of 28–31 days; scratch shared by all pools. */
const spreadPerMonthLength = new Float64Array(4);

/**
 * An MBS pass-through pool ready to value: payment days and projection buffers are set up
 * once, so that valuing it on a curve only projects (when the model depends on rates and the
 * rate moved) and discounts.
 *
 * Month m's cash flow is paid on the valuation date + m months (no payment delay). The
 * projection is held in `flows` and overwritten by the next one that is needed.
 */
export class MbsPool {
  readonly position: MbsPosition;
  readonly model: PrepaymentModel;
  readonly valuationDate: Day;
  readonly months: number;
  /** Payment day of each month (index i: month i + 1); a read-only view shared with other pools. */
  readonly paymentDays: Int32Array;
  /** Years from the valuation date to each payment, Actual/365 Fixed; a shared read-only view. */
  readonly paymentTimes: Float64Array;
  #flows: MbsCashFlows | undefined;
  readonly #schedule: MonthlyPaymentSchedule;
  readonly #context: MutableContext;
  /** The mortgage rate the held projection was made at (NaN for a rate-blind model). */
  #projectedRate = Number.NaN;
  #projected = false;

  constructor(position: MbsPosition, model: PrepaymentModel, valuationDate: Day) {
    requireTerms(position);
    if (!Number.isInteger(valuationDate)) throw new MbsPositionError(position.id, 'valuation date', `must be an integer Day, got ${valuationDate}`);
    this.position = position;
    this.model = model;
    this.valuationDate = valuationDate;
    this.months = position.wam;
    this.#schedule = monthlyPaymentSchedule(valuationDate);
    this.paymentDays = this.#schedule.days.subarray(0, this.months);
    this.paymentTimes = this.#schedule.times.subarray(0, this.months);
    this.#context = {
      wac: position.wac,
      // Month 1 is the month after the pool's current age: a pool seasoned 3 months pays month 1 at age 4.
      firstLoanAge: position.age + 1,
      firstCalendarMonth: this.#schedule.firstCalendarMonth,
      mortgageRate: Number.NaN,
    };
  }

  /**
   * The buffers the projection is made in: taken on first use, and given back by
   * releaseProjection(), so that a batch valuing thousands of pools one after another holds
   * one pool's buffers at a time instead of every pool's (20 kB each for 30 years).
   */
  get flows(): MbsCashFlows {
    return (this.#flows ??= MbsCashFlows.acquire(this.months));
  }

  /** Gives the projection buffers back for reuse; the next valuation projects again. */
  releaseProjection(): void {
    if (this.#flows === undefined) return;
    this.#projected = false;
    this.#flows.release();
    this.#flows = undefined;
  }

  /**
   * The projection on `curve`: made now if the model reads rates and the rate it reads moved
   * (or on first use), otherwise the one already held. A rate-blind model (PSA) needs no curve.
   */
  project(curve?: DiscountCurve): MbsCashFlows {
    if (!this.model.rateSensitive) {
      if (!this.#projected) this.#run(Number.NaN);
      return this.flows;
    }
    if (curve === undefined) {
      throw new MbsPositionError(this.position.id, 'curve', `is needed: prepayment model '${this.model.name}' depends on rates`);
    }
    const rate = this.model.mortgageRate(curve);
    if (!this.#projected || rate !== this.#projectedRate) this.#run(rate);
    return this.flows;
  }

  /**
   * Present value on `curve`: Σ cash flow × DF(payment day), each discount factor further
   * multiplied by exp(−spread × t) for a static (zero-volatility) spread, continuously
   * compounded on Actual/365 Fixed years from the valuation date. The curve's factors at the
   * monthly payment days are shared with every pool valued on the same curve object (curves
   * are values: do not change one after valuing on it).
   */
  npv(curve: DiscountCurve, spread = 0): number {
    const cashFlow = this.project(curve).cashFlow;
    const discount = monthlyDiscountFactors(curve, this.#schedule, this.months);
    const months = this.months;
    let value = 0;
    if (spread === 0) {
      for (let i = 0; i < months; i++) value += cashFlow[i]! * discount[i]!;
      return value;
    }
    // Every month is 28–31 days, so four exponentials and a running product give exp(−spread × t).
    // (Constants copied to locals: some loaders compile imported bindings into getters.)
    const shortest = SHORTEST_MONTH_DAYS;
    const perMonthLength = spreadPerMonthLength;
    for (let length = 0; length < 4; length++) perMonthLength[length] = Math.exp((-spread * (shortest + length)) / DAYS_PER_YEAR);
    const gaps = this.#schedule.gaps;
    let spreadDiscount = 1;
    for (let i = 0; i < months; i++) {
      spreadDiscount *= perMonthLength[gaps[i]! - shortest]!;
      value += cashFlow[i]! * discount[i]! * spreadDiscount;
    }
    return value;
  }

  /** Value per 100 of current balance. */
  price(curve: DiscountCurve, spread = 0): number {
    return (this.npv(curve, spread) / this.position.balance) * 100;
  }

  /** Weighted average life in years of the projection on `curve` (no curve needed for PSA). */
  weightedAverageLife(curve?: DiscountCurve): number {
    return this.project(curve).weightedAverageLife();
  }

  #run(mortgageRate: number): void {
    const context = this.#context;
    // Until it completes, the buffers hold no projection that could be reused.
    this.#projected = false;
    context.mortgageRate = mortgageRate;
    this.model.fillSmm(this.flows.smm, this.months, context);
    projectMbsCashFlows(this.position, this.flows);
    this.#projectedRate = mortgageRate;
    this.#projected = true;
  }
}
