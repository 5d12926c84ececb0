import { StoreInputError } from './store-errors.js';

/*
 * Checks on what callers hand the store. Each failure names the operation and the field, so
 * a bad record is fixed from the message alone.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Date, time and an explicit zone: a timestamp without one would mean different instants on different hosts. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A run, position or portfolio id: a non-empty string. */
export function checkId(operation: string, field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new StoreInputError(operation, field, `must be a non-empty string; got ${describe(value)}`);
  }
}

/** UTC ISO-8601 with milliseconds, the one form both dialects store and return. */
export function normaliseTimestamp(operation: string, field: string, value: unknown): string {
  const millis = typeof value === 'string' && ISO_TIMESTAMP.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(millis)) {
    throw new StoreInputError(operation, field, `must be an ISO-8601 timestamp with a time zone (e.g. 2024-06-28T21:05:00.000Z); got ${describe(value)}`);
  }
  return new Date(millis).toISOString();
}

/** A real calendar date written YYYY-MM-DD (no 2024-02-30). */
export function checkDate(operation: string, field: string, value: unknown): string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    // Date.UTC rolls 2024-02-30 over into March; a real calendar date survives the round trip.
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return value as string;
  }
  throw new StoreInputError(operation, field, `must be a calendar date YYYY-MM-DD; got ${describe(value)}`);
}

/** Null, or a count that fits an integer column exactly. */
export function checkCount(operation: string, field: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new StoreInputError(operation, field, `must be a non-negative integer; got ${describe(value)}`);
}

/** A value as a message shows it: strings quoted, objects by kind (never their contents). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Why a run failed: a non-empty string, since the schema ties `failed` to a reason. */
export function checkReason(operation: string, reason: unknown): asserts reason is string {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new StoreInputError(operation, 'reason', `must be a non-empty string; got ${describe(reason)}`);
  }
}

/** An optional page size: undefined (everything) or a positive integer. */
export function checkListLimit(operation: string, limit: unknown): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0) return limit;
  throw new StoreInputError(operation, 'options.limit', `must be a positive integer; got ${describe(limit)}`);
}

/** A numeric option: undefined (the default applies) or an integer of at least `min`. */
export function checkIntegerOption(field: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
  throw new StoreInputError('openResultsStore', `options.${field}`, `must be an integer of at least ${min}; got ${describe(value)}`);
}
