import type { PositionResultRow, RunAuditInput } from '../../src/store/index.js';
import type { Position } from '../../src/valuation/portfolio/position.js';
import { randomSource } from '../random-source.js';

/**
 * Plain data for exercising the store. The numbers are arbitrary (the store neither computes
 * nor checks measures); what the tests assert is that they come back exactly as written.
 */

/** A run's audit facts; `startedAt` is shifted by `minute` so runs sort by start time. */
export function auditFor(runId: string, minute = 0, extra: Partial<RunAuditInput> = {}): RunAuditInput {
  return {
    runId,
    effectiveDate: '2024-06-28',
    startedAt: new Date(Date.UTC(2024, 5, 28, 21, minute)).toISOString(),
    inputHashes: { 'portfolio.csv': 'sha256:9f2c', 'curve-2024-06-28.json': 'sha256:41aa' },
    versions: { tenure: '0.1.0', node: process.versions.node },
    positions: 3,
    ...extra,
  };
}

/** The audit of a finished run: counts, timings, peak RSS and an explicit finish time. */
export function finishedAudit(runId: string, minute = 0, extra: Partial<RunAuditInput> = {}): RunAuditInput {
  return auditFor(runId, minute, {
    finishedAt: new Date(Date.UTC(2024, 5, 28, 21, minute, 42, 125)).toISOString(),
    counts: { valued: 3, failed: 0, bond: 1, mbs: 1, swap: 1 },
    timings: { load: 12.5, value: 310.25, persist: 44 },
    peakRssBytes: 734_003_200,
    ...extra,
  });
}


/**
 * `count` result rows cycling through the three kinds, with nulls where a measure does not
 * apply to the kind (no price or yield for a swap, WAL only for MBS), ids `<prefix>000001`...
 */
export function resultRows(count: number, prefix = 'P', seed = 1): PositionResultRow[] {
  const random = randomSource(seed);
  const rows: PositionResultRow[] = [];
  for (let i = 0; i < count; i++) {
    const kind = (['bond', 'mbs', 'swap'] as const)[i % 3]!;
    const priced = kind !== 'swap';
    rows.push({
      positionId: `${prefix}${String(i + 1).padStart(6, '0')}`,
      kind,
      npv: (random() - 0.3) * 2e7,
      cleanPrice: priced ? 80 + random() * 40 : null,
      dirtyPrice: priced ? 80 + random() * 41 : null,
      accrued: priced ? random() * 2 : null,
      yield: priced ? random() * 0.08 : null,
      modifiedDuration: random() * 15,
      convexity: random() * 200 - 20,
      dv01: random() * 9000,
      wal: kind === 'mbs' ? random() * 12 : null,
      shockUp100: (random() - 0.3) * 2e7,
      shockDown100: (random() - 0.3) * 2e7,
      keyRateDurations: random() < 0.1 ? null : { '2Y': random(), '5Y': random() * 3, '10Y': random() * 5, '30Y': random() * 8 },
    });
  }
  return rows;
}

export function byPositionId(rows: readonly PositionResultRow[]): PositionResultRow[] {
  return [...rows].sort((a, b) => (a.positionId < b.positionId ? -1 : a.positionId > b.positionId ? 1 : 0));
}

/** One position of each kind, ids deliberately out of alphabetical order. */
export function samplePositions(): Position[] {
  return [
    { kind: 'swap', id: 'zz-swap-1', notional: 25_000_000, fixedRate: 0.0385, payFixed: true, startDate: 19_905, maturityDate: 23_557, fixedFrequency: 2, floatFrequency: 4, fixedDayCount: '30/360', floatDayCount: 'ACT/360' },
    { kind: 'bond', id: 'ust-"2034"\\n', face: 1_000_000, coupon: 0.04375, issueDate: 19_858, maturityDate: 23_510, frequency: 2, dayCount: 'ACT/ACT-ISMA', calendar: 'US-GOVT' },
    { kind: 'mbs', id: 'fnma-pool-ü', balance: 4_250_000.5, wac: 0.0612, netCoupon: 0.055, wam: 341, age: 19, model: 'refi-standard' },
  ];
}

export { randomSource };
