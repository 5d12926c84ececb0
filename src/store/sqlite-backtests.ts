/**
 * The backtest tables on SQLite: prepared statements and the synchronous operations behind the
 * SQLite store's backtest methods. Arguments arrive encoded and checked (backtest-encoding).
 */
import type Database from 'better-sqlite3';
import type { TradeRecord } from '../trading/engine/trade-record.js';
import type { BacktestEquityCurve, BacktestRecord } from './backtest-record.js';
import { decodeBacktest, decodeEquity, decodeTrade, TRADE_COLUMNS, type BacktestRow, type ResultValues, type SubmissionValues, type TradeRow } from './backtest-encoding.js';
import { BacktestCommitError, BacktestIdTakenError, BacktestNotFoundError, BacktestStateError } from './backtest-errors.js';
import { messageOf } from './store-errors.js';

const BACKTEST_SELECT = `SELECT backtest_id, status, blueprint, environment, asset, request, submitted_at,
  finished_at, failure_reason, statistics, bars FROM backtests`;

type TradeParameters = [string, number, string, string, number, number, number, number, number, number, number, number, number, string, string];

export class SqliteBacktests {
  readonly #db: Database.Database;
  readonly #sql;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#sql = {
      insert: db.prepare<[SubmissionValues]>(`INSERT INTO backtests (backtest_id, status, blueprint, environment, asset, request, submitted_at)
        VALUES (@id, 'running', @blueprint, @environment, @asset, @request, @submittedAt) ON CONFLICT (backtest_id) DO NOTHING`),
      status: db.prepare<[string], Pick<BacktestRow, 'status'>>('SELECT status FROM backtests WHERE backtest_id = ?'),
      select: db.prepare<[string], BacktestRow>(`${BACKTEST_SELECT} WHERE backtest_id = ?`),
      list: db.prepare<[number], BacktestRow>(`${BACKTEST_SELECT} ORDER BY submitted_at DESC, backtest_id DESC LIMIT ?`),
      succeed: db.prepare<[string, string, number, string | null, string]>(`UPDATE backtests
        SET status = 'succeeded', finished_at = ?, statistics = ?, bars = ?, events = ? WHERE backtest_id = ?`),
      fail: db.prepare<[string, string, string]>(`UPDATE backtests SET status = 'failed', failure_reason = ?, finished_at = ? WHERE backtest_id = ?`),
      insertTrade: db.prepare<TradeParameters>(`INSERT INTO backtest_trades (backtest_id, ordinal, ${TRADE_COLUMNS.join(', ')})
        VALUES (${['?', '?', ...TRADE_COLUMNS.map(() => '?')].join(', ')})`),
      selectTrades: db.prepare<[string], TradeRow>(`SELECT ${TRADE_COLUMNS.join(', ')} FROM backtest_trades WHERE backtest_id = ? ORDER BY ordinal`),
      insertEquity: db.prepare<[string, number, Buffer, Buffer]>('INSERT INTO backtest_equity (backtest_id, points, time_values, equity_values) VALUES (?, ?, ?, ?)'),
      selectEquity: db.prepare<[string], { time_values: Buffer; equity_values: Buffer }>('SELECT time_values, equity_values FROM backtest_equity WHERE backtest_id = ?'),
      events: db.prepare<[string], { events: string | null }>('SELECT events FROM backtests WHERE backtest_id = ?'),
    };
  }

  submit(run: SubmissionValues): void {
    this.#write(() => {
      if (this.#sql.insert.run(run).changes === 1) return;
      throw new BacktestIdTakenError(run.id, this.#sql.status.get(run.id)!.status);
    });
  }

  complete(id: string, result: ResultValues): void {
    let index = -1;
    try {
      this.#write(() => {
        this.#requireRunning(id, 'completeBacktest');
        for (index = 0; index < result.trades.length; index++) insertTrade(this.#sql.insertTrade, id, index, result.trades[index]!);
        index = -1;
        this.#sql.insertEquity.run(id, result.points, result.time, result.equity);
        this.#sql.succeed.run(result.finishedAt, result.statistics, result.bars, result.events, id);
      });
    } catch (error) {
      if (error instanceof BacktestNotFoundError || error instanceof BacktestStateError) throw error;
      const at = index >= 0 ? ` at result.trades[${index}]` : '';
      throw new BacktestCommitError(id, `${messageOf(error)}${at}`, { cause: error });
    }
  }

  fail(id: string, reason: string, finishedAt: string): void {
    this.#write(() => {
      this.#requireRunning(id, 'failBacktest');
      this.#sql.fail.run(reason, finishedAt, id);
    });
  }

  get(id: string): BacktestRecord | undefined {
    const row = this.#sql.select.get(id);
    return row === undefined ? undefined : decodeBacktest(row);
  }

  list(limit: number | undefined): BacktestRecord[] {
    // SQLite reads a negative LIMIT as "no limit".
    return this.#sql.list.all(limit ?? -1).map(decodeBacktest);
  }

  trades(id: string): TradeRecord[] {
    return this.#sql.selectTrades.all(id).map(decodeTrade);
  }

  equity(id: string): BacktestEquityCurve | undefined {
    const row = this.#sql.selectEquity.get(id);
    return row === undefined ? undefined : decodeEquity(row.time_values, row.equity_values);
  }

  events(id: string): unknown {
    const row = this.#sql.events.get(id);
    return row === undefined || row.events === null ? undefined : JSON.parse(row.events) as unknown;
  }

  #requireRunning(id: string, operation: string): void {
    const existing = this.#sql.status.get(id);
    if (existing === undefined) throw new BacktestNotFoundError(id, operation);
    if (existing.status !== 'running') throw new BacktestStateError(id, existing.status, operation);
  }

  /** BEGIN IMMEDIATE, as the store's other writes: take the write lock before reading the status. */
  #write(work: () => void): void {
    this.#db.transaction(work).immediate();
  }
}

function insertTrade(statement: Database.Statement<TradeParameters>, id: string, ordinal: number, t: TradeRecord): void {
  statement.run(id, ordinal, t.asset, t.direction, t.entryTime, t.exitTime, t.entryPrice, t.exitPrice, t.quantity,
    t.pnl, t.commission, t.bars, t.openAtEnd ? 1 : 0, t.entryReason, t.exitReason);
}
