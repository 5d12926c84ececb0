import { StoreMigrationError } from './store-errors.js';

/**
 * One step of the schema, in both dialects. The two texts describe the same tables, columns,
 * keys and constraints; only the types differ where each engine has a better one (date,
 * timestamptz, jsonb, double precision on PostgreSQL; STRICT tables with TEXT, REAL and
 * INTEGER on SQLite). A shipped migration is never edited: a change is a new version.
 *
 * `results.run_id`, `positions.portfolio_id` and the `backtest_id` of `backtest_trades` and
 * `backtest_equity` are deliberately not foreign keys: the store writes results only in the
 * transaction that writes their run (positions only with their portfolio, trades and equity
 * only with their backtest's completion), so no orphan can arise through it, while PostgreSQL
 * checks a foreign key row by row, which measured at about a third of the time of a
 * 100,000-row commit.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

/** The table that records which migrations a database has, and when each was applied. */
export const MIGRATIONS_TABLE = 'schema_migrations';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs and results',
    sqlite: `
      CREATE TABLE runs (
        run_id TEXT NOT NULL PRIMARY KEY CHECK (length(run_id) > 0),
        effective_date TEXT NOT NULL CHECK (effective_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        failure_reason TEXT,
        input_hashes TEXT NOT NULL,
        versions TEXT NOT NULL,
        counts TEXT NOT NULL,
        timings TEXT NOT NULL,
        peak_rss_bytes INTEGER CHECK (peak_rss_bytes >= 0),
        positions INTEGER NOT NULL CHECK (positions >= 0),
        CONSTRAINT runs_finished_unless_running CHECK ((status = 'running') = (finished_at IS NULL)),
        CONSTRAINT runs_reason_when_failed CHECK ((status = 'failed') = (failure_reason IS NOT NULL))
      ) STRICT;
      CREATE INDEX runs_by_start ON runs (started_at);
      CREATE INDEX runs_by_effective_date ON runs (effective_date);
      CREATE TABLE results (
        run_id TEXT NOT NULL,
        position_id TEXT NOT NULL CHECK (length(position_id) > 0),
        kind TEXT NOT NULL CHECK (length(kind) > 0),
        npv REAL NOT NULL,
        clean_price REAL,
        dirty_price REAL,
        accrued REAL,
        "yield" REAL,
        modified_duration REAL,
        convexity REAL,
        dv01 REAL,
        wal REAL,
        shock_up_100 REAL,
        shock_down_100 REAL,
        key_rate_durations TEXT,
        PRIMARY KEY (run_id, position_id)
      ) STRICT, WITHOUT ROWID;
    `,
    postgres: `
      CREATE TABLE runs (
        run_id text NOT NULL PRIMARY KEY CHECK (length(run_id) > 0),
        effective_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        failure_reason text,
        input_hashes jsonb NOT NULL,
        versions jsonb NOT NULL,
        counts jsonb NOT NULL,
        timings jsonb NOT NULL,
        peak_rss_bytes bigint CHECK (peak_rss_bytes >= 0),
        positions integer NOT NULL CHECK (positions >= 0),
        CONSTRAINT runs_finished_unless_running CHECK ((status = 'running') = (finished_at IS NULL)),
        CONSTRAINT runs_reason_when_failed CHECK ((status = 'failed') = (failure_reason IS NOT NULL))
      );
      CREATE INDEX runs_by_start ON runs (started_at);
      CREATE INDEX runs_by_effective_date ON runs (effective_date);
      CREATE TABLE results (
        run_id text NOT NULL,
        position_id text NOT NULL CHECK (length(position_id) > 0),
        kind text NOT NULL CHECK (length(kind) > 0),
        npv double precision NOT NULL,
        clean_price double precision,
        dirty_price double precision,
        accrued double precision,
        "yield" double precision,
        modified_duration double precision,
        convexity double precision,
        dv01 double precision,
        wal double precision,
        shock_up_100 double precision,
        shock_down_100 double precision,
        key_rate_durations jsonb,
        PRIMARY KEY (run_id, position_id)
      );
    `,
  },
  {
    version: 2,
    name: 'portfolios and positions',
    sqlite: `
      CREATE TABLE portfolios (
        portfolio_id TEXT NOT NULL PRIMARY KEY CHECK (length(portfolio_id) > 0),
        saved_at TEXT NOT NULL,
        position_count INTEGER NOT NULL CHECK (position_count >= 0)
      ) STRICT;
      CREATE TABLE positions (
        portfolio_id TEXT NOT NULL,
        position_id TEXT NOT NULL CHECK (length(position_id) > 0),
        ordinal INTEGER NOT NULL CHECK (ordinal >= 0),
        kind TEXT NOT NULL CHECK (length(kind) > 0),
        data TEXT NOT NULL,
        PRIMARY KEY (portfolio_id, position_id),
        UNIQUE (portfolio_id, ordinal)
      ) STRICT, WITHOUT ROWID;
    `,
    postgres: `
      CREATE TABLE portfolios (
        portfolio_id text NOT NULL PRIMARY KEY CHECK (length(portfolio_id) > 0),
        saved_at timestamptz NOT NULL,
        position_count integer NOT NULL CHECK (position_count >= 0)
      );
      CREATE TABLE positions (
        portfolio_id text NOT NULL,
        position_id text NOT NULL CHECK (length(position_id) > 0),
        ordinal integer NOT NULL CHECK (ordinal >= 0),
        kind text NOT NULL CHECK (length(kind) > 0),
        data jsonb NOT NULL,
        PRIMARY KEY (portfolio_id, position_id),
        UNIQUE (portfolio_id, ordinal)
      );
    `,
  },
  {
    // The equity curve is one row of two float64 blobs (little-endian), not a row per bar: a
    // month of minute bars is 45,000 points, read and written whole, never queried by bar.
    // Statistics are JSON, with NaN and ±Infinity written as strings (see backtest-encoding).
    version: 3,
    name: 'backtests, trades and equity curves',
    sqlite: `
      CREATE TABLE backtests (
        backtest_id TEXT NOT NULL PRIMARY KEY CHECK (length(backtest_id) > 0),
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        blueprint TEXT NOT NULL,
        environment TEXT NOT NULL,
        asset TEXT NOT NULL,
        request TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        finished_at TEXT,
        failure_reason TEXT,
        statistics TEXT,
        bars INTEGER CHECK (bars >= 0),
        events TEXT,
        CONSTRAINT backtests_finished_unless_running CHECK ((status = 'running') = (finished_at IS NULL)),
        CONSTRAINT backtests_reason_when_failed CHECK ((status = 'failed') = (failure_reason IS NOT NULL)),
        CONSTRAINT backtests_statistics_when_succeeded CHECK ((status = 'succeeded') = (statistics IS NOT NULL AND bars IS NOT NULL))
      ) STRICT;
      CREATE INDEX backtests_by_submission ON backtests (submitted_at);
      CREATE TABLE backtest_trades (
        backtest_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL CHECK (ordinal >= 0),
        asset TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('long', 'short')),
        entry_time REAL NOT NULL,
        exit_time REAL NOT NULL,
        entry_price REAL NOT NULL,
        exit_price REAL NOT NULL,
        quantity REAL NOT NULL,
        pnl REAL NOT NULL,
        commission REAL NOT NULL,
        bars INTEGER NOT NULL CHECK (bars >= 0),
        open_at_end INTEGER NOT NULL CHECK (open_at_end IN (0, 1)),
        entry_reason TEXT NOT NULL,
        exit_reason TEXT NOT NULL,
        PRIMARY KEY (backtest_id, ordinal)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE backtest_equity (
        backtest_id TEXT NOT NULL PRIMARY KEY,
        points INTEGER NOT NULL CHECK (points >= 0),
        time_values BLOB NOT NULL CHECK (length(time_values) = 8 * points),
        equity_values BLOB NOT NULL CHECK (length(equity_values) = 8 * points)
      ) STRICT;
    `,
    postgres: `
      CREATE TABLE backtests (
        backtest_id text NOT NULL PRIMARY KEY CHECK (length(backtest_id) > 0),
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        blueprint text NOT NULL,
        environment text NOT NULL,
        asset text NOT NULL,
        request jsonb NOT NULL,
        submitted_at timestamptz NOT NULL,
        finished_at timestamptz,
        failure_reason text,
        statistics jsonb,
        bars integer CHECK (bars >= 0),
        events jsonb,
        CONSTRAINT backtests_finished_unless_running CHECK ((status = 'running') = (finished_at IS NULL)),
        CONSTRAINT backtests_reason_when_failed CHECK ((status = 'failed') = (failure_reason IS NOT NULL)),
        CONSTRAINT backtests_statistics_when_succeeded CHECK ((status = 'succeeded') = (statistics IS NOT NULL AND bars IS NOT NULL))
      );
      CREATE INDEX backtests_by_submission ON backtests (submitted_at);
      CREATE TABLE backtest_trades (
        backtest_id text NOT NULL,
        ordinal integer NOT NULL CHECK (ordinal >= 0),
        asset text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('long', 'short')),
        entry_time double precision NOT NULL,
        exit_time double precision NOT NULL,
        entry_price double precision NOT NULL,
        exit_price double precision NOT NULL,
        quantity double precision NOT NULL,
        pnl double precision NOT NULL,
        commission double precision NOT NULL,
        bars integer NOT NULL CHECK (bars >= 0),
        open_at_end integer NOT NULL CHECK (open_at_end IN (0, 1)),
        entry_reason text NOT NULL,
        exit_reason text NOT NULL,
        PRIMARY KEY (backtest_id, ordinal)
      );
      CREATE TABLE backtest_equity (
        backtest_id text NOT NULL PRIMARY KEY,
        points integer NOT NULL CHECK (points >= 0),
        time_values bytea NOT NULL CHECK (octet_length(time_values) = 8 * points),
        equity_values bytea NOT NULL CHECK (octet_length(equity_values) = 8 * points)
      );
    `,
  },
];

/** A row of the migrations table. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
}

/**
 * The migrations a database still needs, in order. Refuses a database that records a version
 * this build does not know (written by a newer tenure: running on would corrupt it) or a name
 * that differs from ours (the history diverged).
 */
export function pendingMigrations(database: string, applied: readonly AppliedMigration[], known: readonly Migration[] = MIGRATIONS): Migration[] {
  const byVersion = new Map(known.map((migration) => [migration.version, migration]));
  for (const row of applied) {
    const ours = byVersion.get(row.version);
    if (ours === undefined) {
      const newest = known.at(-1)?.version ?? 0;
      throw new StoreMigrationError(database, `schema version ${row.version} is newer than this build knows (up to ${newest}); upgrade tenure instead of running an older one against it`);
    }
    if (ours.name !== row.name) {
      throw new StoreMigrationError(database, `migration ${row.version} is recorded as "${row.name}" but this build calls it "${ours.name}"; the schema history diverged`);
    }
  }
  const done = new Set(applied.map((row) => row.version));
  return known.filter((migration) => !done.has(migration.version));
}
