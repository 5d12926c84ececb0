/** Everything one EOD run needs to know, resolved by the CLI (flags, environment, defaults). */
export interface EodOptions {
  /** A portfolio file (.csv or .json), or `db:<portfolio id>` to load it from the database. */
  readonly portfolio: string;
  /** The Treasury par-yield CSV with the effective date's row. */
  readonly market: string;
  /** The business date to value, YYYY-MM-DD. */
  readonly effectiveDate: string;
  /** The directory of prepayment model files. */
  readonly models: string;
  /** Results database: a SQLite path or `postgres://…` URL; undefined for the default file. */
  readonly database: string | undefined;
  /** PostgreSQL only: keep the tables in this schema (several environments in one database). */
  readonly databaseSchema?: string;
  /** A run id to use; by default one is derived from the date and the inputs' hashes. */
  readonly runId?: string;
  /** Where the CSV and HTML reports go; by default `.tenure/reports/<run id>`. */
  readonly reportDir?: string;
  /** Re-value even when this run id already succeeded (its results are replaced). */
  readonly force?: boolean;
}

/** The results database when neither --database nor DATABASE_URL says otherwise (as in the app config). */
export const DEFAULT_EOD_DATABASE = '.tenure/results.db';
/** Reports go to <this>/<run id> unless --report-dir says otherwise. */
export const DEFAULT_REPORTS_DIR = '.tenure/reports';

/** A portfolio reference that names a portfolio saved in the results database. */
export const DATABASE_PORTFOLIO_PREFIX = 'db:';
