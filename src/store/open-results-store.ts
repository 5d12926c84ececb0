import { openPostgresResultsStore, type PostgresStoreOptions } from './postgres-results-store.js';
import type { ResultsStore } from './results-store.js';
import { openSqliteResultsStore, type SqliteStoreOptions } from './sqlite-results-store.js';
import { resolveStoreLocation } from './store-location.js';

/** Where results go when no database URL is configured. */
export const DEFAULT_RESULTS_PATH = 'tenure-results.sqlite';

export interface OpenResultsStoreOptions extends SqliteStoreOptions, PostgresStoreOptions {
  /** The SQLite file used when no URL is given (default `tenure-results.sqlite`, relative to the working directory). */
  readonly defaultSqlitePath?: string;
}

/**
 * Opens the results database the URL names, with its schema brought up to date: none, a file
 * path or a `sqlite:` URL → a SQLite file; `postgres://` or `postgresql://` → PostgreSQL.
 * Options that concern the other engine are ignored. Fails with `StoreUrlError`,
 * `StoreFileError` (naming the path), `StoreUnreachableError` (naming host and port, never
 * the password) or `StoreMigrationError`.
 */
export async function openResultsStore(url: string | undefined, options: OpenResultsStoreOptions = {}): Promise<ResultsStore> {
  const location = resolveStoreLocation(url, options.defaultSqlitePath ?? DEFAULT_RESULTS_PATH);
  if (location.dialect === 'postgres') return openPostgresResultsStore(location, options);
  return openSqliteResultsStore(location.path, options);
}
