/**
 * Where the backtest routes read a backtest: this process's runs first (the service holds the
 * running ones and the latest finished ones, with their results in memory), then the results
 * database, which holds every backtest any process submitted to it.
 */
import type { ConfigOverrides } from '../config/index.js';
import type { BacktestRecord, ResultsStore } from '../store/index.js';
import type { TradeRecord } from '../trading/engine/trade-record.js';
import type { BacktestRun, BacktestService, BacktestStatus } from '../trading/service/backtest-service.js';
import type { BacktestStatistics } from '../trading/statistics/backtest-statistics.js';
import { HttpError } from './http-error.js';

/** A backtest as the routes answer it, whichever source it came from. */
export interface BacktestView {
  readonly id: string;
  readonly status: BacktestStatus;
  readonly blueprint: string;
  readonly environment: string;
  readonly asset: string;
  readonly overrides: ConfigOverrides;
  readonly submittedAt: Date;
  readonly finishedAt?: Date;
  readonly error?: string;
  readonly bars?: number;
  readonly statistics?: BacktestStatistics;
}

/** An equity curve, one point per bar. */
export interface EquityCurve {
  readonly time: Float64Array;
  readonly equity: Float64Array;
}

export class BacktestRecords {
  readonly #service: BacktestService;
  readonly #results: ResultsStore | undefined;

  constructor(service: BacktestService, results: ResultsStore | undefined) {
    this.#service = service;
    this.#results = results;
  }

  /** The backtest, or a 404 naming where it was looked for. */
  async find(id: string): Promise<BacktestView> {
    const run = this.#service.get(id);
    if (run !== undefined) return this.#viewOfRun(run);
    const record = await this.#results?.getBacktest(id);
    if (record === undefined) throw this.#notFound(id);
    return viewOfRecord(record);
  }

  /**
   * Backtests, newest first: those of the database (every process's), with this process's
   * view of its own runs in their place (it may be ahead of what the database has yet); without
   * a database, this process's runs.
   */
  async list(limit: number): Promise<BacktestView[]> {
    if (this.#results === undefined) {
      const runs = this.#service.list().map((run) => this.#viewOfRun(run));
      // Stable: runs submitted in the same millisecond stay newest (last submitted) first.
      return runs.reverse().sort((a, b) => b.submittedAt.getTime() - a.submittedAt.getTime()).slice(0, limit);
    }
    const records = await this.#results.listBacktests(limit);
    return records.map((record) => {
      const run = this.#service.get(record.id);
      return run === undefined ? viewOfRecord(record) : this.#viewOfRun(run);
    });
  }

  /** The trades of a succeeded backtest; 404 unknown, 409 running or failed. */
  async trades(id: string): Promise<readonly TradeRecord[]> {
    const run = this.#service.get(id);
    if (run !== undefined) return succeededResultOf(this.#viewOfRun(run), run).trades;
    const record = await this.#results?.getBacktest(id);
    if (this.#results === undefined || record === undefined) throw this.#notFound(id);
    requireSucceeded(viewOfRecord(record));
    return this.#results.getBacktestTrades(id);
  }

  /** The equity curve of a succeeded backtest; 404 unknown, 409 running or failed. */
  async equity(id: string): Promise<EquityCurve> {
    const run = this.#service.get(id);
    if (run !== undefined) return succeededResultOf(this.#viewOfRun(run), run).equity;
    const record = await this.#results?.getBacktest(id);
    if (this.#results === undefined || record === undefined) throw this.#notFound(id);
    requireSucceeded(viewOfRecord(record));
    const curve = await this.#results.getBacktestEquity(id);
    // A succeeded backtest has its curve: both are written in one transaction.
    if (curve === undefined) throw new Error(`backtest ${id} succeeded but the results database has no equity curve for it`);
    return curve;
  }

  #viewOfRun(run: BacktestRun): BacktestView {
    const result = run.result;
    return {
      id: run.id,
      status: run.status,
      blueprint: run.request.blueprint,
      environment: run.request.environment,
      asset: run.asset,
      overrides: run.request.overrides ?? {},
      submittedAt: run.submittedAt,
      ...(run.finishedAt === undefined ? {} : { finishedAt: run.finishedAt }),
      ...(run.error === undefined ? {} : { error: run.error }),
      ...(result === undefined ? {} : { bars: result.bars, statistics: result.statistics }),
    };
  }

  #notFound(id: string): HttpError {
    const where = this.#results === undefined
      ? 'this server has no results database and keeps only its latest finished backtests in memory'
      : `not in this process nor in the results database (${this.#results.location})`;
    return new HttpError(404, { code: 'BACKTEST_NOT_FOUND', field: 'params.id', message: `no backtest "${id}": ${where}` });
  }
}

function viewOfRecord(record: BacktestRecord): BacktestView {
  return {
    id: record.id,
    status: record.status,
    blueprint: record.blueprint,
    environment: record.environment,
    asset: record.asset,
    overrides: overridesOf(record.request),
    submittedAt: record.submittedAt,
    ...(record.finishedAt === null ? {} : { finishedAt: record.finishedAt }),
    ...(record.error === null ? {} : { error: record.error }),
    ...(record.bars === null ? {} : { bars: record.bars }),
    ...(record.statistics === null ? {} : { statistics: record.statistics }),
  };
}

/** The overrides the BacktestService recorded with the request (`{ overrides, config }`). */
function overridesOf(request: unknown): ConfigOverrides {
  if (typeof request !== 'object' || request === null || !('overrides' in request)) return {};
  const overrides = request.overrides;
  return typeof overrides === 'object' && overrides !== null && !Array.isArray(overrides) ? (overrides as ConfigOverrides) : {};
}

/** Results exist only for a succeeded backtest: 409 saying what it is instead. */
function requireSucceeded(view: BacktestView): void {
  if (view.status === 'running') {
    throw new HttpError(409, { code: 'BACKTEST_RUNNING', message: `backtest "${view.id}" is still running; its results exist once its status is succeeded` });
  }
  if (view.status === 'failed') {
    throw new HttpError(409, { code: 'BACKTEST_FAILED', message: `backtest "${view.id}" failed and has no results: ${view.error ?? 'no reason recorded'}` });
  }
}

function succeededResultOf(view: BacktestView, run: BacktestRun): NonNullable<BacktestRun['result']> {
  requireSucceeded(view);
  // A run this process saw succeed carries its result.
  return run.result!;
}
