import type { VALUATION_MEASURES } from '../valuation/valuation-result.js';

/**
 * One position's results as the reports read them: a fresh valuation (the single-process run)
 * and a row read back from the results table (a distributed run, whose workers wrote it) both
 * fit, so the two paths write their reports with the same code.
 */
export type ReportRow = {
  readonly positionId: string;
  readonly kind: string;
  readonly npv: number;
  readonly keyRateDurations: Readonly<Record<string, number>> | null;
} & { readonly [M in Exclude<(typeof VALUATION_MEASURES)[number], 'npv'>]: number | null };
