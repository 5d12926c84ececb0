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
    return weighted / total / 12;
  }
}

/**
 * Projects a pool over `flows.months` months with the SMMs already in `flows.smm`: each month
 * the borrowers pay the level payment that amortises the surviving balance on the WAC over the
 * remaining term; the scheduled principal is that payment less interest on the WAC; the SMM of
 * what then remains prepays; the investor gets interest at the net coupon on the starting
 * balance plus all principal. Allocates nothing.
 */
export function projectMbsCashFlows(terms: MbsPoolTerms, flows: MbsCashFlows): void {
  const { months, balance, smm, mortgagePayment, netInterest, scheduledPrincipal, prepayment, cashFlow } = flows;
  const rate = terms.wac / 12;
  const netRate = terms.netCoupon / 12;
  const growth = 1 + rate;
  // (1 + r)^-(remaining months), advanced one month per step instead of a pow per month.
  let discount = rate === 0 ? 1 : Math.pow(growth, -months);
  let outstanding = terms.balance;
  for (let i = 0; i < months; i++) {
    const remaining = months - i;
    const payment = rate === 0 ? outstanding / remaining : (outstanding * rate) / (1 - discount);
    // The last payment retires the balance exactly, whatever rounding the annuity carried.
    const scheduled = remaining === 1 ? outstanding : payment - outstanding * rate;
    const prepaid = smm[i]! * (outstanding - scheduled);
    const interest = outstanding * netRate;
    balance[i] = outstanding;
    mortgagePayment[i] = payment;
    netInterest[i] = interest;
    scheduledPrincipal[i] = scheduled;
    prepayment[i] = prepaid;
    cashFlow[i] = interest + scheduled + prepaid;
    outstanding = outstanding - scheduled - prepaid;
    discount *= growth;
  }
  balance[months] = outstanding;
}
