import { scheduledPrincipalFactors } from './mbs-scheduled-principal.js';

/** Terms of a pool that its amortisation depends on (an MbsPosition has them all). */
export interface MbsPoolTerms {
  /** Outstanding balance at the start of projection month 1. */
  readonly balance: number;
  /** Weighted average coupon (decimal): the loans' rate, on which the level payment is set. */
  readonly wac: number;
  /** Pass-through rate (decimal): what the investor's interest is paid at. */
  readonly netCoupon: number;
}

/** A slab for up to 360 months (7 arrays, the balance one slot longer). */
const STANDARD_SLAB = 7 * 360 + 1;
/** Slabs kept for reuse: a handful is enough when pools are valued one after another. */
const MAX_FREE_SLABS = 8;
const freeSlabs: Float64Array[] = [];

/**
 * A pool's monthly projection, in typed arrays allocated once per pool and overwritten by each
 * projection. Index i holds projection month i + 1.
 */
export class MbsCashFlows {
  /** Months projected: the pool's remaining term. */
  readonly months: number;
  /**
   * Balance at the start of each month; one slot longer than the others, its last slot the
   * balance left after the final month (zero once the pool has run to maturity).
   */
  readonly balance: Float64Array;
  /** Single monthly mortality: the fraction of the balance left after scheduled principal that prepays. */
  readonly smm: Float64Array;
  /** Borrowers' level payment on the WAC over the remaining term, reset each month on the surviving balance. */
  readonly mortgagePayment: Float64Array;
  /** Interest passed through to the investor at the net coupon. */
  readonly netInterest: Float64Array;
  readonly scheduledPrincipal: Float64Array;
  readonly prepayment: Float64Array;
  /** Net interest + scheduled principal + prepayment: what the investor receives. */
  readonly cashFlow: Float64Array;

  readonly #slab: Float64Array;

  /**
   * Buffers for `months`, reusing a slab given back by release() when one is free: a batch
   * projects pool after pool, and allocating 20 kB per pool is what its time would go to.
   */
  static acquire(months: number): MbsCashFlows {
    return new MbsCashFlows(months, freeSlabs.pop());
  }

