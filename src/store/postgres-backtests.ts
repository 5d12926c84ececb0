/**
 * The backtest tables on PostgreSQL: the statements behind the PostgreSQL store's backtest
 * methods. Each function runs on a client the store hands it (inside its transaction where
 * one is needed); arguments arrive encoded and checked (backtest-encoding).
 */
import type pg from 'pg';
import type { TradeRecord } from '../trading/engine/trade-record.js';
import type { BacktestEquityCurve, BacktestRecord } from './backtest-record.js';
import { decodeBacktest, decodeEquity, decodeTrade, TRADE_COLUMNS, type BacktestRow, type ResultValues, type SubmissionValues, type TradeRow } from './backtest-encoding.js';
import { BacktestIdTakenError, BacktestNotFoundError, BacktestStateError } from './backtest-errors.js';

/** Timestamps back in exactly the form the SQLite store keeps them. */
const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

const BACKTEST_SELECT = `SELECT backtest_id, status, blueprint, environment, asset, request::text AS request,
  to_char(submitted_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS submitted_at,
  to_char(finished_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS finished_at,
  failure_reason, statistics::text AS statistics, bars
  FROM backtests`;

/** Trades [start, end) per statement, one array parameter per column (as the results insert does). */
const TRADES_INSERT = `INSERT INTO backtest_trades (backtest_id, ordinal, ${TRADE_COLUMNS.join(', ')})
  SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[],
    $9::float8[], $10::float8[], $11::float8[], $12::int[], $13::int[], $14::text[], $15::text[])`;

export async function submitBacktest(client: pg.PoolClient, run: SubmissionValues): Promise<void> {
  const inserted = await client.query(`INSERT INTO backtests (backtest_id, status, blueprint, environment, asset, request, submitted_at)
    VALUES ($1, 'running', $2, $3, $4, $5::jsonb, $6::timestamptz) ON CONFLICT (backtest_id) DO NOTHING`,
  [run.id, run.blueprint, run.environment, run.asset, run.request, run.submittedAt]);
  if (inserted.rowCount === 1) return;
  const existing = await client.query<Pick<BacktestRow, 'status'>>('SELECT status FROM backtests WHERE backtest_id = $1', [run.id]);
  throw new BacktestIdTakenError(run.id, existing.rows[0]!.status);
}

export async function completeBacktest(client: pg.PoolClient, id: string, result: ResultValues, batchSize: number): Promise<void> {
  await requireRunning(client, id, 'completeBacktest');
  for (let start = 0; start < result.trades.length; start += batchSize) {
    await client.query(TRADES_INSERT, tradeColumns(id, result.trades, start, Math.min(result.trades.length, start + batchSize)));
  }
  await client.query('INSERT INTO backtest_equity (backtest_id, points, time_values, equity_values) VALUES ($1, $2, $3, $4)',
    [id, result.points, result.time, result.equity]);
  await client.query(`UPDATE backtests SET status = 'succeeded', finished_at = $1::timestamptz, statistics = $2::jsonb, bars = $3, events = $4::jsonb
    WHERE backtest_id = $5`, [result.finishedAt, result.statistics, result.bars, result.events, id]);
}

export async function failBacktest(client: pg.PoolClient, id: string, reason: string, finishedAt: string): Promise<void> {
  await requireRunning(client, id, 'failBacktest');
  await client.query(`UPDATE backtests SET status = 'failed', failure_reason = $1, finished_at = $2::timestamptz WHERE backtest_id = $3`, [reason, finishedAt, id]);
}

export async function selectBacktest(client: pg.PoolClient, id: string): Promise<BacktestRecord | undefined> {
  const { rows } = await client.query<BacktestRow>(`${BACKTEST_SELECT} WHERE backtest_id = $1`, [id]);
  return rows[0] === undefined ? undefined : decodeBacktest(rows[0]);
}

export async function listBacktests(client: pg.PoolClient, limit: number | undefined): Promise<BacktestRecord[]> {
  // A NULL limit is LIMIT ALL.
  const { rows } = await client.query<BacktestRow>(`${BACKTEST_SELECT} ORDER BY submitted_at DESC, backtest_id COLLATE "C" DESC LIMIT $1`, [limit ?? null]);
  return rows.map(decodeBacktest);
}

export async function selectTrades(client: pg.PoolClient, id: string): Promise<TradeRecord[]> {
  const { rows } = await client.query<TradeRow>(`SELECT ${TRADE_COLUMNS.join(', ')} FROM backtest_trades WHERE backtest_id = $1 ORDER BY ordinal`, [id]);
  return rows.map(decodeTrade);
}

export async function selectEquity(client: pg.PoolClient, id: string): Promise<BacktestEquityCurve | undefined> {
  const { rows } = await client.query<{ time_values: Buffer; equity_values: Buffer }>('SELECT time_values, equity_values FROM backtest_equity WHERE backtest_id = $1', [id]);
  return rows[0] === undefined ? undefined : decodeEquity(rows[0].time_values, rows[0].equity_values);
}

export async function selectEvents(client: pg.PoolClient, id: string): Promise<unknown> {
  const { rows } = await client.query<{ events: string | null }>('SELECT events::text AS events FROM backtests WHERE backtest_id = $1', [id]);
  const events = rows[0]?.events;
  return events === undefined || events === null ? undefined : JSON.parse(events) as unknown;
}

/** Locks the backtest's row for the rest of the transaction, so two finishers cannot both pass. */
async function requireRunning(client: pg.PoolClient, id: string, operation: string): Promise<void> {
  const { rows } = await client.query<Pick<BacktestRow, 'status'>>('SELECT status FROM backtests WHERE backtest_id = $1 FOR UPDATE', [id]);
  const existing = rows[0];
  if (existing === undefined) throw new BacktestNotFoundError(id, operation);
  if (existing.status !== 'running') throw new BacktestStateError(id, existing.status, operation);
}

/** Trades [start, end) as the column arrays TRADES_INSERT unnests. */
function tradeColumns(id: string, trades: readonly TradeRecord[], start: number, end: number): unknown[] {
  const n = end - start;
  const ordinal = new Array<number>(n);
  const asset = new Array<string>(n);
  const direction = new Array<string>(n);
  const entryTime = new Array<number>(n);
  const exitTime = new Array<number>(n);
  const entryPrice = new Array<number>(n);
  const exitPrice = new Array<number>(n);
  const quantity = new Array<number>(n);
  const pnl = new Array<number>(n);
  const commission = new Array<number>(n);
  const bars = new Array<number>(n);
  const openAtEnd = new Array<number>(n);
  const entryReason = new Array<string>(n);
  const exitReason = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const t = trades[start + i]!;
    ordinal[i] = start + i;
    asset[i] = t.asset;
    direction[i] = t.direction;
    entryTime[i] = t.entryTime;
    exitTime[i] = t.exitTime;
    entryPrice[i] = t.entryPrice;
    exitPrice[i] = t.exitPrice;
    quantity[i] = t.quantity;
    pnl[i] = t.pnl;
    commission[i] = t.commission;
    bars[i] = t.bars;
    openAtEnd[i] = t.openAtEnd ? 1 : 0;
    entryReason[i] = t.entryReason;
    exitReason[i] = t.exitReason;
  }
  return [id, ordinal, asset, direction, entryTime, exitTime, entryPrice, exitPrice, quantity, pnl, commission, bars, openAtEnd, entryReason, exitReason];
}
