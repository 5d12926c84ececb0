import pg from 'pg';
import type { TradeRecord } from '../trading/engine/trade-record.js';
import type { Position } from '../valuation/portfolio/position.js';
import { checkLimit, encodeDate, encodeResult, encodeSubmission } from './backtest-encoding.js';
import { BacktestCommitError, BacktestNotFoundError, BacktestStateError } from './backtest-errors.js';
import type { BacktestEquityCurve, BacktestRecord, BacktestResult, BacktestSubmission } from './backtest-record.js';
import { checkId, checkIntegerOption, checkListLimit, checkReason, normaliseTimestamp } from './input-checks.js';
import { MIGRATIONS_TABLE, pendingMigrations, type AppliedMigration } from './migrations.js';
import { decodePosition, encodePositions } from './portfolio-record.js';
import * as backtests from './postgres-backtests.js';
import type { PositionResultRow } from './position-result-row.js';
import { checkPositionIds, checkResults, compareResultIds, decodeResult, encodeKeyRates, RESULT_COLUMNS, type ResultRecord } from './result-record.js';
import type { ListRunsOptions, ResultsStore, UpsertResultsOptions } from './results-store.js';
import type { RecordRunStartOptions, RunAudit, RunAuditInput, RunStartOutcome } from './run-audit.js';
import { decodeRun, encodeRun, type RunRow, type RunValues } from './run-record.js';
import {
  messageOf,
  PortfolioNotFoundError,
  ResultsCommitError,
  ResultsIncompleteError,
  RunNotFoundError,
  RunStateError,
  StoreClosedError,
  StoreInputError,
  StoreMigrationError,
  StoreUnreachableError,
} from './store-errors.js';

export interface PostgresStoreOptions {
  /**
   * Put the tables in this schema (created if missing) instead of the connection's default.
   * Lets several environments, or parallel test runs, share one database.
   */
  readonly schema?: string;
  /** Most connections held open at once (default 4): the batch writes through one at a time. */
  readonly poolSize?: number;
  /** How long to wait for a connection before calling the server unreachable, in ms (default 10 000). */
  readonly connectionTimeoutMs?: number;
  /** Rows per INSERT statement in a bulk write (default 5000). */
  readonly batchSize?: number;
  /** Wall clock for finish and save times (default: the system's). */
  readonly now?: () => Date;
}

/** Where a PostgreSQL store connects, as `resolveStoreLocation` read it. */
export interface PostgresTarget {
  readonly connectionString: string;
  /** Host, port, database and user; never the password. */
  readonly description: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Timestamps back in exactly the form the SQLite store keeps them. */
const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

const RUN_SELECT = `SELECT run_id, to_char(effective_date, 'YYYY-MM-DD') AS effective_date, status,
  to_char(started_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS started_at,
  to_char(finished_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS finished_at,
  failure_reason, input_hashes::text AS input_hashes, versions::text AS versions,
  counts::text AS counts, timings::text AS timings,
  peak_rss_bytes::float8 AS peak_rss_bytes, positions
  FROM runs`;

const RUN_INSERT = `INSERT INTO runs (run_id, effective_date, status, started_at, finished_at, failure_reason,
  input_hashes, versions, counts, timings, peak_rss_bytes, positions)
  VALUES ($1, $2::date, $3, $4::timestamptz, $5::timestamptz, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12)`;

const RUN_UPDATE = `effective_date = excluded.effective_date, status = excluded.status,
  started_at = excluded.started_at, finished_at = excluded.finished_at,
  failure_reason = excluded.failure_reason, input_hashes = excluded.input_hashes,
  versions = excluded.versions, counts = excluded.counts, timings = excluded.timings,
  peak_rss_bytes = excluded.peak_rss_bytes, positions = excluded.positions`;

/**
 * One INSERT per batch of rows, each column bound as one array and spread back into rows by
 * unnest: 15 parameters per statement however many rows, so the server parses one short
 * statement per batch instead of one per row (or tens of thousands of placeholders).
 */
const RESULTS_INSERT = `INSERT INTO results (run_id, ${RESULT_COLUMNS.join(', ')})
  SELECT $1, * FROM unnest($2::text[], $3::text[], ${RESULT_COLUMNS.slice(2, -1).map((_, i) => `$${i + 4}::float8[]`).join(', ')}, $15::jsonb[])`;

/** The same rows as RESULTS_INSERT, replacing a position's earlier result: a retried partition writes each row again. */
const RESULTS_UPSERT = `${RESULTS_INSERT}
  ON CONFLICT (run_id, position_id) DO UPDATE SET ${RESULT_COLUMNS.slice(1).map((column) => `${column} = excluded.${column}`).join(', ')}`;

const RESULTS_SELECT = `SELECT ${RESULT_COLUMNS.slice(0, -1).join(', ')}, key_rate_durations::text AS key_rate_durations
  FROM results WHERE run_id = $1 ORDER BY position_id COLLATE "C"`;

const POSITIONS_INSERT = `INSERT INTO positions (portfolio_id, position_id, ordinal, kind, data)
  SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::jsonb[])`;

/**
 * Connects, creates the schema if asked for one, and applies pending migrations in one
 * transaction under an advisory lock, so processes opening the same database at once migrate
 * it exactly once between them.
 */
export async function openPostgresResultsStore(target: PostgresTarget, options: PostgresStoreOptions = {}): Promise<PostgresResultsStore> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreInputError('openResultsStore', 'options.schema', `must be a lower-case SQL identifier (letters, digits, _); got ${JSON.stringify(schema)}`);
  }
  const poolSize = checkIntegerOption('poolSize', options.poolSize, 1) ?? 4;
  const connectionTimeoutMs = checkIntegerOption('connectionTimeoutMs', options.connectionTimeoutMs, 1) ?? 10_000;
  checkIntegerOption('batchSize', options.batchSize, 1);
  const location = schema === undefined ? target.description : `${target.description}, schema ${schema}`;
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: poolSize,
    connectionTimeoutMillis: connectionTimeoutMs,
    application_name: 'tenure',
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection dropped by the server emits here; the pool discards it and the next
  // query opens a new one. Without a listener the process would crash on a server restart.
  pool.on('error', () => undefined);
  try {
    const client = await connect(pool, location, target.connectionString);
    try {
      await migrate(client, location, schema, options.now ?? (() => new Date()));
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresResultsStore(pool, location, target.connectionString, options);
}

async function connect(pool: pg.Pool, location: string, connectionString: string): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw new StoreUnreachableError(location, withoutPassword(messageOf(error), connectionString), { cause: error });
  }
}

