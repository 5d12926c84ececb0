import type { PositionKind } from '../valuation/portfolio/position.js';
import { VALUATION_MEASURES } from '../valuation/valuation-result.js';

/**
 * The measures of one position in one run, as the `results` table holds them. A measure that
 * does not apply to a kind is null (a swap has no clean price or yield; WAL is for amortising
 * pools). Amounts are in the position's currency; durations in years; DV01 per basis point;
 * shocks are the NPV after a parallel ±100bp move.
 */
export interface PositionResultRow {
  readonly positionId: string;
  readonly kind: PositionKind;
  readonly npv: number;
  readonly cleanPrice: number | null;
  readonly dirtyPrice: number | null;
  readonly accrued: number | null;
  readonly yield: number | null;
  readonly modifiedDuration: number | null;
  readonly convexity: number | null;
  readonly dv01: number | null;
  readonly wal: number | null;
  readonly shockUp100: number | null;
  readonly shockDown100: number | null;
  /** Key-rate tenor (e.g. "2Y") → duration; stored as JSON. */
  readonly keyRateDurations: Readonly<Record<string, number>> | null;
}

/** The measure fields of a row, in the order of the `results` columns after `kind`. */
export const RESULT_MEASURES = VALUATION_MEASURES satisfies readonly (keyof PositionResultRow)[];

export type ResultMeasure = (typeof RESULT_MEASURES)[number];
