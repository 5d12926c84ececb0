import type { DefaultLifetime, Scope } from '../lifetime/index.js';
import type { SessionEndReason } from './session-errors.js';

/**
 * The manager's record of one open session. Internal: callers see `SessionInfo` and `Lease`.
 * When the session ends, `state` is dropped and `ended` is set, so a lease the caller forgot
 * to release cannot keep the state reachable through this record.
 */
export interface LiveSession<S> {
  readonly id: string;
  readonly tokenDigest: Buffer;
  readonly scope: Scope<DefaultLifetime>;
  /** Present while the session is open (a box, because S itself may include undefined). */
  held: { readonly state: S } | undefined;
  readonly createdAt: number;
  /** Start of the current idle period: the last lease taken or released. */
  lastActivity: number;
  leases: number;
  sizeBytes: number;
  ended: { readonly reason: SessionEndReason; readonly endedAt: number } | undefined;
}
