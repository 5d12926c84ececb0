import { DayCachedCurve } from '../curves/day-cached-curve.js';
import type { DiscountCurve } from '../curves/discount-curve.js';
import { keyRateShift } from '../curves/key-rate-shift.js';
import { parallelShift } from '../curves/parallel-shift.js';

/** Key tenors of the key-rate durations, as labels and in years. */
export const KEY_RATE_TENORS: readonly string[] = ['2Y', '5Y', '10Y', '30Y'];
const KEY_RATE_YEARS: readonly number[] = [2, 5, 10, 30];

/** Size of the small bump for DV01, durations and convexity, in basis points. */
export const SMALL_BUMP_BP = 1;
/** Size of the stress scenarios, in basis points. */
export const SHOCK_BP = 100;

/**
 * Every curve the full workflow values on: the base, ±1 bp parallel (DV01, effective duration
 * and convexity), ±100 bp parallel (the shocks) and ±1 bp at each key tenor. Built once per
 * run, in the model stage, as views over the base curve (nothing is copied), and shared by
 * every position, so per-curve caches (the pools' monthly discount factors) are built once.
 */
export interface ScenarioCurves {
  readonly base: DiscountCurve;
  readonly up: DiscountCurve;
  readonly down: DiscountCurve;
  readonly shockUp: DiscountCurve;
  readonly shockDown: DiscountCurve;
  readonly keyUp: readonly DiscountCurve[];
  readonly keyDown: readonly DiscountCurve[];
}

/**
 * Each scenario is wrapped in a per-day cache of discount factors: thousands of positions pay
 * on the same days, so each curve is evaluated once per distinct day.
 */
export function buildScenarioCurves(curve: DiscountCurve): ScenarioCurves {
  const cached = (c: DiscountCurve): DiscountCurve => new DayCachedCurve(c);
  return {
    base: cached(curve),
    up: cached(parallelShift(curve, SMALL_BUMP_BP)),
    down: cached(parallelShift(curve, -SMALL_BUMP_BP)),
    shockUp: cached(parallelShift(curve, SHOCK_BP)),
    shockDown: cached(parallelShift(curve, -SHOCK_BP)),
    keyUp: KEY_RATE_YEARS.map((_, i) => cached(keyRateShift(curve, KEY_RATE_YEARS, i, SMALL_BUMP_BP))),
    keyDown: KEY_RATE_YEARS.map((_, i) => cached(keyRateShift(curve, KEY_RATE_YEARS, i, -SMALL_BUMP_BP))),
  };
}
