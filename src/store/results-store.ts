import type { TradeRecord } from '../trading/engine/trade-record.js';
import type { Position } from '../valuation/portfolio/position.js';
import type { BacktestEquityCurve, BacktestRecord, BacktestResult, BacktestSubmission } from './backtest-record.js';
import type { PositionResultRow } from './position-result-row.js';
import type { RecordRunStartOptions, RunAudit, RunAuditInput, RunStartOutcome } from './run-audit.js';

/** Which engine a store writes to. */
export type StoreDialect = 'sqlite' | 'postgres';

export interface UpsertResultsOptions {
  /**
   * Write only into the run that started at this instant (ISO-8601, as given to
   * recordRunStart): a job left over from an earlier attempt of the same run id is refused
   * instead of mixing its results into the new attempt.
   */
  readonly startedAt?: string;
}

export interface ListRunsOptions {
  /** At most this many runs, newest first. */
  readonly limit?: number;
}

/**
 * The results database: the EOD batch's run audit records, per-position results and saved
 * portfolios, and backtests with their trades and equity curves. SQLite and PostgreSQL behave the same behind it (same schema, same migrations,
 * same guarantees), so callers never ask which one they have.
 *
 * A run goes `recordRunStart` → (`commitRun` | `failRun`), or, when its results are written in
 * parts by several processes, `recordRunStart` → `upsertResults`… → (`completeRun` | `failRun`).
 * Either way a run is `succeeded` only with exactly one result per position, and a failed run
 * keeps no results. A backtest goes `recordBacktestSubmitted` →
 * (`completeBacktest` | `failBacktest`), with the same all-or-nothing guarantee, and once
 * finished is never rewritten.
 */
export interface ResultsStore extends AsyncDisposable {
  readonly dialect: StoreDialect;
  /** Where the data goes, safe to log: a file path, or host, port and database (no password). */
  readonly location: string;

  /**
   * Marks a run as running. A run id that already succeeded is not touched and comes back as
   * `already-succeeded` (unless `force`); one that failed or was left running (a crash)
   * starts again, without results.
   */
  recordRunStart(audit: RunAuditInput, options?: RecordRunStartOptions): Promise<RunStartOutcome>;

  /**
   * In one transaction: replaces every result of the run with `results` and writes the audit
   * record with status `succeeded`. On any error nothing is written (the run stays as it was)
   * and a `ResultsCommitError` or `StoreInputError` says why.
   */
  commitRun(audit: RunAuditInput, results: readonly PositionResultRow[]): Promise<void>;

  /**
   * For a run whose results are written in parts (a distributed run: one call per partition,
   * from any process): in one transaction, writes `results` into the running run, replacing
   * any earlier result of the same position (upsert by run id and position id), so a retried
   * partition leaves one row per position. Refused with `RunNotFoundError`, or `RunStateError`
   * when the run is not running (failed, succeeded) or, with `startedAt`, is a later attempt;
   * `ResultsCommitError` or `StoreInputError` as for commitRun, and then nothing was written.
   * A run that fails keeps none of these rows (failRun deletes them).
   */
  upsertResults(runId: string, results: readonly PositionResultRow[], options?: UpsertResultsOptions): Promise<void>;

  /**
   * Completes a running run whose results were written with upsertResults: in one transaction,
   * checks that it holds exactly one result for each of `positionIds` and none for any other
   * position, then writes the audit record with status `succeeded`. Throws
   * `ResultsIncompleteError` (naming missing and unexpected positions) or `RunStateError` /
   * `RunNotFoundError`, and then the run is left as it was.
   */
  completeRun(audit: RunAuditInput, positionIds: readonly string[]): Promise<void>;

  /** Marks a run failed with the reason, and deletes any result rows it has. */
  failRun(runId: string, reason: string): Promise<void>;

  getRun(runId: string): Promise<RunAudit | undefined>;

  /** Runs, newest first (by start time). */
  listRuns(options?: ListRunsOptions): Promise<RunAudit[]>;

  /** The run's results ordered by position id; empty for a run without results. */
  getResults(runId: string): Promise<PositionResultRow[]>;

  /** Replaces the portfolio with these positions, kept in the order given. */
  savePortfolio(portfolioId: string, positions: readonly Position[]): Promise<void>;

  /** The positions last saved for the portfolio, in saved order. */
  loadPortfolio(portfolioId: string): Promise<Position[]>;

  /**
   * Records a submitted backtest as `running`. An id the database already has (whatever its
   * status) is refused with `BacktestIdTakenError` (code BACKTEST_ID_TAKEN).
   */
  recordBacktestSubmitted(run: BacktestSubmission): Promise<void>;

  /**
   * In one transaction: the trades, the equity curve (two little-endian float64 blobs), the
   * statistics (JSON; NaN and ±Infinity survive) and status `succeeded`. Only a running
   * backtest can be completed: `BacktestNotFoundError` or `BacktestStateError` otherwise;
   * `BacktestCommitError` when the database refuses, and then nothing was written.
   */
  completeBacktest(id: string, result: BacktestResult): Promise<void>;

  /** Marks a running backtest `failed` with the reason; nothing else is written. Same refusals as completeBacktest. */
  failBacktest(id: string, reason: string, finishedAt: Date): Promise<void>;

  getBacktest(id: string): Promise<BacktestRecord | undefined>;

  /** The backtest's trades in the order they were given; empty for an unknown or unfinished backtest. */
  getBacktestTrades(id: string): Promise<TradeRecord[]>;

  /** The equity curve, bit for bit as given; undefined until the backtest succeeded. */
  getBacktestEquity(id: string): Promise<BacktestEquityCurve | undefined>;

  /** The `events` given to completeBacktest, as JSON; undefined when there were none. */
  getBacktestEvents(id: string): Promise<unknown>;

  /** Backtests, newest first (by submission time); at most `limit` when given. */
  listBacktests(limit?: number): Promise<BacktestRecord[]>;

  /** Releases the connection(s). Idempotent. */
  close(): Promise<void>;
}
