import type { PositionKind } from './portfolio/position.js';

/**
 * Every measure the full workflow computes for one position. A measure that does not apply to
 * a kind is null (a swap has no clean price; only pools have a weighted average life).
 * Money amounts are in the position's currency; durations in years; DV01 is the value change
 * for a 1 bp fall in rates (positive for a long bond); shocks are value changes for a parallel
 * move of ±100 bp; key-rate durations are keyed by tenor ("2Y", "10Y", …).
 */
export interface PositionValuation {
  readonly positionId: string;
  readonly kind: PositionKind;
  readonly npv: number;
  readonly cleanPrice: number | null;
  readonly dirtyPrice: number | null;
  readonly accrued: number | null;
  readonly yield: number | null;
  readonly modifiedDuration: number | null;
  readonly convexity: number | null;
  readonly dv01: number;
  readonly wal: number | null;
  readonly shockUp100: number;
  readonly shockDown100: number;
  readonly keyRateDurations: Readonly<Record<string, number>>;
  /** Value change for a 1 bp rise at each key tenor: additive across positions. */
  readonly keyRateDv01: Readonly<Record<string, number>>;
}

/**
 * The scalar measures of a position, in one fixed order: the results table's columns, the CSV
 * report's columns and the workflow's exact comparison all follow this list.
 */
export const VALUATION_MEASURES = [
  'npv',
  'cleanPrice',
  'dirtyPrice',
  'accrued',
  'yield',
  'modifiedDuration',
  'convexity',
  'dv01',
  'wal',
  'shockUp100',
  'shockDown100',
] as const satisfies readonly (keyof PositionValuation)[];
