import type { Day } from '../dates/day.js';
import { FixedRateBond } from '../instruments/bond.js';
import { MbsPool } from '../instruments/mbs-pool.js';
import { buildSwap, type InterestRateSwap } from '../instruments/swap.js';
import type { Position } from '../portfolio/position.js';
import type { PrepaymentModelRegistry } from '../prepayment/model-registry.js';

/** A position made ready to value: its schedules and projections built once. */
export type Instrument =
  | { readonly kind: 'bond'; readonly id: string; readonly bond: FixedRateBond }
  | { readonly kind: 'mbs'; readonly id: string; readonly pool: MbsPool }
  | { readonly kind: 'swap'; readonly id: string; readonly swap: InterestRateSwap };

/**
 * The enrich stage: cash-flow schedules for bonds and swaps, payment schedules and the
 * prepayment model for pools — everything about a position that does not depend on the curve,
 * derived once and reused by every revaluation (and, in a model-development session, by every
 * iteration). An unknown prepayment model is bad input and names the position.
 */
export function enrichPortfolio(positions: readonly Position[], models: PrepaymentModelRegistry, valuationDate: Day): Instrument[] {
  const instruments = new Array<Instrument>(positions.length);
  for (let i = 0; i < positions.length; i++) instruments[i] = enrichPosition(positions[i]!, models, valuationDate);
  return instruments;
}

export function enrichPosition(position: Position, models: PrepaymentModelRegistry, valuationDate: Day): Instrument {
  switch (position.kind) {
    case 'bond':
      return { kind: 'bond', id: position.id, bond: new FixedRateBond(position) };
    case 'mbs':
      return { kind: 'mbs', id: position.id, pool: new MbsPool(position, models.get(position.model), valuationDate) };
    case 'swap':
      return { kind: 'swap', id: position.id, swap: buildSwap(position) };
  }
}
