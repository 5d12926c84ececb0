import type { ReportRow } from './report-row.js';
import type { RunSummary, Totals } from './run-summary.js';

export interface HtmlReportInput {
  readonly runId: string;
  readonly effectiveDate: string;
  readonly status: string;
  readonly stageMilliseconds: Readonly<Record<string, number>>;
  readonly summary: RunSummary;
  readonly valuations: readonly ReportRow[];
  /** How many of the largest risks to list. */
  readonly top?: number;
}

/**
 * A self-contained HTML page for people: totals by kind, the key-rate profile, stage timings
 * and the positions with the largest DV01. Every value from the input is escaped.
 */
export function htmlReport(input: HtmlReportInput): string {
  const { summary } = input;
  const top = largestByDv01(input.valuations, input.top ?? REPORT_TOP);
  const totalsRow = (label: string, t: Totals): string =>
    `<tr><th>${escape(label)}</th><td>${t.positions}</td><td>${money(t.npv)}</td><td>${money(t.dv01)}</td><td>${money(t.shockUp100)}</td><td>${money(t.shockDown100)}</td></tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tenure EOD ${escape(input.runId)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}th{background:#f4f4f4}caption{text-align:left;font-weight:bold}</style>
</head><body>
<h1>End-of-day valuation ${escape(input.effectiveDate)}</h1>
<p>Run <code>${escape(input.runId)}</code>: ${escape(input.status)}</p>
<table><caption>Totals</caption>
<tr><th></th><th>positions</th><th>NPV</th><th>DV01</th><th>+100 bp</th><th>−100 bp</th></tr>
${totalsRow('bonds', summary.byKind.bond)}
${totalsRow('MBS pools', summary.byKind.mbs)}
${totalsRow('swaps', summary.byKind.swap)}
${totalsRow('portfolio', summary.total)}
</table>
<table><caption>Key-rate DV01 (value change for +1 bp at the tenor)</caption>
<tr>${Object.keys(summary.keyRateDv01).map((t) => `<th>${escape(t)}</th>`).join('')}</tr>
<tr>${Object.values(summary.keyRateDv01).map((v) => `<td>${money(v)}</td>`).join('')}</tr>
</table>
<table><caption>Stage timings (ms)</caption>
<tr>${Object.keys(input.stageMilliseconds).map((s) => `<th>${escape(s)}</th>`).join('')}</tr>
<tr>${Object.values(input.stageMilliseconds).map((v) => `<td>${v.toFixed(1)}</td>`).join('')}</tr>
</table>
<table><caption>Largest DV01</caption>
<tr><th>position</th><th>kind</th><th>NPV</th><th>DV01</th><th>mod. duration</th><th>WAL</th></tr>
${top.map((v) => `<tr><td>${escape(v.positionId)}</td><td>${escape(v.kind)}</td><td>${money(v.npv)}</td><td>${money(v.dv01 ?? 0)}</td><td>${fixed(v.modifiedDuration, 3)}</td><td>${fixed(v.wal, 2)}</td></tr>`).join('\n')}
</table>
</body></html>
`;
}

/** How many of the largest risks the report lists by default. */
export const REPORT_TOP = 20;

/**
 * The `count` positions with the largest |DV01|, largest first (of equal ones, the earlier):
 * one pass keeping a small sorted list, instead of sorting the whole portfolio for twenty
 * rows. The top of a portfolio is the top of its parts' tops taken in order, so a distributed
 * run's workers can each send theirs.
 */
export function largestByDv01(valuations: readonly ReportRow[], count: number): ReportRow[] {
  const top: ReportRow[] = [];
  for (const v of valuations) {
    const size = Math.abs(v.dv01 ?? 0);
    if (top.length === count && size <= Math.abs(top[count - 1]!.dv01 ?? 0)) continue;
    let at = top.length;
    while (at > 0 && Math.abs(top[at - 1]!.dv01 ?? 0) < size) at--;
    top.splice(at, 0, v);
    if (top.length > count) top.pop();
  }
  return top;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function money(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

function fixed(value: number | null, digits: number): string {
  return value === null ? '' : value.toFixed(digits);
}
