import type { DiscountCurve } from '../curves/discount-curve.js';

/** What a model may read about the pool and the market when it projects prepayment speeds. */
export interface PrepaymentContext {
  /** Weighted average coupon of the loans (decimal): what borrowers pay. */
  readonly wac: number;
  /** Loan age, in months, during projection month 1 (a pool seasoned 3 months: 4). */
  readonly firstLoanAge: number;
  /** Calendar month (1–12) in which projection month 1 falls, for seasonality. */
  readonly firstCalendarMonth: number;
  /**
   * The current mortgage rate (decimal) from {@link PrepaymentModel.mortgageRate}; NaN for a
   * model that is not rate sensitive.
   */
  readonly mortgageRate: number;
}

/**
 * A prepayment model: fills a whole projection's single monthly mortality rates (SMM) at once,
 * so the projection's inner loop never calls through an interface per month.
 */
export interface PrepaymentModel {
  /** Its name in the model registry (the model file's name, e.g. "psa-100"). */
  readonly name: string;
  readonly type: PrepaymentModelType;
  /**
   * Whether speeds depend on market rates. A pool on a rate-insensitive model projects once
   * and reuses the projection for every curve (base and shocked); a rate-sensitive one
   * re-projects whenever the mortgage rate it sees changes.
   */
  readonly rateSensitive: boolean;
  /** The mortgage rate the model reads from `curve`; NaN when not rate sensitive. */
  mortgageRate(curve: DiscountCurve): number;
  /** Writes the SMM of projection months 1..`months` into `out[0..months-1]`; allocates nothing. */
  fillSmm(out: Float64Array, months: number, context: PrepaymentContext): void;
  /**
   * Optional: the same SMMs as fillSmm, either written into `scratch` (and `scratch` returned)
   * or, when the model keeps them anyway, an array of its own holding them at 0..`months`-1,
   * saving the copy. Read it before calling the model again: the model may reuse it.
   */
  speeds?(scratch: Float64Array, months: number, context: PrepaymentContext): Float64Array;
}

export const PREPAYMENT_MODEL_TYPES = ['psa', 'refi'] as const;
export type PrepaymentModelType = (typeof PREPAYMENT_MODEL_TYPES)[number];
