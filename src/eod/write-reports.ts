import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_RATE_TENORS } from '../valuation/suite/scenario-curves.js';
import { htmlReport } from './report-html.js';
import { resultsCsv } from './report-csv.js';
import type { ReportRow } from './report-row.js';
import type { RunSummary } from './run-summary.js';

export interface ReportInput {
  readonly runId: string;
  readonly effectiveDate: string;
  /** Every position's results, in portfolio order. */
  readonly rows: readonly ReportRow[];
  readonly summary: RunSummary;
  readonly stageMilliseconds: Readonly<Record<string, number>>;
}

/** Writes a succeeded run's reports (results.csv for machines, report.html for people) into `dir`; returns their paths. */
export function writeReports(dir: string, input: ReportInput): string[] {
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, 'results.csv');
  const html = join(dir, 'report.html');
  writeFileSync(csv, resultsCsv(input.rows, KEY_RATE_TENORS));
  writeFileSync(html, htmlReport({
    runId: input.runId, effectiveDate: input.effectiveDate, status: 'succeeded', stageMilliseconds: input.stageMilliseconds, summary: input.summary, valuations: input.rows,
  }));
  return [csv, html];
}
