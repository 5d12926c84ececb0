import { VALUATION_MEASURES } from '../valuation/valuation-result.js';
import type { ReportRow } from './report-row.js';

const FIXED_COLUMNS = ['positionId', 'kind', ...VALUATION_MEASURES] as const;

/**
 * The results as CSV: one row per position, the measures as columns, one column per key-rate
 * tenor ("krd_10Y"). Empty cells for measures that do not apply. Full precision: this file is
 * for machines (reconciliation, a spreadsheet), the HTML report is for people.
 */
export function resultsCsv(valuations: readonly ReportRow[], tenors: readonly string[]): string {
  return resultsCsvHeader(tenors) + resultsCsvRows(valuations, tenors);
}

/** The header line of resultsCsv, with its line break. */
export function resultsCsvHeader(tenors: readonly string[]): string {
  return `${[...FIXED_COLUMNS, ...tenors.map((t) => `krd_${t}`)].join(',')}\n`;
}

/**
 * The data lines of resultsCsv, each with its line break: a distributed run's workers format
 * their partitions' lines, and the header followed by every partition's lines in order is
 * byte for byte the file a single process writes.
 */
export function resultsCsvRows(valuations: readonly ReportRow[], tenors: readonly string[]): string {
  let text = '';
  for (const v of valuations) {
    const cells = FIXED_COLUMNS.map((column) => cell(v[column]));
    for (const tenor of tenors) cells.push(cell(v.keyRateDurations?.[tenor] ?? null));
    text += `${cells.join(',')}\n`;
  }
  return text;
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
