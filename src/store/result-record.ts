import type { PositionKind } from '../valuation/portfolio/position.js';
import { checkId, describe } from './input-checks.js';
import { RESULT_MEASURES, type PositionResultRow } from './position-result-row.js';
import { StoreInputError } from './store-errors.js';

/** A `results` row as both dialects read it back (key-rate durations as JSON text). */
export interface ResultRecord {
  readonly position_id: string;
  readonly kind: string;
  readonly npv: number;
  readonly clean_price: number | null;
  readonly dirty_price: number | null;
  readonly accrued: number | null;
  readonly yield: number | null;
  readonly modified_duration: number | null;
  readonly convexity: number | null;
  readonly dv01: number | null;
  readonly wal: number | null;
  readonly shock_up_100: number | null;
  readonly shock_down_100: number | null;
  readonly key_rate_durations: string | null;
}

/** The `results` columns after run_id, in the order both dialects bind them. */
export const RESULT_COLUMNS = [
  'position_id',
  'kind',
  'npv',
  'clean_price',
  'dirty_price',
  'accrued',
  '"yield"',
  'modified_duration',
  'convexity',
  'dv01',
  'wal',
  'shock_up_100',
  'shock_down_100',
  'key_rate_durations',
] as const;

export function decodeResult(row: ResultRecord): PositionResultRow {
  return {
    positionId: row.position_id,
    // Written only through commitRun, whose rows are typed PositionKind.
    kind: row.kind as PositionKind,
    npv: row.npv,
    cleanPrice: row.clean_price,
    dirtyPrice: row.dirty_price,
    accrued: row.accrued,
    yield: row.yield,
    modifiedDuration: row.modified_duration,
    convexity: row.convexity,
    dv01: row.dv01,
    wal: row.wal,
    shockUp100: row.shock_up_100,
    shockDown100: row.shock_down_100,
    keyRateDurations: row.key_rate_durations === null ? null : JSON.parse(row.key_rate_durations) as Record<string, number>,
  };
}

/**
 * Checks what the database cannot check well before a commit starts: ids are strings and
 * unique within the batch (named with both indices), and every measure is a finite number or
 * null: NaN would turn into NULL on SQLite and into 'NaN' on PostgreSQL, so the two would
 * disagree. Which measures are required (npv, kind) is the schema's job: its NOT NULL and
 * CHECK constraints reject the row inside the transaction, which then rolls back whole.
 */
export function checkResults(operation: string, rows: readonly PositionResultRow[]): void {
  if (!Array.isArray(rows)) throw new StoreInputError(operation, 'results', `must be an array; got ${describe(rows)}`);
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown;
    if (typeof row !== 'object' || row === null) throw new StoreInputError(operation, `results[${i}]`, `must be an object; got ${describe(row)}`);
    const result = row as PositionResultRow;
    checkId(operation, `results[${i}].positionId`, result.positionId);
    const earlier = firstIndex.get(result.positionId);
    if (earlier !== undefined) {
      throw new StoreInputError(operation, `results[${i}].positionId`, `${JSON.stringify(result.positionId)} repeats results[${earlier}]; a run has one result per position`);
    }
    firstIndex.set(result.positionId, i);
    if (typeof result.kind !== 'string') throw new StoreInputError(operation, `results[${i}].kind`, `must be a string; got ${describe(result.kind)}`);
    for (const measure of RESULT_MEASURES) checkMeasure(operation, `results[${i}].${measure}`, result[measure]);
    checkKeyRates(operation, `results[${i}].keyRateDurations`, result.keyRateDurations);
  }
}

function checkMeasure(operation: string, field: string, value: unknown): void {
  if (value === null || (typeof value === 'number' && Number.isFinite(value))) return;
  const hint = value === undefined ? '; use null for a measure that does not apply' : '';
  throw new StoreInputError(operation, field, `must be a finite number or null; got ${describe(value)}${hint}`);
}

function checkKeyRates(operation: string, field: string, value: unknown): void {
  if (value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new StoreInputError(operation, field, `must be an object of tenor → duration, or null; got ${describe(value)}`);
  }
  for (const [tenor, duration] of Object.entries(value as Record<string, unknown>)) {
    if (typeof duration !== 'number' || !Number.isFinite(duration)) {
      throw new StoreInputError(operation, `${field}.${tenor}`, `must be a finite number; got ${describe(duration)}`);
    }
  }
}

/** Key-rate durations as the JSON text both dialects store. */
export function encodeKeyRates(value: Readonly<Record<string, number>> | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** The position ids a run must hold: non-empty strings, each once. */
export function checkPositionIds(operation: string, ids: readonly string[]): void {
  if (!Array.isArray(ids)) throw new StoreInputError(operation, 'positionIds', `must be an array; got ${describe(ids)}`);
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const id: unknown = ids[i];
    checkId(operation, `positionIds[${i}]`, id);
    const earlier = firstIndex.get(id);
    if (earlier !== undefined) throw new StoreInputError(operation, `positionIds[${i}]`, `${JSON.stringify(id)} repeats positionIds[${earlier}]`);
    firstIndex.set(id, i);
  }
}

/** Which of `expected` have no row in `found`, and which rows of `found` are not expected. */
export function compareResultIds(expected: readonly string[], found: readonly string[]): { missing: string[]; unexpected: string[] } {
  const present = new Set(found);
  const wanted = new Set(expected);
  return {
    missing: expected.filter((id) => !present.has(id)),
    unexpected: found.filter((id) => !wanted.has(id)),
  };
}
