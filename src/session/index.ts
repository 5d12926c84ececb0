/**
 * The session runtime: interactive sessions that each hold an opaque state in their own
 * 'session' scope, expire when idle and are bounded in count and memory; and the delta
 * tracker, which decides whether an iteration inside a session can be incremental.
 */
export {
  SessionManager,
  type CreatedSession,
  type SessionInfo,
  type SessionManagerOptions,
} from './session-manager.js';
export { SessionLease, type Lease } from './session-lease.js';
export {
  LeaseReleasedError,
  SessionExpiredError,
  SessionLimitError,
  SessionManagerClosedError,
  SessionNotFoundError,
  SessionOptionError,
  SessionShutdownError,
  type SessionCloseFailure,
  type SessionEndReason,
} from './session-errors.js';
export { fingerprint, fingerprintAt, FingerprintError, type Fingerprint } from './fingerprint.js';
export {
  DeltaCommitError,
  DeltaTracker,
  type DeltaDecision,
  type DeltaIteration,
  type DeltaTrackerOptions,
  type ExecutionType,
} from './delta-tracker.js';
