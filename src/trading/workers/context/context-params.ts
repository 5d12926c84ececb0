/**
 * Param pieces every context worker shares, so blueprints see the same rules and messages for
 * the same kind of setting everywhere.
 */
import { z } from 'zod';

/** Upper bound for windows: each one is a Float64Array allocated up front. */
export const MAX_WINDOW = 1_000_000;

/** A window or period in bars, a whole number from `min` up to {@link MAX_WINDOW}. */
export function barCount(min: number, fallback: number) {
  return z.int().min(min).max(MAX_WINDOW).default(fallback);
}

/**
 * The label of the worker's DTO, when a strategy has several producers of one type (a `fast`
 * and a `slow` moving average).
 */
export const outputLabel = z.string().min(1).optional();
