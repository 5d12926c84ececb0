import type { Position, PositionKind } from './position.js';

/** How many positions of each kind a portfolio holds. */
export type PositionCounts = Readonly<Record<PositionKind, number>>;

/**
 * A validated set of positions read from one source. `sourceHash` identifies the exact bytes
 * the positions came from, so a valuation run and its audit record can say which file they
 * valued, and a session can tell whether the portfolio changed between iterations.
 */
export interface Portfolio {
  /** The source's name: the file name without its extension ("example-10000"). */
  readonly id: string;
  readonly positions: readonly Position[];
  /** SHA-256 of the source bytes, lower-case hex. */
  readonly sourceHash: string;
  readonly counts: PositionCounts;
}

export function countByKind(positions: readonly Position[]): PositionCounts {
  const counts: Record<PositionKind, number> = { bond: 0, mbs: 0, swap: 0 };
  for (const position of positions) counts[position.kind] += 1;
  return counts;
}

/** A portfolio of `positions` (frozen, with their counts), for any source: a file, a table. */
export function portfolioOf(id: string, positions: readonly Position[], sourceHash: string): Portfolio {
  return Object.freeze({
    id,
    positions: Object.freeze([...positions]),
    sourceHash,
    counts: Object.freeze(countByKind(positions)),
  });
}

/** `bond 5012, mbs 2987, swap 2001` */
export function describeCounts(counts: PositionCounts): string {
  return `bond ${counts.bond}, mbs ${counts.mbs}, swap ${counts.swap}`;
}
