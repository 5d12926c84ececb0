/**
 * Prepayment speeds come in two units: CPR, the annual fraction of the balance that prepays,
 * and SMM, the monthly fraction. Models think in CPR (that is what the market quotes);
 * projections need SMM. The conversion compounds, it does not divide by twelve:
 * surviving a year is surviving twelve months, (1 − SMM)^12 = 1 − CPR.
 */

/** SMM = 1 − (1 − CPR)^(1/12). */
export function cprToSmm(cpr: number): number {
  // expm1/log1p keep full precision for the small speeds of new pools, where 1 − CPR ≈ 1.
  return -Math.expm1(Math.log1p(-cpr) / 12);
}

/** CPR = 1 − (1 − SMM)^12. */
export function smmToCpr(smm: number): number {
  return -Math.expm1(12 * Math.log1p(-smm));
}
