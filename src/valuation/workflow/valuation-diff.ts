import type { PositionKind } from '../portfolio/position.js';
import { KEY_RATE_TENORS } from '../suite/scenario-curves.js';
import type { PositionValuation } from '../valuation-result.js';
import { sameValuation } from './same-valuation.js';
import type { ValuationTotals, WorkflowTotals } from './valuation-totals.js';

/** What `diff` compares: a run's results and totals (a `WorkflowRun` is one). */
export interface ComparableRun {
  readonly results: readonly PositionValuation[];
  readonly totals: WorkflowTotals;
}

/** How a position's measures moved from one run to another: later − earlier; null where a measure does not apply. */
export interface PositionDifference {
  readonly positionId: string;
  readonly kind: PositionKind;
  readonly npv: number;
  readonly dirtyPrice: number | null;
  readonly modifiedDuration: number | null;
  readonly convexity: number | null;
  readonly dv01: number;
  readonly wal: number | null;
  readonly shockUp100: number;
  readonly shockDown100: number;
}

/** How totals moved: later − earlier. */
export interface TotalsDifference {
  readonly positions: number;
  readonly npv: number;
  readonly dv01: number;
  readonly shockUp100: number;
  readonly shockDown100: number;
  readonly keyRateDv01: Readonly<Record<string, number>>;
}

export interface RunDifference {
  /** Positions in both runs whose results differ in any field, in the later run's order. */
  readonly positions: readonly PositionDifference[];
  /** Positions in both runs with identical results. */
  readonly unchanged: number;
  /** Position ids only in the later run, and only in the earlier one. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly totals: {
    readonly portfolio: TotalsDifference;
    /** Every group of either run; a group missing from one counts as zero there. */
    readonly groups: Readonly<Record<string, TotalsDifference>>;
  };
}

const NO_TOTALS: ValuationTotals = { positions: 0, npv: 0, dv01: 0, shockUp100: 0, shockDown100: 0, keyRateDv01: {} };

/**
 * What changed from `earlier` to `later` (e.g. from a session's baseline run to its latest):
 * per position, matched by id, and in the totals. Differences are later − earlier.
 */
export function diff(earlier: ComparableRun, later: ComparableRun): RunDifference {
  const before = new Map<string, PositionValuation>();
  for (const valuation of earlier.results) before.set(valuation.positionId, valuation);
  const positions: PositionDifference[] = [];
  const added: string[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  for (const valuation of later.results) {
    seen.add(valuation.positionId);
    const old = before.get(valuation.positionId);
    if (old === undefined) added.push(valuation.positionId);
    else if (sameValuation(old, valuation)) unchanged++;
    else positions.push(positionDifference(old, valuation));
  }
  const removed = earlier.results.filter((valuation) => !seen.has(valuation.positionId)).map((valuation) => valuation.positionId);
  const groups: Record<string, TotalsDifference> = {};
  for (const name of new Set([...Object.keys(earlier.totals.groups), ...Object.keys(later.totals.groups)])) {
    groups[name] = totalsDifference(earlier.totals.groups[name] ?? NO_TOTALS, later.totals.groups[name] ?? NO_TOTALS);
  }
  return { positions, unchanged, added, removed, totals: { portfolio: totalsDifference(earlier.totals.portfolio, later.totals.portfolio), groups } };
}

function positionDifference(a: PositionValuation, b: PositionValuation): PositionDifference {
  return {
    positionId: b.positionId,
    kind: b.kind,
    npv: b.npv - a.npv,
    dirtyPrice: minus(b.dirtyPrice, a.dirtyPrice),
    modifiedDuration: minus(b.modifiedDuration, a.modifiedDuration),
    convexity: minus(b.convexity, a.convexity),
    dv01: b.dv01 - a.dv01,
    wal: minus(b.wal, a.wal),
    shockUp100: b.shockUp100 - a.shockUp100,
    shockDown100: b.shockDown100 - a.shockDown100,
  };
}

function totalsDifference(a: ValuationTotals, b: ValuationTotals): TotalsDifference {
  const keyRateDv01: Record<string, number> = {};
  for (const tenor of KEY_RATE_TENORS) keyRateDv01[tenor] = (b.keyRateDv01[tenor] ?? 0) - (a.keyRateDv01[tenor] ?? 0);
  return {
    positions: b.positions - a.positions,
    npv: b.npv - a.npv,
    dv01: b.dv01 - a.dv01,
    shockUp100: b.shockUp100 - a.shockUp100,
    shockDown100: b.shockDown100 - a.shockDown100,
    keyRateDv01,
  };
}

function minus(b: number | null, a: number | null): number | null {
  return a === null || b === null ? null : b - a;
}
