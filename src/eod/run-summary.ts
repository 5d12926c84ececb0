import type { PositionKind } from '../valuation/portfolio/position.js';
import type { PositionValuation } from '../valuation/valuation-result.js';

/** Totals of one kind of position, or of the whole portfolio. */
export interface Totals {
  readonly positions: number;
  readonly npv: number;
  readonly dv01: number;
  readonly shockUp100: number;
  readonly shockDown100: number;
}

/** What a run produced, in the shape the audit, the report and the console summary use. */
export interface RunSummary {
  readonly total: Totals;
  readonly byKind: Readonly<Record<PositionKind, Totals>>;
  /** Portfolio key-rate DV01 by tenor: value change for a 1 bp rise at that tenor. */
  readonly keyRateDv01: Readonly<Record<string, number>>;
}

const KINDS: readonly PositionKind[] = ['bond', 'mbs', 'swap'];

/** The aggregate stage: totals by kind and for the portfolio, and its key-rate profile. */
export function summarise(valuations: readonly PositionValuation[]): RunSummary {
  const sums = new Map<PositionKind | 'total', { positions: number; npv: number; dv01: number; shockUp100: number; shockDown100: number }>();
  for (const key of [...KINDS, 'total'] as const) sums.set(key, { positions: 0, npv: 0, dv01: 0, shockUp100: 0, shockDown100: 0 });
  const keyRateDv01: Record<string, number> = {};
  for (const v of valuations) {
    for (const key of [v.kind, 'total'] as const) {
      const s = sums.get(key)!;
      s.positions++;
      s.npv += v.npv;
      s.dv01 += v.dv01;
      s.shockUp100 += v.shockUp100;
      s.shockDown100 += v.shockDown100;
    }
    for (const [tenor, change] of Object.entries(v.keyRateDv01)) keyRateDv01[tenor] = (keyRateDv01[tenor] ?? 0) + change;
  }
  return {
    total: sums.get('total')!,
    byKind: { bond: sums.get('bond')!, mbs: sums.get('mbs')!, swap: sums.get('swap')! },
    keyRateDv01,
  };
}

/**
 * The summary of a portfolio valued in parts (a distributed run's partitions), from the
 * parts' summaries in portfolio order. Counts are exact; the sums are sums of partial sums, so
 * they can differ from a single pass in the last bits of the floating-point additions (the
 * per-position results, which the results table holds, are identical either way).
 */
export function mergeSummaries(parts: readonly RunSummary[]): RunSummary {
  const add = (a: Totals, b: Totals): Totals => ({
    positions: a.positions + b.positions,
    npv: a.npv + b.npv,
    dv01: a.dv01 + b.dv01,
    shockUp100: a.shockUp100 + b.shockUp100,
    shockDown100: a.shockDown100 + b.shockDown100,
  });
  let merged = summarise([]);
  for (const part of parts) {
    const keyRateDv01: Record<string, number> = { ...merged.keyRateDv01 };
    for (const [tenor, change] of Object.entries(part.keyRateDv01)) keyRateDv01[tenor] = (keyRateDv01[tenor] ?? 0) + change;
    merged = {
      total: add(merged.total, part.total),
      byKind: { bond: add(merged.byKind.bond, part.byKind.bond), mbs: add(merged.byKind.mbs, part.byKind.mbs), swap: add(merged.byKind.swap, part.byKind.swap) },
      keyRateDv01,
    };
  }
  return merged;
}