  constructor(months: number, reuse?: Float64Array) {
    if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be a positive integer, got ${months}`);
    this.months = months;
    // One allocation carved into views: typed-array allocation, not arithmetic, is what costs here.
    // Slabs of the standard size serve any term up to 30 years, so they can be shared.
    const length = Math.max(7 * months + 1, STANDARD_SLAB);
    const slab = reuse !== undefined && reuse.length >= length ? reuse.fill(0) : new Float64Array(length);
    this.#slab = slab;
    const slice = (index: number, length = months): Float64Array => slab.subarray(index * months, index * months + length);
    this.smm = slice(0);
    this.mortgagePayment = slice(1);
    this.netInterest = slice(2);
    this.scheduledPrincipal = slice(3);
    this.prepayment = slice(4);
    this.cashFlow = slice(5);
    this.balance = slice(6, months + 1);
  }

  /** Hands the slab back for another projection; this object must not be used afterwards. */
  release(): void {
    if (this.#slab.length === STANDARD_SLAB && freeSlabs.length < MAX_FREE_SLABS) freeSlabs.push(this.#slab);
  }

  /** Scheduled principal plus prepayment in month `month` (1-based). */
  totalPrincipal(month: number): number {
    const i = month - 1;
    if (!Number.isInteger(month) || i < 0 || i >= this.months) throw new RangeError(`month must be 1–${this.months}, got ${month}`);
    return this.scheduledPrincipal[i]! + this.prepayment[i]!;
  }

  /**
   * Weighted average life in years: Σ (t/12) × principal_t / Σ principal_t over months t, the
   * average time the principal is outstanding. NaN when no principal is paid.
   */
  weightedAverageLife(): number {
    let weighted = 0;
    let total = 0;
    for (let i = 0; i < this.months; i++) {
      const principal = this.scheduledPrincipal[i]! + this.prepayment[i]!;
      weighted += (i + 1) * principal;
      total += principal;
    }
    return walFromSums(weighted, total);
  }
}

/**
 * Projects a pool over `flows.months` months with the SMMs already in `flows.smm`: each month
 * the borrowers pay the level payment that amortises the surviving balance on the WAC over the
 * remaining term; the scheduled principal is that payment less interest on the WAC; the SMM of
 * what then remains prepays; the investor gets interest at the net coupon on the starting
 * balance plus all principal. Allocates nothing.
 *
 * Month by month, with B the balance, f the scheduled-principal factor of the months remaining
 * (`mbs-scheduled-principal.ts`) and s the SMM:
 *   retained = B·(1 − f), prepaid = s·retained, scheduled = B·f,
 *   cash flow = B·(net rate + f) + prepaid, next B = B·((1 − f)(1 − s)).
 * One multiplication on the month-to-month dependency chain, where subtracting the principal
 * would be four. `projectMbsValue` and `projectMbsValueOnly` compute the same months with the
 * same expressions; the three must stay in step (the same cash flows to the last bit).
 */
export function projectMbsCashFlows(terms: MbsPoolTerms, flows: MbsCashFlows): void {
  const { months, balance, smm, mortgagePayment, netInterest, scheduledPrincipal, prepayment, cashFlow } = flows;
  const { scheduled: factors, retained: keeps } = scheduledPrincipalFactors(terms.wac);
  const rate = terms.wac / 12;
  const netRate = terms.netCoupon / 12;
  let outstanding = terms.balance;
  for (let i = 0; i < months; i++) {
    const factor = factors[months - i]!;
    const keep = keeps[months - i]!;
    const monthly = smm[i]!;
    const prepaid = monthly * (outstanding * keep);
    const scheduled = outstanding * factor;
    balance[i] = outstanding;
    mortgagePayment[i] = scheduled + outstanding * rate;
    netInterest[i] = outstanding * netRate;
    scheduledPrincipal[i] = scheduled;
    prepayment[i] = prepaid;
    cashFlow[i] = outstanding * (netRate + factor) + prepaid;
    outstanding = outstanding * (keep * (1 - monthly));
  }
  balance[months] = outstanding;
}

/** Where `projectMbsValue` leaves the weighted average life's two sums. */
export interface WalSums {
  /** Σ month × principal. */
  weighted: number;
  /** Σ principal. */
  total: number;
}

/**
 * The projection a valuation needs and nothing more: the cash flows of months 1..`months` into
 * `cashFlow` (to discount again on curves that do not move the prepayment speeds), their present
 * value on the monthly `discount` factors, returned, and the weighted average life's sums into
 * `wal`. The same months, by the same expressions, as `projectMbsCashFlows`, in one pass and
 * one store a month instead of six. Allocates nothing.
 */
export function projectMbsValue(
  terms: MbsPoolTerms,
  months: number,
  smm: Float64Array,
  discount: Float64Array,
  cashFlow: Float64Array,
  wal: WalSums,
): number {
  const { scheduled: factors, retained: keeps } = scheduledPrincipalFactors(terms.wac);
  const netRate = terms.netCoupon / 12;
  let outstanding = terms.balance;
  let value = 0;
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < months; i++) {
    const factor = factors[months - i]!;
    const keep = keeps[months - i]!;
    const monthly = smm[i]!;
    const prepaid = monthly * (outstanding * keep);
    const principal = outstanding * factor + prepaid;
    const flow = outstanding * (netRate + factor) + prepaid;
    cashFlow[i] = flow;
    value += flow * discount[i]!;
    weighted += (i + 1) * principal;
    total += principal;
    outstanding = outstanding * (keep * (1 - monthly));
  }
  wal.weighted = weighted;
  wal.total = total;
  return value;
}

/**
 * Only the present value: `projectMbsValue` without keeping the cash flows or the weighted
 * average life (for a curve no other curve shares a projection with). The same value to the bit.
 */
export function projectMbsValueOnly(terms: MbsPoolTerms, months: number, smm: Float64Array, discount: Float64Array): number {
  const { scheduled: factors, retained: keeps } = scheduledPrincipalFactors(terms.wac);
  const netRate = terms.netCoupon / 12;
  let outstanding = terms.balance;
  let value = 0;
  for (let i = 0; i < months; i++) {
    const factor = factors[months - i]!;
    const keep = keeps[months - i]!;
    const monthly = smm[i]!;
    const flow = outstanding * (netRate + factor) + monthly * (outstanding * keep);
    value += flow * discount[i]!;
    outstanding = outstanding * (keep * (1 - monthly));
  }
  return value;
}

/** Σ cash flow × discount factor over months 1..`months`, in month order. */
export function discountMbsCashFlows(cashFlow: Float64Array, discount: Float64Array, months: number): number {
  let value = 0;
  for (let i = 0; i < months; i++) value += cashFlow[i]! * discount[i]!;
  return value;
}

/**
 * Σ cash flow × discount factor over months 1..`months` for four sets of factors at once, into
 * out[at..at+3]: each the same sum, in the same order, as `discountMbsCashFlows` gives (four
 * independent sums in one pass keep the processor busy where one waits on its own additions).
 */
export function discountMbsCashFlows4(
  cashFlow: Float64Array,
  months: number,
  first: Float64Array,
  second: Float64Array,
  third: Float64Array,
  fourth: Float64Array,
  out: Float64Array,
  at: number,
): void {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  for (let i = 0; i < months; i++) {
    const flow = cashFlow[i]!;
    a += flow * first[i]!;
    b += flow * second[i]!;
    c += flow * third[i]!;
    d += flow * fourth[i]!;
  }
  out[at] = a;
  out[at + 1] = b;
  out[at + 2] = c;
  out[at + 3] = d;
}

/** Weighted average life in years from its sums (NaN when no principal is paid). */
export function walFromSums(weighted: number, total: number): number {
  return weighted / total / 12;
}
