import type { DiscountCurve } from '../curves/discount-curve.js';
import type { Day } from '../dates/day.js';
import type { MbsPosition } from '../portfolio/position.js';
import type { PrepaymentModel } from '../prepayment/prepayment-model.js';
import { discountMbsCashFlows, discountMbsCashFlows4, MbsCashFlows, projectMbsCashFlows, projectMbsValue, projectMbsValueOnly, walFromSums } from './mbs-cash-flows.js';
import { monthlyDiscountFactors, monthlyDiscountFactorsOf } from './mbs-monthly-discounts.js';
import { DAYS_PER_YEAR, MAX_POOL_MONTHS, monthlyPaymentSchedule, SHORTEST_MONTH_DAYS, type MonthlyPaymentSchedule } from './mbs-payment-schedule.js';
import { mortgageRatesOn } from './mbs-mortgage-rates.js';
import { MbsPositionError } from './mbs-position-error.js';
import { MbsProjectionSlots, type ProjectionSlot } from './mbs-projection-slots.js';

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

/** Scratch of valueOnCurves, shared by all pools (grown for longer curve lists). */
let curveRates = new Float64Array(16);
let curveLeaders = new Int32Array(16);
let curveMembers = new Int32Array(16);
const fourValues = new Float64Array(4);

/**
 * An MBS pass-through pool ready to value: payment days and projection buffers are set up
 * once, so that valuing it on a curve only projects (when the model depends on rates and the
 * rate moved) and discounts.
 *
 * Month m's cash flow is paid on the valuation date + m months (no payment delay). `project`
 * gives the whole projection (balances, payments, interest, principal), held in `flows`; `npv`
 * and `weightedAverageLife` make only what they need (cash flows and their value, in one pass)
 * and keep two projections at a time, so that the scenarios of a run that do not move the
 * mortgage rate discount a kept one instead of projecting again.
 */
