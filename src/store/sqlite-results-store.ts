import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { TradeRecord } from '../trading/engine/trade-record.js';
import type { Position } from '../valuation/portfolio/position.js';
import { checkLimit, encodeDate, encodeResult, encodeSubmission } from './backtest-encoding.js';
import type { BacktestEquityCurve, BacktestRecord, BacktestResult, BacktestSubmission } from './backtest-record.js';
import { checkId, checkIntegerOption, checkListLimit, checkReason, normaliseTimestamp } from './input-checks.js';
import { MIGRATIONS_TABLE, pendingMigrations, type AppliedMigration } from './migrations.js';
import { decodePosition, encodePositions } from './portfolio-record.js';
import type { PositionResultRow } from './position-result-row.js';
import { checkPositionIds, checkResults, compareResultIds, decodeResult, encodeKeyRates, RESULT_COLUMNS, type ResultRecord } from './result-record.js';
import type { ListRunsOptions, ResultsStore, UpsertResultsOptions } from './results-store.js';
import type { RecordRunStartOptions, RunAudit, RunAuditInput, RunStartOutcome } from './run-audit.js';
import { decodeRun, encodeRun, type RunRow, type RunValues } from './run-record.js';
import { SqliteBacktests } from './sqlite-backtests.js';
import {
  PortfolioNotFoundError,
  ResultsCommitError,
  ResultsIncompleteError,
  RunNotFoundError,
  RunStateError,
  StoreClosedError,
  StoreFileError,
  StoreMigrationError,
  messageOf,
} from './store-errors.js';

export interface SqliteStoreOptions {
  /**
   * How long a write waits for another process's write lock before failing, in ms (default
   * 5000). SQLite allows one writer at a time; without a wait a second EOD process, or a
   * reader checkpointing the WAL, would make a commit fail at once.
   */
  readonly busyTimeoutMs?: number;
  /** Wall clock for finish and save times (default: the system's). */
  readonly now?: () => Date;
}

/** SQLite error codes that mean the file itself is the problem, not the SQL. */
const FILE_PROBLEM = /^SQLITE_(CANTOPEN|READONLY|PERM|IOERR|NOTADB|CORRUPT|FULL|AUTH)/;

const RUN_COLUMNS = `run_id, effective_date, status, started_at, finished_at, failure_reason,
  input_hashes, versions, counts, timings, peak_rss_bytes, positions`;

const RUN_VALUES = `@runId, @effectiveDate, @status, @startedAt, @finishedAt, @failureReason,
  @inputHashes, @versions, @counts, @timings, @peakRssBytes, @positions`;

const RUN_UPDATE = `effective_date = excluded.effective_date, status = excluded.status,
  started_at = excluded.started_at, finished_at = excluded.finished_at,
  failure_reason = excluded.failure_reason, input_hashes = excluded.input_hashes,
  versions = excluded.versions, counts = excluded.counts, timings = excluded.timings,
  peak_rss_bytes = excluded.peak_rss_bytes, positions = excluded.positions`;

type RunParameters = RunValues & { readonly status: string; readonly failureReason: string | null };

/**
 * Opens (creating it and its folder if need be) the SQLite results file: WAL journal, so
 * readers never block the batch's writer; a busy timeout, so concurrent writers wait instead
 * of failing; migrations applied in one immediate transaction.
 */
export function openSqliteResultsStore(path: string, options: SqliteStoreOptions = {}): SqliteResultsStore {
  const busyTimeoutMs = checkIntegerOption('busyTimeoutMs', options.busyTimeoutMs, 0) ?? 5000;
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new StoreFileError(path, `cannot create its folder ${dirname(path)}: ${messageOf(error)}`, { cause: error });
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new StoreFileError(path, messageOf(error), { cause: error });
  }
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StoreFileError(path, `could not switch to WAL journal mode (SQLite kept "${String(mode)}")`);
    migrate(db, path, options.now ?? (() => new Date()));
    return new SqliteResultsStore(db, path, options);
  } catch (error) {
    db.close();
    if (error instanceof StoreFileError || error instanceof StoreMigrationError) throw error;
    if (isFileProblem(error)) throw new StoreFileError(path, messageOf(error), { cause: error });
    throw new StoreMigrationError(path, `could not apply migrations: ${messageOf(error)}`, { cause: error });
  }
}

function migrate(db: Database.Database, path: string, now: () => Date): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
      version INTEGER NOT NULL PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`);
    const applied = db.prepare(`SELECT version, name FROM ${MIGRATIONS_TABLE} ORDER BY version`).all() as AppliedMigration[];
    const record = db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`);
    for (const migration of pendingMigrations(path, applied)) {
      try {
        db.exec(migration.sqlite);
      } catch (error) {
        if (isFileProblem(error)) throw error;
        throw new StoreMigrationError(path, `migration ${migration.version} (${migration.name}) failed: ${messageOf(error)}`, { cause: error });
      }
      record.run(migration.version, migration.name, now().toISOString());
    }
  }).immediate();
}

