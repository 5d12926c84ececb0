import { MAX_POOL_MONTHS } from './mbs-payment-schedule.js';

/**
 * Scheduled principal as a fraction of the balance, by months remaining: the level payment that
 * amortises a balance B on the monthly rate r over n months is B·r / (1 − (1 + r)^−n), so the
 * scheduled principal (payment less interest) is B·(r / (1 − (1 + r)^−n) − r), and the factor
 * depends on the WAC and n alone: not on the balance, the prepayment model or the curve. Pools
 * with the same WAC share one table, made once and read by every projection, which takes the
 * division (and the long dependency chain it sat on) out of the projection's inner loop.
 */
export interface ScheduledPrincipalFactors {
  /**
   * Index n (1–MAX_POOL_MONTHS): the factor with n months remaining; index 1 is exactly 1, so
   * that the last payment retires the balance exactly.
   */
  readonly scheduled: Float64Array;
  /** 1 − scheduled[n]: the fraction of the balance left after the scheduled principal. */
  readonly retained: Float64Array;
}

/** Distinct WACs kept; beyond, the tables are dropped and rebuilt on demand (same values). */
const MAX_TABLES = 1024;
const tables = new Map<number, ScheduledPrincipalFactors>();

export function scheduledPrincipalFactors(wac: number): ScheduledPrincipalFactors {
  let factors = tables.get(wac);
  if (factors === undefined) {
    if (tables.size >= MAX_TABLES) tables.clear();
    factors = buildFactors(wac / 12);
    tables.set(wac, factors);
  }
  return factors;
}

function buildFactors(rate: number): ScheduledPrincipalFactors {
  const scheduled = new Float64Array(MAX_POOL_MONTHS + 1);
  const retained = new Float64Array(MAX_POOL_MONTHS + 1);
  scheduled[0] = retained[0] = Number.NaN;
  const growth = 1 + rate;
  // (1 + r)^−n, one division per month from n = 1: the same value whichever pool asks first.
  let discount = 1;
  for (let n = 1; n <= MAX_POOL_MONTHS; n++) {
    discount /= growth;
    const factor = n === 1 ? 1 : rate === 0 ? 1 / n : rate / (1 - discount) - rate;
    scheduled[n] = factor;
    retained[n] = 1 - factor;
  }
  return { scheduled, retained };
}
