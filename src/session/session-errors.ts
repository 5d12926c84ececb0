import { TenureError } from '../errors/tenure-error.js';

/**
 * The typed errors of the session runtime. A server maps each `code` to a 4xx body; the
 * messages never say whether an id exists unless the caller proved they own it (the token).
 */

/** Why a session ended: idle too long, closed on request (or at shutdown), or evicted to make room. */
export type SessionEndReason = 'expired' | 'closed' | 'evicted';

/**
 * No session with this id and token. Raised for an unknown id and for a known id with the
 * wrong token alike, with the same message, so a caller cannot probe which ids exist.
 */
export class SessionNotFoundError extends TenureError {
  readonly code = 'SESSION_NOT_FOUND';

  constructor(readonly sessionId: string) {
    super(`session '${sessionId}' not found: the id is unknown or the token does not match`);
  }
}

/**
 * The session existed and the caller holds its token, but it has ended. Returned instead of
 * silently opening a new session, so a client knows its earlier work is gone and why.
 */
export class SessionExpiredError extends TenureError {
  readonly code = 'SESSION_EXPIRED';

  constructor(
    readonly sessionId: string,
    readonly reason: SessionEndReason,
    /** When it ended, on the manager's clock (monotonic milliseconds). */
    readonly endedAt: number,
  ) {
    super(`session '${sessionId}' has ended (${describeReason(reason)}) at ${endedAt} ms; create a new session`);
  }
}

/** A new session would exceed `maxSessions` or the memory budget. */
export class SessionLimitError extends TenureError {
  readonly code = 'SESSION_LIMIT';
}

/** A SessionManager option is not what it must be. */
export class SessionOptionError extends TenureError {
  readonly code = 'SESSION_OPTION_INVALID';

  constructor(
    readonly option: string,
    readonly expected: string,
    readonly actual: unknown,
  ) {
    super(`SessionManager: option ${option} must be ${expected}; got ${describeValue(actual)}`);
  }
}

/** The manager has been disposed (shut down) and accepts no more work. */
export class SessionManagerClosedError extends TenureError {
  readonly code = 'SESSION_MANAGER_CLOSED';

  constructor(readonly attempted: string) {
    super(`cannot ${attempted}: the session manager has shut down`);
  }
}

/** A lease was used after `release()`: it no longer gives access to the session. */
export class LeaseReleasedError extends TenureError {
  readonly code = 'SESSION_LEASE_RELEASED';

  constructor(
    readonly sessionId: string,
    readonly property: string,
  ) {
    super(`cannot read ${property} of a lease on session '${sessionId}': the lease was released; take a new lease`);
  }
}

/** One session whose scope failed to close cleanly at shutdown. */
export interface SessionCloseFailure {
  readonly sessionId: string;
  readonly error: unknown;
}

/** Shutdown closed every session, and at least one session scope reported a failed disposer. */
export class SessionShutdownError extends TenureError {
  readonly code = 'SESSION_SHUTDOWN_FAILED';
  readonly errors: readonly unknown[];

  constructor(readonly failures: readonly SessionCloseFailure[]) {
    const lines = failures.map((failure) => `  - session '${failure.sessionId}': ${describeCause(failure.error)}`);
    super(
      `session manager shutdown: ${failures.length} session${failures.length === 1 ? '' : 's'} did not close cleanly (all others did)\n${lines.join('\n')}`,
      { cause: failures[0]?.error },
    );
    this.errors = failures.map((failure) => failure.error);
  }
}

function describeReason(reason: SessionEndReason): string {
  switch (reason) {
    case 'expired':
      return 'idle for longer than the idle timeout';
    case 'closed':
      return 'closed';
    case 'evicted':
      return 'evicted to make room for a new session';
  }
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function describeValue(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return Object.prototype.toString.call(value);
}