export class MbsPool {
  readonly position: MbsPosition;
  readonly model: PrepaymentModel;
  readonly valuationDate: Day;
  readonly months: number;
  #paymentDays: Int32Array | undefined;
  #paymentTimes: Float64Array | undefined;
  #flows: MbsCashFlows | undefined;
  #slots: MbsProjectionSlots | undefined;
  /** The curves valueOnCurves was last given, until releaseProjection(). */
  #valuedCurves: readonly DiscountCurve[] | undefined;
  #nextValued = 0;
  readonly #rateBlind: boolean;
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
    this.#rateBlind = !model.rateSensitive;
    this.valuationDate = valuationDate;
    this.months = position.wam;
    this.#schedule = monthlyPaymentSchedule(valuationDate);
    this.#context = {
      wac: position.wac,
      // Month 1 is the month after the pool's current age: a pool seasoned 3 months pays month 1 at age 4.
      firstLoanAge: position.age + 1,
      firstCalendarMonth: this.#schedule.firstCalendarMonth,
      mortgageRate: Number.NaN,
    };
  }

  /** Payment day of each month (index i: month i + 1); a read-only view shared with other pools. */
  get paymentDays(): Int32Array {
    // Made when first asked: a session rebuilds its pools for every model change, and valuing needs no view.
    return (this.#paymentDays ??= this.#schedule.days.subarray(0, this.months));
  }

  /** Years from the valuation date to each payment, Actual/365 Fixed; a shared read-only view. */
  get paymentTimes(): Float64Array {
    return (this.#paymentTimes ??= this.#schedule.times.subarray(0, this.months));
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
    this.#valuedCurves = undefined;
    if (this.#slots !== undefined) {
      this.#slots.release();
      this.#slots = undefined;
    }
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
    if (spread === 0 && this.#valuedCurves !== undefined) {
      const index = this.#valuedIndex(curve);
      if (index >= 0) return this.#slots!.valued[3 * index]!;
    }
    const months = this.months;
    const discount = monthlyDiscountFactors(curve, this.#schedule, months);
    const rate = this.#rateBlind ? Number.NaN : this.model.mortgageRate(curve);
    const slots = (this.#slots ??= MbsProjectionSlots.acquire(months));
    const kept = slots.find(rate, this.#rateBlind);
    if (spread === 0) return kept === undefined ? this.#projectValue(slots, rate, discount) : discountMbsCashFlows(kept.cashFlow, discount, months);
    const cashFlow = (kept ?? this.#projectSlot(slots, rate, discount)).cashFlow;
    // Every month is 28–31 days, so four exponentials and a running product give exp(−spread × t).
    // (Constants copied to locals: some loaders compile imported bindings into getters.)
    const shortest = SHORTEST_MONTH_DAYS;
    const perMonthLength = spreadPerMonthLength;
    for (let length = 0; length < 4; length++) perMonthLength[length] = Math.exp((-spread * (shortest + length)) / DAYS_PER_YEAR);
    const gaps = this.#schedule.gaps;
    let spreadDiscount = 1;
    let value = 0;
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
    // Right after a valuation on the same mortgage rate, its projection's sums are at hand.
    if (this.#valuedCurves !== undefined && (this.#rateBlind || curve !== undefined)) {
      const index = curve === undefined ? 0 : this.#valuedIndex(curve);
      // NaN sums: valueOnCurves kept only that curve's value.
      const weighted = index >= 0 ? this.#slots!.valued[3 * index + 1]! : Number.NaN;
      if (weighted === weighted) return walFromSums(weighted, this.#slots!.valued[3 * index + 2]!);
    }
    if (this.#slots !== undefined && (this.#rateBlind || curve !== undefined)) {
      const kept = this.#slots.find(this.#rateBlind ? Number.NaN : this.model.mortgageRate(curve!), this.#rateBlind);
      if (kept !== undefined) return walFromSums(kept.weighted, kept.total);
    }
    return this.project(curve).weightedAverageLife();
  }

  /**
   * Values the pool on every curve of `curves` at once (a run's scenario curves) and keeps the
   * values until releaseProjection(): the npv (spread 0) and weightedAverageLife calls of a
   * valuation on those curves then only look them up. Each value is exactly what npv(curve)
   * alone gives (the same projections, summed in the same order); what is saved is the work
   * between curves: one projection per distinct mortgage rate (one in all for a rate-blind
   * model), and the curves that share a projection discounted four at a time. The list must
   * not change afterwards (freeze it).
   */
  valueOnCurves(curves: readonly DiscountCurve[]): void {
    const count = curves.length;
    const months = this.months;
    if (curveRates.length < count) {
      curveRates = new Float64Array(count);
      curveLeaders = new Int32Array(count);
      curveMembers = new Int32Array(count);
    }
    const rates = curveRates;
    const leaders = curveLeaders;
    const members = curveMembers;
    const rateBlind = this.#rateBlind;
    const mortgageRates = rateBlind ? undefined : mortgageRatesOn(this.model, curves);
    // Curves that give the same mortgage rate share the projection of the first of them.
    for (let c = 0; c < count; c++) {
      const rate = mortgageRates === undefined ? Number.NaN : mortgageRates[c]!;
      rates[c] = rate;
      let leader = c;
      if (rateBlind) leader = 0;
      else for (let earlier = 0; earlier < c; earlier++) if (leaders[earlier] === earlier && rates[earlier] === rate) { leader = earlier; break; }
      leaders[c] = leader;
    }
    const discounts = monthlyDiscountFactorsOf(curves, this.#schedule, months);
    this.#valuedCurves = undefined;
    const slots = (this.#slots ??= MbsProjectionSlots.acquire(months));
    const valued = slots.valuesFor(count);
    const slot = slots.vacant();
    slot.filled = false;
    for (let leader = 0; leader < count; leader++) {
      if (leaders[leader] !== leader) continue;
      let memberCount = 0;
      for (let c = leader + 1; c < count; c++) if (leaders[c] === leader) members[memberCount++] = c;
      const smm = this.#speeds(slots.smm, rates[leader]!);
      if (memberCount === 0 && leader !== 0) {
        // A projection no other curve shares, and not the first curve's: its value is all that is kept.
        valued[3 * leader] = projectMbsValueOnly(this.position, months, smm, discounts[leader]!);
        valued[3 * leader + 1] = valued[3 * leader + 2] = Number.NaN;
        continue;
      }
      valued[3 * leader] = projectMbsValue(this.position, months, smm, discounts[leader]!, slot.cashFlow, slot);
      valued[3 * leader + 1] = slot.weighted;
      valued[3 * leader + 2] = slot.total;
      for (let m = 0; m < memberCount; m++) {
        valued[3 * members[m]! + 1] = slot.weighted;
        valued[3 * members[m]! + 2] = slot.total;
      }
      for (let m = 0; m < memberCount; m += 4) {
        const first = discounts[members[m]!]!;
        // Fewer than four left: the spare sums repeat the first curve and are not used.
        const second = m + 1 < memberCount ? discounts[members[m + 1]!]! : first;
        const third = m + 2 < memberCount ? discounts[members[m + 2]!]! : first;
        const fourth = m + 3 < memberCount ? discounts[members[m + 3]!]! : first;
        discountMbsCashFlows4(slot.cashFlow, months, first, second, third, fourth, fourValues, 0);
        for (let k = 0; k < 4 && m + k < memberCount; k++) valued[3 * members[m + k]!] = fourValues[k]!;
      }
    }
    this.#valuedCurves = curves;
    this.#nextValued = 0;
  }

  /**
   * Where `curve` is in the list valueOnCurves was given (−1: not there). Curves are usually
   * asked for in the list's order, so the one after the last found is tried first.
   */
  #valuedIndex(curve: DiscountCurve): number {
    const curves = this.#valuedCurves!;
    const next = this.#nextValued;
    const index = curves[next] === curve ? next : curves.indexOf(curve);
    this.#nextValued = index + 1;
    return index;
  }

  /** Projects at `rate` into a slot and returns the value on `discount`. */
  #projectValue(slots: MbsProjectionSlots, rate: number, discount: Float64Array): number {
    const slot = slots.vacant();
    // Until it completes, the slot holds no projection that could be reused.
    slot.filled = false;
    const value = projectMbsValue(this.position, this.months, this.#speeds(slots.smm, rate), discount, slot.cashFlow, slot);
    slot.rate = rate;
    slot.filled = true;
    return value;
  }

  #projectSlot(slots: MbsProjectionSlots, rate: number, discount: Float64Array): ProjectionSlot {
    this.#projectValue(slots, rate, discount);
    return slots.find(rate, this.#rateBlind)!;
  }

  #fillSmm(smm: Float64Array, mortgageRate: number): void {
    const context = this.#context;
    context.mortgageRate = mortgageRate;
    this.model.fillSmm(smm, this.months, context);
  }

  /** The SMMs at `mortgageRate`: in `scratch`, or an array the model shares (see PrepaymentModel.speeds). */
  #speeds(scratch: Float64Array, mortgageRate: number): Float64Array {
    const context = this.#context;
    context.mortgageRate = mortgageRate;
    const model = this.model;
    if (model.speeds !== undefined) return model.speeds(scratch, this.months, context);
    model.fillSmm(scratch, this.months, context);
    return scratch;
  }

  #run(mortgageRate: number): void {
    // Until it completes, the buffers hold no projection that could be reused.
    this.#projected = false;
    this.#fillSmm(this.flows.smm, mortgageRate);
    projectMbsCashFlows(this.position, this.flows);
    this.#projectedRate = mortgageRate;
    this.#projected = true;
  }
}
