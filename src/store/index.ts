/**
 * The results database: run audit records, per-position results, saved portfolios and
 * backtests (status, statistics, trades, equity curves), on a
 * SQLite file (the default, no set-up) or PostgreSQL (by URL), behind one async interface.
 */
export { DEFAULT_RESULTS_PATH, openResultsStore, type OpenResultsStoreOptions } from './open-results-store.js';
export type { ListRunsOptions, ResultsStore, StoreDialect, UpsertResultsOptions } from './results-store.js';
export type { RecordRunStartOptions, RunAudit, RunAuditInput, RunStartOutcome, RunStatus } from './run-audit.js';
export { RESULT_MEASURES, type PositionResultRow, type ResultMeasure } from './position-result-row.js';
export type { BacktestEquityCurve, BacktestRecord, BacktestResult, BacktestStatus, BacktestSubmission } from './backtest-record.js';
export { BacktestCommitError, BacktestIdTakenError, BacktestNotFoundError, BacktestStateError } from './backtest-errors.js';
export { MIGRATIONS, MIGRATIONS_TABLE, type Migration } from './migrations.js';
export { redactUrl, resolveStoreLocation, type StoreLocation } from './store-location.js';
export { openSqliteResultsStore, type SqliteResultsStore, type SqliteStoreOptions } from './sqlite-results-store.js';
export { openPostgresResultsStore, type PostgresResultsStore, type PostgresStoreOptions, type PostgresTarget } from './postgres-results-store.js';
export {
  PortfolioNotFoundError,
  ResultsCommitError,
  ResultsIncompleteError,
  RunNotFoundError,
  RunStateError,
  StoreClosedError,
  StoreFileError,
  StoreInputError,
  StoreMigrationError,
  StoreUnreachableError,
  StoreUrlError,
} from './store-errors.js';
