/**
 * Why a backtest write was refused. Malformed arguments are StoreInputError (code
 * STORE_INPUT_INVALID), as for every other store operation; these are about the backtest's state.
 */
import { TenureError } from '../errors/tenure-error.js';
import type { BacktestStatus } from './backtest-record.js';

/** `recordBacktestSubmitted` with an id the database already has: ids are never reused. */
export class BacktestIdTakenError extends TenureError {
  readonly code = 'BACKTEST_ID_TAKEN';

  constructor(readonly backtestId: string, readonly existingStatus: BacktestStatus) {
    super(`recordBacktestSubmitted: backtest id "${backtestId}" is already in the results database (status ${existingStatus}); every submission needs a new id`);
  }
}

/** A backtest id the operation needs is not in the database. */
export class BacktestNotFoundError extends TenureError {
  readonly code = 'BACKTEST_NOT_FOUND';

  constructor(readonly backtestId: string, operation: string) {
    super(`${operation}: no backtest "${backtestId}" in the results database (was recordBacktestSubmitted called?)`);
  }
}

/** Completing or failing a backtest that already finished: a finished backtest is never rewritten. */
export class BacktestStateError extends TenureError {
  readonly code = 'BACKTEST_STATE_CONFLICT';

  constructor(readonly backtestId: string, readonly status: BacktestStatus, operation: string) {
    super(`${operation}: backtest "${backtestId}" already ${status}; only a running backtest can be completed or failed`);
  }
}

/** The database rejected a backtest's results. The transaction was rolled back: the backtest is still running, with nothing written. */
export class BacktestCommitError extends TenureError {
  readonly code = 'STORE_COMMIT_FAILED';

  constructor(readonly backtestId: string, reason: string, options?: ErrorOptions) {
    super(`Could not store the results of backtest "${backtestId}"; nothing was written: ${reason}`, options);
  }
}
