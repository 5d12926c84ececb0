import { KEY_RATE_TENORS } from '../suite/scenario-curves.js';
import type { PositionValuation } from '../valuation-result.js';

/** The additive measures of a set of positions, summed. */
export interface ValuationTotals {
  readonly positions: number;
  readonly npv: number;
  readonly dv01: number;
  readonly shockUp100: number;
  readonly shockDown100: number;
  /** Value change for a 1 bp rise at each key tenor, by tenor. */
  readonly keyRateDv01: Readonly<Record<string, number>>;
}

/**
 * A running sum, filled position by position (or subtotal by subtotal) in a fixed order. Keep
 * one and `reset` it rather than making one per sum: a class whose instances all die takes the
 * optimised code that used them down with it at the next full GC.
 */
export class TotalsAccumulator {
  positions = 0;
  npv = 0;
  dv01 = 0;
  shockUp100 = 0;
  shockDown100 = 0;
  readonly #keyRateDv01 = new Float64Array(KEY_RATE_TENORS.length);

  reset(): void {
    this.positions = 0;
    this.npv = 0;
    this.dv01 = 0;
    this.shockUp100 = 0;
    this.shockDown100 = 0;
    this.#keyRateDv01.fill(0);
  }

  addValuation(valuation: PositionValuation): void {
    this.positions += 1;
    this.npv += valuation.npv;
    this.dv01 += valuation.dv01;
    this.shockUp100 += valuation.shockUp100;
    this.shockDown100 += valuation.shockDown100;
    this.#addKeyRates(valuation.keyRateDv01);
  }

  addTotals(totals: ValuationTotals): void {
    this.positions += totals.positions;
    this.npv += totals.npv;
    this.dv01 += totals.dv01;
    this.shockUp100 += totals.shockUp100;
    this.shockDown100 += totals.shockDown100;
    this.#addKeyRates(totals.keyRateDv01);
  }

  /** The sums so far, as a frozen value. */
  totals(): ValuationTotals {
    const keyRateDv01: Record<string, number> = {};
    for (let k = 0; k < KEY_RATE_TENORS.length; k++) keyRateDv01[KEY_RATE_TENORS[k]!] = this.#keyRateDv01[k]!;
    return Object.freeze({
      positions: this.positions,
      npv: this.npv,
      dv01: this.dv01,
      shockUp100: this.shockUp100,
      shockDown100: this.shockDown100,
      keyRateDv01: Object.freeze(keyRateDv01),
    });
  }

  #addKeyRates(keyRateDv01: Readonly<Record<string, number>>): void {
    const sums = this.#keyRateDv01;
    for (let k = 0; k < KEY_RATE_TENORS.length; k++) sums[k] = sums[k]! + (keyRateDv01[KEY_RATE_TENORS[k]!] ?? 0);
  }
}

/** Equal to the last bit (Object.is), field by field. */
export function sameTotals(a: ValuationTotals, b: ValuationTotals): boolean {
  if (a === b) return true;
  return (
    a.positions === b.positions &&
    Object.is(a.npv, b.npv) &&
    Object.is(a.dv01, b.dv01) &&
    Object.is(a.shockUp100, b.shockUp100) &&
    Object.is(a.shockDown100, b.shockDown100) &&
    sameNumberRecords(a.keyRateDv01, b.keyRateDv01)
  );
}

/** Same keys, equal values (Object.is). Allocates nothing: it runs for every recomputed position. */
export function sameNumberRecords(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  if (a === b) return true;
  let keys = 0;
  for (const key in a) {
    if (!Object.hasOwn(a, key)) continue;
    if (!Object.hasOwn(b, key) || !Object.is(a[key], b[key])) return false;
    keys++;
  }
  for (const key in b) if (Object.hasOwn(b, key)) keys--;
  return keys === 0;
}

/** A run's totals: the whole portfolio, and each group (a prepayment model's pools, or the positions with none). */
export interface WorkflowTotals {
  readonly portfolio: ValuationTotals;
  /** By group name: a model name, or NO_MODEL_GROUP. */
  readonly groups: Readonly<Record<string, ValuationTotals>>;
}

/** The group of bonds and swaps, which use no prepayment model (not a valid model name). */
export const NO_MODEL_GROUP = '(no model)';
