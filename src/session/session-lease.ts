import type { DefaultLifetime, Scope } from '../lifetime/index.js';
import type { LiveSession } from './live-session.js';
import { LeaseReleasedError, SessionExpiredError } from './session-errors.js';

/**
 * Permission to use a session's state for a while. While any lease is held the session
 * cannot expire; releasing the last one restarts its idle clock. Release it exactly when the
 * work is done: `using lease = manager.lease(id, token)` or `await using` does that.
 *
 * After `release()`, `state` and `scope` throw {@link LeaseReleasedError}, and the lease holds
 * nothing of the session. If the session ends while the lease is held (closed explicitly or at
 * shutdown), they throw {@link SessionExpiredError}: the scope was closed under the lease.
 */
export interface Lease<S> extends AsyncDisposable, Disposable {
  readonly id: string;
  readonly state: S;
  /** The session scope: open child 'iteration' scopes here for per-run objects. */
  readonly scope: Scope<DefaultLifetime>;
  /** Whether `release()` has been called. */
  readonly released: boolean;
  /** Ends the lease. Idempotent. */
  release(): void;
}

/** The one implementation of {@link Lease}, handed out by the session manager. */
export class SessionLease<S> implements Lease<S> {
  readonly id: string;
  #session: LiveSession<S> | undefined;
  #onRelease: ((session: LiveSession<S>) => void) | undefined;

  constructor(session: LiveSession<S>, onRelease: (session: LiveSession<S>) => void) {
    this.id = session.id;
    this.#session = session;
    this.#onRelease = onRelease;
  }

  /** Whether `release()` has been called. */
  get released(): boolean {
    return this.#session === undefined;
  }

  get state(): S {
    const held = this.#open('state').held;
    // #open has checked that the session has not ended, and only ending drops `held`.
    return held!.state;
  }

  get scope(): Scope<DefaultLifetime> {
    return this.#open('scope').scope;
  }

  release(): void {
    const session = this.#session;
    const onRelease = this.#onRelease;
    this.#session = undefined;
    this.#onRelease = undefined;
    if (session !== undefined && onRelease !== undefined) onRelease(session);
  }

  [Symbol.dispose](): void {
    this.release();
  }

  [Symbol.asyncDispose](): Promise<void> {
    this.release();
    return Promise.resolve();
  }

  #open(property: string): LiveSession<S> {
    const session = this.#session;
    if (session === undefined) throw new LeaseReleasedError(this.id, property);
    if (session.ended !== undefined) throw new SessionExpiredError(this.id, session.ended.reason, session.ended.endedAt);
    return session;
  }
}
