import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlReport } from './report-html.js';
import type { ReportRow } from './report-row.js';
import type { RunSummary } from './run-summary.js';

export interface ReportInput {
  readonly runId: string;
  readonly effectiveDate: string;
  /** The results CSV (resultsCsv of every position, in portfolio order). */
  readonly csv: string;
  /** Positions the HTML report picks its largest risks from: all of them, or every part's top (largestByDv01) in order. */
  readonly topCandidates: readonly ReportRow[];
  readonly summary: RunSummary;
  readonly stageMilliseconds: Readonly<Record<string, number>>;
}

/** Writes a succeeded run's reports (results.csv for machines, report.html for people) into `dir`; returns their paths. */
export function writeReports(dir: string, input: ReportInput): string[] {
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, 'results.csv');
  const html = join(dir, 'report.html');
  writeFileSync(csv, input.csv);
  writeFileSync(html, htmlReport({
    runId: input.runId, effectiveDate: input.effectiveDate, status: 'succeeded', stageMilliseconds: input.stageMilliseconds, summary: input.summary, valuations: input.topCandidates,
  }));
  return [csv, html];
}
