import { TenureError } from '../errors/tenure-error.js';

/** The database URL is neither a file path, a `sqlite:` URL nor a `postgres://` URL. */
export class StoreUrlError extends TenureError {
  readonly code = 'STORE_URL_INVALID';

  /** `url` must already be redacted: this message is logged. */
  constructor(readonly url: string, problem: string) {
    super(`Results database URL ${url}: ${problem}`);
  }
}

/**
 * PostgreSQL could not be reached or refused the connection. Names host, port, database and
 * user, so the operator knows which setting to fix; never the password.
 */
export class StoreUnreachableError extends TenureError {
  readonly code = 'STORE_UNREACHABLE';

  constructor(readonly target: string, reason: string, options?: ErrorOptions) {
    super(`Cannot connect to the results database ${target}: ${reason}`, options);
  }
}

/** The SQLite file cannot be created, opened or written. */
export class StoreFileError extends TenureError {
  readonly code = 'STORE_FILE_UNWRITABLE';

  constructor(readonly path: string, reason: string, options?: ErrorOptions) {
    super(`Cannot use ${path} as the SQLite results database: ${reason}`, options);
  }
}

/** The schema could not be brought up to date, or it is newer than this build understands. */
export class StoreMigrationError extends TenureError {
  readonly code = 'STORE_MIGRATION_FAILED';

  constructor(readonly database: string, problem: string, options?: ErrorOptions) {
    super(`Results database ${database}: ${problem}`, options);
  }
}

/**
 * An argument to a store operation is malformed: a missing run id, a date that is not
 * YYYY-MM-DD, a duplicated position, a measure that is not a finite number. `field` is the
 * path of the offending value, e.g. `results[12].dv01` or `audit.startedAt`.
 */
export class StoreInputError extends TenureError {
  readonly code = 'STORE_INPUT_INVALID';

  constructor(readonly operation: string, readonly field: string, problem: string) {
    super(`${operation}: ${field} ${problem}`);
  }
}

/** A run id the operation needs is not in the database. */
export class RunNotFoundError extends TenureError {
  readonly code = 'RUN_NOT_FOUND';

  constructor(readonly runId: string, operation: string) {
    super(`${operation}: no run "${runId}" in the results database (was recordRunStart called?)`);
  }
}

/** The operation would overwrite something a finished run must keep (e.g. failing a succeeded run). */
export class RunStateError extends TenureError {
  readonly code = 'RUN_STATE_CONFLICT';

  constructor(readonly runId: string, problem: string) {
    super(`Run "${runId}": ${problem}`);
  }
}

/**
 * The database rejected a run's commit. The transaction was rolled back, so neither the results
 * nor the succeeded status were written and every other run is as it was.
 */
export class ResultsCommitError extends TenureError {
  readonly code = 'STORE_COMMIT_FAILED';

  constructor(readonly runId: string, resultCount: number, reason: string, options?: ErrorOptions) {
    super(`Could not commit run "${runId}" (${resultCount} results); nothing was written: ${reason}`, options);
  }
}

/**
 * A run's results, written partition by partition (upsertResults), do not match its portfolio:
 * some positions have no result, or results exist for positions the run does not hold. The run
 * was left as it was (running), for the caller to fail with this message.
 */
export class ResultsIncompleteError extends TenureError {
  readonly code = 'RESULTS_INCOMPLETE';

  constructor(readonly runId: string, readonly missing: readonly string[], readonly unexpected: readonly string[], expected: number) {
    super(`Run "${runId}" cannot be completed: ${describeIds('no result for', missing)}${missing.length > 0 && unexpected.length > 0 ? '; ' : ''}${describeIds('results for positions it does not hold:', unexpected)} (expected exactly one result for each of ${expected} positions)`);
  }
}

function describeIds(label: string, ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, 5).map((id) => JSON.stringify(id)).join(', ');
  return `${label} ${ids.length} position${ids.length === 1 ? '' : 's'} (${shown}${ids.length > 5 ? ', …' : ''})`;
}

/** `loadPortfolio` was asked for a portfolio that was never saved. */
export class PortfolioNotFoundError extends TenureError {
  readonly code = 'PORTFOLIO_NOT_FOUND';

  constructor(readonly portfolioId: string) {
    super(`No portfolio "${portfolioId}" in the results database (save it first with savePortfolio)`);
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends TenureError {
  readonly code = 'STORE_CLOSED';

  constructor(readonly location: string, operation: string) {
    super(`${operation}: the results database ${location} has been closed`);
  }
}

/** The message of anything thrown, for wrapping it in one of the errors above. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
