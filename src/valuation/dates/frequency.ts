import type { Frequency } from '../portfolio/position.js';

/** Payments per year a coupon schedule can have; the tenor is 12 / frequency months. */
export const FREQUENCIES: readonly Frequency[] = [1, 2, 4, 12];

export function isFrequency(value: unknown): value is Frequency {
  return value === 1 || value === 2 || value === 4 || value === 12;
}
