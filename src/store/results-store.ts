import type { Position } from '../valuation/portfolio/position.js';
import type { PositionResultRow } from './position-result-row.js';
import type { RecordRunStartOptions, RunAudit, RunAuditInput, RunStartOutcome } from './run-audit.js';

/** Which engine a store writes to. */
export type StoreDialect = 'sqlite' | 'postgres';

export interface ListRunsOptions {
  /** At most this many runs, newest first. */
  readonly limit?: number;
}

/**
 * The results database of the EOD batch: run audit records, per-position results and saved
 * portfolios. SQLite and PostgreSQL behave the same behind it (same schema, same migrations,
 * same guarantees), so callers never ask which one they have.
 *
 * A run goes `recordRunStart` → (`commitRun` | `failRun`). Its results and its `succeeded`
 * status become visible together or not at all.
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

  /** Releases the connection(s). Idempotent. */
  close(): Promise<void>;
}
