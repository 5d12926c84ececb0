/**
 * Backtests between their TypeScript shape and the columns both dialects store: arguments
 * checked (each failure names the field), statistics as JSON that keeps NaN and ±Infinity,
 * equity curves as little-endian float64 blobs, and rows decoded back.
 */
import type { TradeRecord } from '../trading/engine/trade-record.js';
import type { BacktestStatistics } from '../trading/statistics/backtest-statistics.js';
import type { BacktestEquityCurve, BacktestRecord, BacktestResult, BacktestStatus, BacktestSubmission } from './backtest-record.js';
import { checkId, describe } from './input-checks.js';
import { messageOf, StoreInputError } from './store-errors.js';

/** Largest count an `integer` column of PostgreSQL holds; SQLite is held to the same. */
const MAX_INTEGER_COLUMN = 2_147_483_647;

/** A `backtests` row as both dialects SELECT it (PostgreSQL casts timestamps and jsonb to text). */
export interface BacktestRow {
  readonly backtest_id: string;
  readonly status: BacktestStatus;
  readonly blueprint: string;
  readonly environment: string;
  readonly asset: string;
  readonly request: string;
  readonly submitted_at: string;
  readonly finished_at: string | null;
  readonly failure_reason: string | null;
  readonly statistics: string | null;
  readonly bars: number | null;
}

/** A `backtest_trades` row; `open_at_end` is 0 or 1 in both dialects. */
export interface TradeRow {
  readonly asset: string;
  readonly direction: 'long' | 'short';
  readonly entry_time: number;
  readonly exit_time: number;
  readonly entry_price: number;
  readonly exit_price: number;
  readonly quantity: number;
  readonly pnl: number;
  readonly commission: number;
  readonly bars: number;
  readonly open_at_end: number;
  readonly entry_reason: string;
  readonly exit_reason: string;
}

/** The trade columns after (backtest_id, ordinal), in TradeRow order. */
export const TRADE_COLUMNS = [
  'asset', 'direction', 'entry_time', 'exit_time', 'entry_price', 'exit_price', 'quantity',
  'pnl', 'commission', 'bars', 'open_at_end', 'entry_reason', 'exit_reason',
] as const;

export interface SubmissionValues {
  readonly id: string;
  readonly blueprint: string;
  readonly environment: string;
  readonly asset: string;
  readonly request: string;
  readonly submittedAt: string;
}

export interface ResultValues {
  readonly statistics: string;
  readonly trades: readonly TradeRecord[];
  readonly points: number;
  readonly time: Buffer;
  readonly equity: Buffer;
  readonly finishedAt: string;
  readonly bars: number;
  readonly events: string | null;
}

export function encodeSubmission(operation: string, run: BacktestSubmission): SubmissionValues {
  checkId(operation, 'run.id', run.id);
  for (const field of ['blueprint', 'environment', 'asset'] as const) checkId(operation, `run.${field}`, run[field]);
  return {
    id: run.id,
    blueprint: run.blueprint,
    environment: run.environment,
    asset: run.asset,
    request: encodeJson(operation, 'run.request', run.request),
    submittedAt: encodeDate(operation, 'run.submittedAt', run.submittedAt),
  };
}

export function encodeResult(operation: string, result: BacktestResult): ResultValues {
  const { time, equity } = checkEquity(operation, result.equity);
  if (!Number.isSafeInteger(result.bars) || result.bars < 0 || result.bars > MAX_INTEGER_COLUMN) {
    throw new StoreInputError(operation, 'result.bars', `must be a non-negative integer up to ${MAX_INTEGER_COLUMN}; got ${describe(result.bars)}`);
  }
  checkTrades(operation, result.trades);
  return {
    statistics: encodeStatistics(operation, result.statistics),
    trades: result.trades,
    points: time.length,
    time: encodeFloat64s(time),
    equity: encodeFloat64s(equity),
    finishedAt: encodeDate(operation, 'result.finishedAt', result.finishedAt),
    bars: result.bars,
    events: result.events === undefined ? null : encodeJson(operation, 'result.events', result.events),
  };
}

export function decodeBacktest(row: BacktestRow): BacktestRecord {
  return {
    id: row.backtest_id,
    status: row.status,
    blueprint: row.blueprint,
    environment: row.environment,
    asset: row.asset,
    request: JSON.parse(row.request) as unknown,
    statistics: row.statistics === null ? null : decodeStatistics(row.statistics),
    bars: row.bars,
    submittedAt: new Date(row.submitted_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
    error: row.failure_reason,
  };
}

export function decodeTrade(row: TradeRow): TradeRecord {
  return {
    asset: row.asset,
    direction: row.direction,
    entryTime: row.entry_time,
    exitTime: row.exit_time,
    entryPrice: row.entry_price,
    exitPrice: row.exit_price,
    quantity: row.quantity,
    pnl: row.pnl,
    commission: row.commission,
    bars: row.bars,
    openAtEnd: row.open_at_end === 1,
    entryReason: row.entry_reason,
    exitReason: row.exit_reason,
  };
}

/** JSON has no NaN, Infinity or -0: they are written as these strings, every other number as itself. */
const SPECIAL_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['-0', -0],
]);

