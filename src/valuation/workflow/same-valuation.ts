import { VALUATION_MEASURES, type PositionValuation } from '../valuation-result.js';
import { sameNumberRecords } from './valuation-totals.js';

/**
 * Two valuations of a position are the same when every field is, to the last bit (Object.is:
 * NaN equals NaN, −0 differs from 0). The graph uses it to cut a change off at a position whose
 * results it did not move, and the tests and the benchmark to compare delta runs with full ones.
 */
export function sameValuation(a: PositionValuation, b: PositionValuation): boolean {
  if (a === b) return true;
  return (
    a.positionId === b.positionId &&
    a.kind === b.kind &&
    Object.is(a.npv, b.npv) &&
    Object.is(a.cleanPrice, b.cleanPrice) &&
    Object.is(a.dirtyPrice, b.dirtyPrice) &&
    Object.is(a.accrued, b.accrued) &&
    Object.is(a.yield, b.yield) &&
    Object.is(a.modifiedDuration, b.modifiedDuration) &&
    Object.is(a.convexity, b.convexity) &&
    Object.is(a.dv01, b.dv01) &&
    Object.is(a.wal, b.wal) &&
    Object.is(a.shockUp100, b.shockUp100) &&
    Object.is(a.shockDown100, b.shockDown100) &&
    sameNumberRecords(a.keyRateDurations, b.keyRateDurations) &&
    sameNumberRecords(a.keyRateDv01, b.keyRateDv01)
  );
}

/**
 * The first field in which two valuations differ ('keyRateDv01.10Y' for a record entry), or
 * undefined when they are the same: what a mismatch report names.
 */
export function firstDifference(a: PositionValuation, b: PositionValuation): string | undefined {
  for (const field of SCALAR_FIELDS) if (!Object.is(a[field], b[field])) return field;
  for (const field of ['keyRateDurations', 'keyRateDv01'] as const) {
    const left = a[field];
    const right = b[field];
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    for (const key of keys) if (!Object.hasOwn(left, key) || !Object.hasOwn(right, key) || !Object.is(left[key], right[key])) return `${field}.${key}`;
  }
  return undefined;
}

const SCALAR_FIELDS = ['positionId', 'kind', ...VALUATION_MEASURES] as const satisfies readonly (keyof PositionValuation)[];