async function migrate(client: pg.PoolClient, location: string, schema: string | undefined, now: () => Date): Promise<void> {
  await client.query('BEGIN');
  try {
    // Taken before anything is created: concurrent CREATE ... IF NOT EXISTS can still collide.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tenure ${MIGRATIONS_TABLE} ${schema ?? ''}`]);
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
      version integer NOT NULL PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL
    )`);
    const applied = await client.query<AppliedMigration>(`SELECT version, name FROM ${MIGRATIONS_TABLE} ORDER BY version`);
    for (const migration of pendingMigrations(location, applied.rows)) {
      try {
        await client.query(migration.postgres);
      } catch (error) {
        throw new StoreMigrationError(location, `migration ${migration.version} (${migration.name}) failed: ${messageOf(error)}`, { cause: error });
      }
      await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES ($1, $2, $3)`, [migration.version, migration.name, now().toISOString()]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof StoreMigrationError) throw error;
    throw new StoreMigrationError(location, `could not bring the schema up to date: ${messageOf(error)}`, { cause: error });
  }
}

/** The results store on PostgreSQL, through a small connection pool. */
export class PostgresResultsStore implements ResultsStore {
  readonly dialect = 'postgres';
  readonly location: string;
  readonly #pool: pg.Pool;
  readonly #connectionString: string;
  readonly #now: () => Date;
  readonly #batchSize: number;
  #closed = false;

  constructor(pool: pg.Pool, location: string, connectionString: string, options: PostgresStoreOptions) {
    this.#pool = pool;
    this.location = location;
    this.#connectionString = connectionString;
    this.#now = options.now ?? (() => new Date());
    this.#batchSize = options.batchSize ?? 5000;
  }