export function encodeStatistics(operation: string, statistics: BacktestStatistics): string {
  const candidate: unknown = statistics;
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
    throw new StoreInputError(operation, 'result.statistics', `must be an object of numbers; got ${describe(statistics)}`);
  }
  const encoded: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(candidate)) {
    if (typeof value !== 'number') throw new StoreInputError(operation, `result.statistics.${key}`, `must be a number; got ${describe(value)}`);
    encoded[key] = Object.is(value, -0) ? '-0' : Number.isFinite(value) ? value : String(value);
  }
  return JSON.stringify(encoded);
}

export function decodeStatistics(text: string): BacktestStatistics {
  const decoded: Record<string, number> = {};
  for (const [key, value] of Object.entries(JSON.parse(text) as Record<string, number | string>)) {
    decoded[key] = typeof value === 'number' ? value : SPECIAL_NUMBERS.get(value) ?? Number.NaN;
  }
  return decoded as unknown as BacktestStatistics;
}

/**
 * The values' bytes, little-endian whatever the host: 8 bytes a point, so a 45,000-bar curve
 * is one 360 KB value instead of 45,000 rows.
 */
export function encodeFloat64s(values: Float64Array): Buffer {
  const bytes = Buffer.allocUnsafe(values.length * 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytes;
}

/** The inverse of encodeFloat64s. Reads through a DataView: the driver's Buffer need not be 8-byte aligned. */
export function decodeFloat64s(bytes: Uint8Array): Float64Array {
  const values = new Float64Array(bytes.byteLength >> 3);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}

export function decodeEquity(time: Uint8Array, equity: Uint8Array): BacktestEquityCurve {
  return { time: decodeFloat64s(time), equity: decodeFloat64s(equity) };
}

/** An optional page size for listBacktests: undefined (everything) or a positive integer. */
export function checkLimit(operation: string, limit: unknown): number | undefined {
  if (limit === undefined || (typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0)) return limit;
  throw new StoreInputError(operation, 'limit', `must be a positive integer; got ${describe(limit)}`);
}

function checkEquity(operation: string, curve: BacktestEquityCurve): BacktestEquityCurve {
  if (typeof curve !== 'object' || !(curve.time instanceof Float64Array) || !(curve.equity instanceof Float64Array)) {
    throw new StoreInputError(operation, 'result.equity', 'must be { time: Float64Array, equity: Float64Array }');
  }
  if (curve.time.length !== curve.equity.length) {
    throw new StoreInputError(operation, 'result.equity', `has ${curve.time.length} times but ${curve.equity.length} equity values; they must pair up`);
  }
  return curve;
}

const TRADE_NUMBERS = ['entryTime', 'exitTime', 'entryPrice', 'exitPrice', 'quantity', 'pnl', 'commission'] as const;

function checkTrades(operation: string, trades: readonly TradeRecord[]): void {
  const candidate: unknown = trades;
  if (!Array.isArray(candidate)) throw new StoreInputError(operation, 'result.trades', `must be an array; got ${describe(trades)}`);
  for (let i = 0; i < trades.length; i++) {
    const trade = trades[i]!;
    const field = `result.trades[${i}]`;
    checkId(operation, `${field}.asset`, trade.asset);
    // Callers are typed, but a request's JSON reaches here too: check what the types promise.
    const direction: unknown = trade.direction;
    if (direction !== 'long' && direction !== 'short') {
      throw new StoreInputError(operation, `${field}.direction`, `must be "long" or "short"; got ${describe(direction)}`);
    }
    for (const key of TRADE_NUMBERS) {
      const value = trade[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new StoreInputError(operation, `${field}.${key}`, `must be a finite number; got ${describe(value)}`);
    }
    if (!Number.isSafeInteger(trade.bars) || trade.bars < 0 || trade.bars > MAX_INTEGER_COLUMN) {
      throw new StoreInputError(operation, `${field}.bars`, `must be a non-negative integer; got ${describe(trade.bars)}`);
    }
    if (typeof trade.openAtEnd !== 'boolean') throw new StoreInputError(operation, `${field}.openAtEnd`, `must be a boolean; got ${describe(trade.openAtEnd)}`);
    for (const key of ['entryReason', 'exitReason'] as const) {
      if (typeof trade[key] !== 'string') throw new StoreInputError(operation, `${field}.${key}`, `must be a string; got ${describe(trade[key])}`);
    }
  }
}

/** A Date as the ISO-8601 UTC text both dialects store (and give back) with millisecond precision. */
export function encodeDate(operation: string, field: string, value: Date): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new StoreInputError(operation, field, `must be a valid Date; got ${value instanceof Date ? 'an invalid Date' : describe(value)}`);
  }
  return value.toISOString();
}

function encodeJson(operation: string, field: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new StoreInputError(operation, field, `cannot be written as JSON: ${messageOf(error)}`);
  }
  // JSON.stringify gives undefined (despite its type) for undefined, a function or a symbol.
  if (typeof text !== 'string') throw new StoreInputError(operation, field, `cannot be written as JSON; got ${describe(value)}`);
  return text;
}
