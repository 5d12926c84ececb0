/**
 * Which job failures a retry could cure. A worker retries what may pass next time (the
 * database was unreachable, a connection dropped, the process ran out of memory) and fails at
 * once what never will (a malformed file, a run that already failed, inputs that changed):
 * retrying those only delays the coordinator's verdict by the backoff.
 */
import { UnrecoverableError } from 'bullmq';
import { TenureError } from '../errors/tenure-error.js';

/** Codes of tenure errors that a retry cannot cure, besides bad input (BAD_…, …_INVALID, CONFIG_…). */
const PERMANENT_CODES = new Set(['RUN_NOT_FOUND', 'RUN_STATE_CONFLICT', 'EOD_INPUTS_CHANGED', 'PORTFOLIO_NOT_FOUND', 'NO_RESULTS_DATABASE']);

export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof UnrecoverableError) return true;
  if (!(error instanceof TenureError)) return false;
  const { code } = error;
  return code.startsWith('BAD_') || code.endsWith('_INVALID') || code.startsWith('CONFIG_') || PERMANENT_CODES.has(code);
}

/** The error as BullMQ should see it: permanent ones as UnrecoverableError (no more attempts), others as they are. */
export function asJobFailure(error: unknown): Error {
  if (error instanceof UnrecoverableError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isPermanentFailure(error)) return new UnrecoverableError(message);
  return error instanceof Error ? error : new Error(message);
}