  async recordRunStart(audit: RunAuditInput, options: RecordRunStartOptions = {}): Promise<RunStartOutcome> {
    const run = encodeRun('recordRunStart', audit, null);
    return this.#transaction('recordRunStart', async (client): Promise<RunStartOutcome> => {
      const inserted = await client.query(`${RUN_INSERT} ON CONFLICT (run_id) DO NOTHING`, runParameters(run, 'running', null));
      if (inserted.rowCount === 1) return { outcome: 'started', previous: null };
      const existing = (await client.query<RunRow>(`${RUN_SELECT} WHERE run_id = $1 FOR UPDATE`, [run.runId])).rows[0]!;
      if (existing.status === 'succeeded' && options.force !== true) return { outcome: 'already-succeeded', run: decodeRun(existing) };
      await client.query(`${RUN_INSERT} ON CONFLICT (run_id) DO UPDATE SET ${RUN_UPDATE}`, runParameters(run, 'running', null));
      // A running or failed run has no results (commits are atomic); a forced re-run of a success does.
      await client.query('DELETE FROM results WHERE run_id = $1', [run.runId]);
      return { outcome: 'started', previous: existing.status };
    });
  }

  async commitRun(audit: RunAuditInput, results: readonly PositionResultRow[]): Promise<void> {
    const finishedAt = audit.finishedAt ?? this.#now().toISOString();
    const run = encodeRun('commitRun', audit, finishedAt);
    checkResults('commitRun', results);
    try {
      await this.#transaction('commitRun', async (client) => {
        await client.query(`${RUN_INSERT} ON CONFLICT (run_id) DO UPDATE SET ${RUN_UPDATE}`, runParameters(run, 'succeeded', null));
        await client.query('DELETE FROM results WHERE run_id = $1', [run.runId]);
        for (let start = 0; start < results.length; start += this.#batchSize) {
          await client.query(RESULTS_INSERT, resultColumns(run.runId, results, start, Math.min(results.length, start + this.#batchSize)));
        }
      });
    } catch (error) {
      if (error instanceof StoreClosedError || error instanceof StoreUnreachableError) throw error;
      throw new ResultsCommitError(run.runId, results.length, describePgError(error), { cause: error });
    }
  }

  async upsertResults(runId: string, results: readonly PositionResultRow[], options: UpsertResultsOptions = {}): Promise<void> {
    checkId('upsertResults', 'runId', runId);
    const startedAt = options.startedAt === undefined ? undefined : normaliseTimestamp('upsertResults', 'options.startedAt', options.startedAt);
    checkResults('upsertResults', results);
    try {
      await this.#transaction('upsertResults', async (client) => {
        // A shared lock: partitions of one run write side by side, while failRun and
        // completeRun (FOR UPDATE) wait for them, and they for it. So a partition either lands
        // before the run fails (and failRun deletes it) or sees the run failed and writes nothing.
        const run = (await client.query<{ status: string; started_at: string }>(
          `SELECT status, to_char(started_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS started_at FROM runs WHERE run_id = $1 FOR SHARE`, [runId])).rows[0];
        checkWritable(runId, run, startedAt);
        for (let start = 0; start < results.length; start += this.#batchSize) {
          await client.query(RESULTS_UPSERT, resultColumns(runId, results, start, Math.min(results.length, start + this.#batchSize)));
        }
      });
    } catch (error) {
      if (error instanceof StoreClosedError || error instanceof StoreUnreachableError || error instanceof RunNotFoundError || error instanceof RunStateError) throw error;
      throw new ResultsCommitError(runId, results.length, describePgError(error), { cause: error });
    }
  }

  async completeRun(audit: RunAuditInput, positionIds: readonly string[]): Promise<void> {
    const finishedAt = audit.finishedAt ?? this.#now().toISOString();
    const run = encodeRun('completeRun', audit, finishedAt);
    checkPositionIds('completeRun', positionIds);
    await this.#transaction('completeRun', async (client) => {
      const existing = (await client.query<RunRow>(`${RUN_SELECT} WHERE run_id = $1 FOR UPDATE`, [run.runId])).rows[0];
      if (existing === undefined) throw new RunNotFoundError(run.runId, 'completeRun');
      if (existing.status !== 'running') throw new RunStateError(run.runId, `it is ${existing.status}; only a running run can be completed`);
      const found = await client.query<{ position_id: string }>('SELECT position_id FROM results WHERE run_id = $1', [run.runId]);
      // The primary key makes each found id unique: none missing and none unexpected is exactly one each.
      const { missing, unexpected } = compareResultIds(positionIds, found.rows.map((row) => row.position_id));
      if (missing.length > 0 || unexpected.length > 0) throw new ResultsIncompleteError(run.runId, missing, unexpected, positionIds.length);
      await client.query(`${RUN_INSERT} ON CONFLICT (run_id) DO UPDATE SET ${RUN_UPDATE}`, runParameters(run, 'succeeded', null));
    });
  }

  async failRun(runId: string, reason: string): Promise<void> {
    checkId('failRun', 'runId', runId);
    checkReason('failRun', reason);
    const finishedAt = this.#now().toISOString();
    await this.#transaction('failRun', async (client) => {
      const existing = (await client.query<RunRow>(`${RUN_SELECT} WHERE run_id = $1 FOR UPDATE`, [runId])).rows[0];
      if (existing === undefined) throw new RunNotFoundError(runId, 'failRun');
      if (existing.status === 'succeeded') {
        throw new RunStateError(runId, `it succeeded at ${String(existing.finished_at)}; a succeeded run keeps its results and cannot be marked failed`);
      }
      await client.query(`UPDATE runs SET status = 'failed', failure_reason = $1, finished_at = $2::timestamptz WHERE run_id = $3`, [reason, finishedAt, runId]);
      await client.query('DELETE FROM results WHERE run_id = $1', [runId]);
    });
  }

  async getRun(runId: string): Promise<RunAudit | undefined> {
    checkId('getRun', 'runId', runId);
    const { rows } = await this.#query<RunRow>('getRun', `${RUN_SELECT} WHERE run_id = $1`, [runId]);
    return rows[0] === undefined ? undefined : decodeRun(rows[0]);
  }

  async listRuns(options: ListRunsOptions = {}): Promise<RunAudit[]> {
    // A NULL limit is LIMIT ALL.
    const limit = checkListLimit('listRuns', options.limit) ?? null;
    const { rows } = await this.#query<RunRow>('listRuns', `${RUN_SELECT} ORDER BY started_at DESC, run_id COLLATE "C" DESC LIMIT $1`, [limit]);
    return rows.map(decodeRun);
  }

  async getResults(runId: string): Promise<PositionResultRow[]> {
    checkId('getResults', 'runId', runId);
    const { rows } = await this.#query<ResultRecord>('getResults', RESULTS_SELECT, [runId]);
    return rows.map(decodeResult);
  }

  async savePortfolio(portfolioId: string, positions: readonly Position[]): Promise<void> {
    const values = encodePositions('savePortfolio', portfolioId, positions);
    const savedAt = this.#now().toISOString();
    await this.#transaction('savePortfolio', async (client) => {
      await client.query(`INSERT INTO portfolios (portfolio_id, saved_at, position_count) VALUES ($1, $2::timestamptz, $3)
        ON CONFLICT (portfolio_id) DO UPDATE SET saved_at = excluded.saved_at, position_count = excluded.position_count`,
      [portfolioId, savedAt, values.length]);
      await client.query('DELETE FROM positions WHERE portfolio_id = $1', [portfolioId]);
      for (let start = 0; start < values.length; start += this.#batchSize) {
        const batch = values.slice(start, start + this.#batchSize);
        await client.query(POSITIONS_INSERT, [
          portfolioId,
          batch.map((value) => value.positionId),
          batch.map((_, i) => start + i),
          batch.map((value) => value.kind),
          batch.map((value) => value.data),
        ]);
      }
    });
  }

  async loadPortfolio(portfolioId: string): Promise<Position[]> {
    checkId('loadPortfolio', 'portfolioId', portfolioId);
    // One statement, so a concurrent save is seen whole or not at all.
    const { rows } = await this.#query<{ data: string | null }>('loadPortfolio', `SELECT p.data::text AS data
      FROM portfolios f LEFT JOIN positions p ON p.portfolio_id = f.portfolio_id
      WHERE f.portfolio_id = $1 ORDER BY p.ordinal`, [portfolioId]);
    if (rows.length === 0) throw new PortfolioNotFoundError(portfolioId);
    // An empty portfolio joins to one row of nulls.
    return rows.flatMap(({ data }) => (data === null ? [] : [decodePosition(data)]));
  }

  async recordBacktestSubmitted(run: BacktestSubmission): Promise<void> {
    const values = encodeSubmission('recordBacktestSubmitted', run);
    await this.#transaction('recordBacktestSubmitted', (client) => backtests.submitBacktest(client, values));
  }

  async completeBacktest(id: string, result: BacktestResult): Promise<void> {
    checkId('completeBacktest', 'id', id);
    const values = encodeResult('completeBacktest', result);
    try {
      await this.#transaction('completeBacktest', (client) => backtests.completeBacktest(client, id, values, this.#batchSize));
    } catch (error) {
      if (error instanceof BacktestNotFoundError || error instanceof BacktestStateError || error instanceof StoreClosedError || error instanceof StoreUnreachableError) throw error;
      throw new BacktestCommitError(id, describePgError(error), { cause: error });
    }
  }

  async failBacktest(id: string, reason: string, finishedAt: Date): Promise<void> {
    checkId('failBacktest', 'id', id);
    checkReason('failBacktest', reason);
    const at = encodeDate('failBacktest', 'finishedAt', finishedAt);
    await this.#transaction('failBacktest', (client) => backtests.failBacktest(client, id, reason, at));
  }

  async getBacktest(id: string): Promise<BacktestRecord | undefined> {
    checkId('getBacktest', 'id', id);
    return this.#withClient('getBacktest', (client) => backtests.selectBacktest(client, id));
  }

  async getBacktestTrades(id: string): Promise<TradeRecord[]> {
    checkId('getBacktestTrades', 'id', id);
    return this.#withClient('getBacktestTrades', (client) => backtests.selectTrades(client, id));
  }

  async getBacktestEquity(id: string): Promise<BacktestEquityCurve | undefined> {
    checkId('getBacktestEquity', 'id', id);
    return this.#withClient('getBacktestEquity', (client) => backtests.selectEquity(client, id));
  }

  async getBacktestEvents(id: string): Promise<unknown> {
    checkId('getBacktestEvents', 'id', id);
    return this.#withClient('getBacktestEvents', (client) => backtests.selectEvents(client, id));
  }

  async listBacktests(limit?: number): Promise<BacktestRecord[]> {
    const checked = checkLimit('listBacktests', limit);
    return this.#withClient('listBacktests', (client) => backtests.listBacktests(client, checked));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #query<R extends pg.QueryResultRow>(operation: string, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    return this.#withClient(operation, (client) => client.query<R>(text, values));
  }

  async #withClient<T>(operation: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#connect(operation);
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  async #transaction<T>(operation: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#connect(operation);
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is not given back to the pool.
      await client.query('ROLLBACK').catch(() => { broken = true; });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async #connect(operation: string): Promise<pg.PoolClient> {
    if (this.#closed) throw new StoreClosedError(this.location, operation);
    return connect(this.#pool, this.location, this.#connectionString);
  }
}

/** Whether partial results may go into this run: it exists, is running, and is the attempt meant. */
function checkWritable(runId: string, run: { status: string; started_at: string } | undefined, startedAt: string | undefined): void {
  if (run === undefined) throw new RunNotFoundError(runId, 'upsertResults');
  if (run.status !== 'running') throw new RunStateError(runId, `it is ${run.status}; results can only be added to a running run`);
  if (startedAt !== undefined && run.started_at !== startedAt) {
    throw new RunStateError(runId, `the running attempt started at ${run.started_at}, not ${startedAt}; these results belong to an earlier attempt`);
  }
}

function runParameters(run: RunValues, status: string, failureReason: string | null): unknown[] {
  return [run.runId, run.effectiveDate, status, run.startedAt, run.finishedAt, failureReason,
    run.inputHashes, run.versions, run.counts, run.timings, run.peakRssBytes, run.positions];
}

/** Rows [start, end) as the column arrays RESULTS_INSERT unnests. */
function resultColumns(runId: string, results: readonly PositionResultRow[], start: number, end: number): unknown[] {
  const n = end - start;
  const ids = new Array<string>(n);
  const kinds = new Array<string>(n);
  const npv = new Array<number>(n);
  const cleanPrice = new Array<number | null>(n);
  const dirtyPrice = new Array<number | null>(n);
  const accrued = new Array<number | null>(n);
  const yields = new Array<number | null>(n);
  const modifiedDuration = new Array<number | null>(n);
  const convexity = new Array<number | null>(n);
  const dv01 = new Array<number | null>(n);
  const wal = new Array<number | null>(n);
  const shockUp = new Array<number | null>(n);
  const shockDown = new Array<number | null>(n);
  const keyRates = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const r = results[start + i]!;
    ids[i] = r.positionId;
    kinds[i] = r.kind;
    npv[i] = r.npv;
    cleanPrice[i] = r.cleanPrice;
    dirtyPrice[i] = r.dirtyPrice;
    accrued[i] = r.accrued;
    yields[i] = r.yield;
    modifiedDuration[i] = r.modifiedDuration;
    convexity[i] = r.convexity;
    dv01[i] = r.dv01;
    wal[i] = r.wal;
    shockUp[i] = r.shockUp100;
    shockDown[i] = r.shockDown100;
    keyRates[i] = encodeKeyRates(r.keyRateDurations);
  }
  return [runId, ids, kinds, npv, cleanPrice, dirtyPrice, accrued, yields, modifiedDuration, convexity, dv01, wal, shockUp, shockDown, keyRates];
}

/** The server's message plus its detail line, which names the failing row for constraint errors. */
function describePgError(error: unknown): string {
  const detail = error instanceof pg.DatabaseError && error.detail !== undefined ? ` (${error.detail})` : '';
  return `${messageOf(error)}${detail}`;
}

/** Belt and braces: a driver message should never carry the password, but make sure. */
function withoutPassword(message: string, connectionString: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(connectionString).password);
  } catch {
    return message;
  }
  return password === '' ? message : message.split(password).join('***');
}