/** The results store on a SQLite file. Every call is synchronous underneath, async on the surface. */
export class SqliteResultsStore implements ResultsStore {
  readonly dialect = 'sqlite';
  readonly location: string;
  readonly #db: Database.Database;
  readonly #now: () => Date;
  readonly #sql;
  readonly #backtests: SqliteBacktests;

  constructor(db: Database.Database, path: string, options: SqliteStoreOptions) {
    this.#db = db;
    this.location = path;
    this.#now = options.now ?? (() => new Date());
    const runSelect = `SELECT ${RUN_COLUMNS} FROM runs`;
    this.#sql = {
      insertRunIfNew: db.prepare<[RunParameters]>(`INSERT INTO runs (${RUN_COLUMNS}) VALUES (${RUN_VALUES}) ON CONFLICT (run_id) DO NOTHING`),
      upsertRun: db.prepare<[RunParameters]>(`INSERT INTO runs (${RUN_COLUMNS}) VALUES (${RUN_VALUES}) ON CONFLICT (run_id) DO UPDATE SET ${RUN_UPDATE}`),
      markFailed: db.prepare<[string, string, string]>(`UPDATE runs SET status = 'failed', failure_reason = ?, finished_at = ? WHERE run_id = ?`),
      selectRun: db.prepare<[string], RunRow>(`${runSelect} WHERE run_id = ?`),
      listRuns: db.prepare<[number], RunRow>(`${runSelect} ORDER BY started_at DESC, run_id DESC LIMIT ?`),
      deleteResults: db.prepare<[string]>('DELETE FROM results WHERE run_id = ?'),
      insertResult: db.prepare(`INSERT INTO results (run_id, ${RESULT_COLUMNS.join(', ')}) VALUES (${RESULT_COLUMNS.map(() => '?').join(', ')}, ?)`),
      upsertResult: db.prepare(`INSERT INTO results (run_id, ${RESULT_COLUMNS.join(', ')}) VALUES (${RESULT_COLUMNS.map(() => '?').join(', ')}, ?)
        ON CONFLICT (run_id, position_id) DO UPDATE SET ${RESULT_COLUMNS.slice(1).map((column) => `${column} = excluded.${column}`).join(', ')}`),
      selectResultIds: db.prepare<[string], { position_id: string }>('SELECT position_id FROM results WHERE run_id = ?'),
      selectResults: db.prepare<[string], ResultRecord>(`SELECT ${RESULT_COLUMNS.join(', ')} FROM results WHERE run_id = ? ORDER BY position_id`),
      upsertPortfolio: db.prepare<[string, string, number]>(`INSERT INTO portfolios (portfolio_id, saved_at, position_count) VALUES (?, ?, ?)
        ON CONFLICT (portfolio_id) DO UPDATE SET saved_at = excluded.saved_at, position_count = excluded.position_count`),
      deletePositions: db.prepare<[string]>('DELETE FROM positions WHERE portfolio_id = ?'),
      insertPosition: db.prepare<[string, string, number, string, string]>('INSERT INTO positions (portfolio_id, position_id, ordinal, kind, data) VALUES (?, ?, ?, ?, ?)'),
      selectPortfolio: db.prepare<[string], { position_count: number }>('SELECT position_count FROM portfolios WHERE portfolio_id = ?'),
      selectPositions: db.prepare<[string], { data: string }>('SELECT data FROM positions WHERE portfolio_id = ? ORDER BY ordinal'),
    };
    this.#backtests = new SqliteBacktests(db);
  }

  recordRunStart(audit: RunAuditInput, options: RecordRunStartOptions = {}): Promise<RunStartOutcome> {
    return this.#call('recordRunStart', () => {
      const run: RunParameters = { ...encodeRun('recordRunStart', audit, null), status: 'running', failureReason: null };
      return this.#write((): RunStartOutcome => {
        if (this.#sql.insertRunIfNew.run(run).changes === 1) return { outcome: 'started', previous: null };
        const existing = this.#sql.selectRun.get(run.runId)!;
        if (existing.status === 'succeeded' && options.force !== true) return { outcome: 'already-succeeded', run: decodeRun(existing) };
        this.#sql.upsertRun.run(run);
        // A running or failed run has no results (commits are atomic); a forced re-run of a success does.
        this.#sql.deleteResults.run(run.runId);
        return { outcome: 'started', previous: existing.status };
      });
    });
  }

  commitRun(audit: RunAuditInput, results: readonly PositionResultRow[]): Promise<void> {
    return this.#call('commitRun', () => {
      const finishedAt = audit.finishedAt ?? this.#now().toISOString();
      const run: RunParameters = { ...encodeRun('commitRun', audit, finishedAt), status: 'succeeded', failureReason: null };
      checkResults('commitRun', results);
      let index = -1;
      try {
        this.#write(() => {
          this.#sql.upsertRun.run(run);
          this.#sql.deleteResults.run(run.runId);
          const insert = this.#sql.insertResult;
          for (index = 0; index < results.length; index++) {
            const r = results[index]!;
            insert.run(run.runId, r.positionId, r.kind, r.npv, r.cleanPrice, r.dirtyPrice, r.accrued, r.yield, r.modifiedDuration,
              r.convexity, r.dv01, r.wal, r.shockUp100, r.shockDown100, encodeKeyRates(r.keyRateDurations));
          }
        });
      } catch (error) {
        const at = index >= 0 && index < results.length ? ` at results[${index}] (position ${JSON.stringify(results[index]!.positionId)})` : '';
        throw new ResultsCommitError(run.runId, results.length, `${messageOf(error)}${at}`, { cause: error });
      }
    });
  }

  upsertResults(runId: string, results: readonly PositionResultRow[], options: UpsertResultsOptions = {}): Promise<void> {
    return this.#call('upsertResults', () => {
      checkId('upsertResults', 'runId', runId);
      const startedAt = options.startedAt === undefined ? undefined : normaliseTimestamp('upsertResults', 'options.startedAt', options.startedAt);
      checkResults('upsertResults', results);
      let index = -1;
      try {
        this.#write(() => {
          const run = this.#sql.selectRun.get(runId);
          if (run === undefined) throw new RunNotFoundError(runId, 'upsertResults');
          if (run.status !== 'running') throw new RunStateError(runId, `it is ${run.status}; results can only be added to a running run`);
          if (startedAt !== undefined && run.started_at !== startedAt) {
            throw new RunStateError(runId, `the running attempt started at ${run.started_at}, not ${startedAt}; these results belong to an earlier attempt`);
          }
          const upsert = this.#sql.upsertResult;
          for (index = 0; index < results.length; index++) {
            const r = results[index]!;
            upsert.run(runId, r.positionId, r.kind, r.npv, r.cleanPrice, r.dirtyPrice, r.accrued, r.yield, r.modifiedDuration,
              r.convexity, r.dv01, r.wal, r.shockUp100, r.shockDown100, encodeKeyRates(r.keyRateDurations));
          }
        });
      } catch (error) {
        if (error instanceof RunNotFoundError || error instanceof RunStateError) throw error;
        const at = index >= 0 && index < results.length ? ` at results[${index}] (position ${JSON.stringify(results[index]!.positionId)})` : '';
        throw new ResultsCommitError(runId, results.length, `${messageOf(error)}${at}`, { cause: error });
      }
    });
  }

  completeRun(audit: RunAuditInput, positionIds: readonly string[]): Promise<void> {
    return this.#call('completeRun', () => {
      const finishedAt = audit.finishedAt ?? this.#now().toISOString();
      const run: RunParameters = { ...encodeRun('completeRun', audit, finishedAt), status: 'succeeded', failureReason: null };
      checkPositionIds('completeRun', positionIds);
      this.#write(() => {
        const existing = this.#sql.selectRun.get(run.runId);
        if (existing === undefined) throw new RunNotFoundError(run.runId, 'completeRun');
        if (existing.status !== 'running') throw new RunStateError(run.runId, `it is ${existing.status}; only a running run can be completed`);
        // The primary key makes each found id unique: none missing and none unexpected is exactly one each.
        const { missing, unexpected } = compareResultIds(positionIds, this.#sql.selectResultIds.all(run.runId).map((row) => row.position_id));
        if (missing.length > 0 || unexpected.length > 0) throw new ResultsIncompleteError(run.runId, missing, unexpected, positionIds.length);
        this.#sql.upsertRun.run(run);
      });
    });
  }

  failRun(runId: string, reason: string): Promise<void> {
    return this.#call('failRun', () => {
      checkId('failRun', 'runId', runId);
      checkReason('failRun', reason);
      const finishedAt = this.#now().toISOString();
      this.#write(() => {
        const existing = this.#sql.selectRun.get(runId);
        if (existing === undefined) throw new RunNotFoundError(runId, 'failRun');
        if (existing.status === 'succeeded') {
          throw new RunStateError(runId, `it succeeded at ${String(existing.finished_at)}; a succeeded run keeps its results and cannot be marked failed`);
        }
        this.#sql.markFailed.run(reason, finishedAt, runId);
        this.#sql.deleteResults.run(runId);
      });
    });
  }

  getRun(runId: string): Promise<RunAudit | undefined> {
    return this.#call('getRun', () => {
      checkId('getRun', 'runId', runId);
      const row = this.#sql.selectRun.get(runId);
      return row === undefined ? undefined : decodeRun(row);
    });
  }

  listRuns(options: ListRunsOptions = {}): Promise<RunAudit[]> {
    return this.#call('listRuns', () => {
      // SQLite reads a negative LIMIT as "no limit".
      const limit = checkListLimit('listRuns', options.limit) ?? -1;
      return this.#sql.listRuns.all(limit).map(decodeRun);
    });
  }

  getResults(runId: string): Promise<PositionResultRow[]> {
    return this.#call('getResults', () => {
      checkId('getResults', 'runId', runId);
      return this.#sql.selectResults.all(runId).map(decodeResult);
    });
  }

  savePortfolio(portfolioId: string, positions: readonly Position[]): Promise<void> {
    return this.#call('savePortfolio', () => {
      const values = encodePositions('savePortfolio', portfolioId, positions);
      const savedAt = this.#now().toISOString();
      this.#write(() => {
        this.#sql.upsertPortfolio.run(portfolioId, savedAt, values.length);
        this.#sql.deletePositions.run(portfolioId);
        for (let i = 0; i < values.length; i++) {
          const { positionId, kind, data } = values[i]!;
          this.#sql.insertPosition.run(portfolioId, positionId, i, kind, data);
        }
      });
    });
  }

  loadPortfolio(portfolioId: string): Promise<Position[]> {
    return this.#call('loadPortfolio', () => {
      checkId('loadPortfolio', 'portfolioId', portfolioId);
      // One read transaction, so a concurrent save is seen whole or not at all.
      return this.#db.transaction(() => {
        if (this.#sql.selectPortfolio.get(portfolioId) === undefined) throw new PortfolioNotFoundError(portfolioId);
        return this.#sql.selectPositions.all(portfolioId).map(({ data }) => decodePosition(data));
      }).deferred();
    });
  }

  recordBacktestSubmitted(run: BacktestSubmission): Promise<void> {
    return this.#call('recordBacktestSubmitted', () => {
      this.#backtests.submit(encodeSubmission('recordBacktestSubmitted', run));
    });
  }

  completeBacktest(id: string, result: BacktestResult): Promise<void> {
    return this.#call('completeBacktest', () => {
      checkId('completeBacktest', 'id', id);
      this.#backtests.complete(id, encodeResult('completeBacktest', result));
    });
  }

  failBacktest(id: string, reason: string, finishedAt: Date): Promise<void> {
    return this.#call('failBacktest', () => {
      checkId('failBacktest', 'id', id);
      checkReason('failBacktest', reason);
      this.#backtests.fail(id, reason, encodeDate('failBacktest', 'finishedAt', finishedAt));
    });
  }

  getBacktest(id: string): Promise<BacktestRecord | undefined> {
    return this.#call('getBacktest', () => {
      checkId('getBacktest', 'id', id);
      return this.#backtests.get(id);
    });
  }

  getBacktestTrades(id: string): Promise<TradeRecord[]> {
    return this.#call('getBacktestTrades', () => {
      checkId('getBacktestTrades', 'id', id);
      return this.#backtests.trades(id);
    });
  }

  getBacktestEquity(id: string): Promise<BacktestEquityCurve | undefined> {
    return this.#call('getBacktestEquity', () => {
      checkId('getBacktestEquity', 'id', id);
      return this.#backtests.equity(id);
    });
  }

  getBacktestEvents(id: string): Promise<unknown> {
    return this.#call('getBacktestEvents', () => {
      checkId('getBacktestEvents', 'id', id);
      return this.#backtests.events(id);
    });
  }

  listBacktests(limit?: number): Promise<BacktestRecord[]> {
    return this.#call('listBacktests', () => this.#backtests.list(checkLimit('listBacktests', limit)));
  }

  close(): Promise<void> {
    if (this.#db.open) this.#db.close();
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Runs a synchronous operation as a promise, so a thrown error arrives as a rejection. */
  #call<T>(operation: string, work: () => T): Promise<T> {
    try {
      if (!this.#db.open) throw new StoreClosedError(this.location, operation);
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** BEGIN IMMEDIATE: take the write lock up front, so two writers queue instead of deadlocking on upgrade. */
  #write<T>(work: () => T): T {
    return this.#db.transaction(work).immediate();
  }
}

function isFileProblem(error: unknown): boolean {
  return error instanceof Database.SqliteError && FILE_PROBLEM.test(error.code);
}
