import type { DiscountCurve } from '../curves/discount-curve.js';
import { measureBond, type BondMeasures } from '../instruments/bond-analytics.js';
import type { PositionValuation } from '../valuation-result.js';
import type { Instrument } from './enrich.js';
import { KEY_RATE_TENORS, SMALL_BUMP_BP, type ScenarioCurves } from './scenario-curves.js';

const BUMP = SMALL_BUMP_BP * 1e-4;
const reusableBondMeasures: BondMeasures = { settlement: 0, accruedInterest: 0, dirtyPrice: 0, cleanPrice: 0, npv: 0, yield: 0, modifiedDuration: 0, convexity: 0, dv01: 0 };

/**
 * The full suite for one instrument on the run's scenario curves.
 *
 * Curve risk is measured the same way for every kind, by revaluing on shifted curves:
 * DV01 = (V(−1 bp) − V(+1 bp)) / 2, the gain for a 1 bp fall in every zero rate; shocks are
 * V(±100 bp) − V; key-rate duration at tenor k = (V(k −1 bp) − V(k +1 bp)) / (2 · B · 1 bp)
 * with B the NPV for bonds and pools and the notional for swaps (whose NPV is near zero).
 * Bonds also get the yield measures (yield, modified duration and convexity at that yield);
 * pools get effective duration and convexity from the ±1 bp values, and their WAL.
 */
export function valueInstrument(instrument: Instrument, curves: ScenarioCurves): PositionValuation {
  const value = valuer(instrument);
  const npv = value(curves.base);
  // Right after the base value: a rate-sensitive pool still holds the base projection.
  const wal = instrument.kind === 'mbs' ? instrument.pool.weightedAverageLife(curves.base) : null;
  const up = value(curves.up);
  const down = value(curves.down);
  const base = instrument.kind === 'swap' ? instrument.swap.notional : npv;
  const keyRateDurations: Record<string, number> = {};
  const keyRateDv01: Record<string, number> = {};
  for (let k = 0; k < KEY_RATE_TENORS.length; k++) {
    const keyUp = value(curves.keyUp[k]!);
    const difference = value(curves.keyDown[k]!) - keyUp;
    const tenor = KEY_RATE_TENORS[k]!;
    keyRateDurations[tenor] = base === 0 ? 0 : difference / (2 * base * BUMP);
    keyRateDv01[tenor] = -difference / 2;
  }
  const dv01 = (down - up) / 2;
  const shockUp100 = value(curves.shockUp) - npv;
  const shockDown100 = value(curves.shockDown) - npv;
  // One object literal per kind, every field in the same order: one shape for all results.
  switch (instrument.kind) {
    case 'bond': {
      const m = measureBond(instrument.bond, curves.base, curves.base.referenceDate, 'compounded', reusableBondMeasures);
      return {
        positionId: instrument.id, kind: 'bond', npv, cleanPrice: m.cleanPrice, dirtyPrice: m.dirtyPrice, accrued: m.accruedInterest,
        yield: m.yield, modifiedDuration: m.modifiedDuration, convexity: m.convexity, dv01, wal: null, shockUp100, shockDown100,
        keyRateDurations, keyRateDv01,
      };
    }
    case 'mbs': {
      const pool = instrument.pool;
      // Done with this pool: its projection buffers go back for the next one.
      pool.releaseProjection();
      return {
        positionId: instrument.id, kind: 'mbs', npv, cleanPrice: null, dirtyPrice: (npv / pool.position.balance) * 100, accrued: null,
        yield: null, modifiedDuration: npv === 0 ? 0 : (down - up) / (2 * npv * BUMP),
        convexity: npv === 0 ? 0 : (down + up - 2 * npv) / (npv * BUMP * BUMP), dv01, wal, shockUp100, shockDown100,
        keyRateDurations, keyRateDv01,
      };
    }
    case 'swap':
      return {
        positionId: instrument.id, kind: 'swap', npv, cleanPrice: null, dirtyPrice: null, accrued: null, yield: null,
        modifiedDuration: null, convexity: null, dv01, wal: null, shockUp100, shockDown100, keyRateDurations, keyRateDv01,
      };
  }
}

function valuer(instrument: Instrument): (curve: DiscountCurve) => number {
  switch (instrument.kind) {
    case 'bond':
      return (curve) => instrument.bond.npv(curve);
    case 'mbs':
      return (curve) => instrument.pool.npv(curve);
    case 'swap':
      return (curve) => instrument.swap.npv(curve);
  }
}
