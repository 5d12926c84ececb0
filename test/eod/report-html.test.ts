import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../src/eod/report-html.js';
import { summarise } from '../../src/eod/run-summary.js';
import type { PositionValuation } from '../../src/valuation/valuation-result.js';

function valuation(id: string, dv01: number): PositionValuation {
  return {
    positionId: id, kind: 'bond', npv: 1000, cleanPrice: 99, dirtyPrice: 100, accrued: 1, yield: 0.04, modifiedDuration: 5,
    convexity: 30, dv01, wal: null, shockUp100: -50, shockDown100: 55, keyRateDurations: { '10Y': 5 }, keyRateDv01: { '10Y': -dv01 },
  };
}

describe('the HTML report', () => {
  it('lists the largest |DV01| positions, largest first, and escapes every value', () => {
    const valuations = [valuation('a', 1), valuation('<b>', -9), valuation('c', 5), valuation('d', -3), valuation('e', 7)];
    const html = htmlReport({ runId: 'run<1>', effectiveDate: '2023-12-29', status: 'succeeded', stageMilliseconds: { value: 1 }, summary: summarise(valuations), valuations, top: 3 });
    const rows = [...html.matchAll(/<tr><td>([^<]*)<\/td><td>bond<\/td>/g)].map((m) => m[1]);
    expect(rows).toEqual(['&#60;b&#62;', 'e', 'c']);
    expect(html).toContain('run&#60;1&#62;');
    expect(html).not.toContain('<b>');
  });
});
