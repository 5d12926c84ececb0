import { type Clock, systemClock } from '../clock/index.js';
import type { DefaultLifetime, Scope } from '../lifetime/index.js';
import type { LiveSession } from './live-session.js';
import { DECOY_DIGEST, digestsMatch, digestToken, newSessionId, newSessionToken } from './session-credentials.js';
import {
  type SessionCloseFailure,
  type SessionEndReason,
  SessionExpiredError,
  SessionLimitError,
  SessionManagerClosedError,
  SessionNotFoundError,
  SessionOptionError,
  SessionShutdownError,
} from './session-errors.js';
import { type Lease, SessionLease } from './session-lease.js';
import { SessionTombstones } from './session-tombstones.js';

const DEFAULT_IDLE_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_SWEEP_INTERVAL_MS = 30_000;
const DEFAULT_MAX_SESSIONS = 100;
const DEFAULT_TOMBSTONE_TTL_MS = 24 * 60 * 60_000;
const DEFAULT_MAX_TOMBSTONES = 10_000;

export interface SessionManagerOptions<S, I> {
  /** The app scope: each session gets a child 'session' scope of it. */
  readonly root: Scope<DefaultLifetime>;
  /** Default: systemClock (monotonic ms). Every time in SessionInfo and the errors is on this clock. */
  readonly clock?: Clock;
  /** How long a session may sit unleased before it expires. Default 30 minutes. */
  readonly idleTimeoutMs?: number;
  /** How often the background sweeper expires idle sessions. Default 30 s; `sweep()` can also be called directly. */
  readonly sweepIntervalMs?: number;
  /** Open sessions (and creations under way) allowed at once. Default 100. */
  readonly maxSessions?: number;
  /**
   * Bound on the sum of `sizeOf(state)` over open sessions. Default Infinity. A creation that
   * would exceed it first evicts idle sessions, least recently used first (never leased ones),
   * and fails with SessionLimitError if even that cannot make room.
   */
  readonly memoryBudgetBytes?: number;
  /** Estimated bytes held by a state; measured at creation and whenever the last lease is released. Default () => 0. */
  readonly sizeOf?: (state: S) => number;
  /** Builds a session's state inside its session scope (`scope.own(...)` what must be disposed). */
  readonly create: (init: I, scope: Scope<DefaultLifetime>) => Promise<S>;
  /** How long the tombstone of an ended session is kept. Default 24 h. */
  readonly tombstoneTtlMs?: number;
  /** How many tombstones are kept at most; the oldest are dropped first. Default 10,000. */
  readonly maxTombstones?: number;
  /**
   * Told of failures nobody is waiting on: a session ended in the background (idle expiry,
   * eviction, a failed creation) whose scope did not close cleanly, or a `sizeOf` that threw
   * when a lease was released. Default: a process warning.
   */
  readonly onBackgroundError?: (error: unknown, sessionId: string) => void;
}

/** What a client or an admin may see of a session. Times are on the manager's clock. */
export interface SessionInfo {
  readonly id: string;
  readonly createdAt: number;
  /** Start of the current idle period: the last time a lease was taken or released. */
  readonly lastActivity: number;
  /** Leases held now. */
  readonly leases: number;
  /** When the session expires if left alone; Infinity while a lease is held (JSON shows it as null). */
  readonly expiresAt: number;
  readonly sizeBytes: number;
}

/** What `create` returns: the token is shown once and kept only as a digest. */
export interface CreatedSession {
  readonly id: string;
  readonly token: string;
  readonly info: SessionInfo;
}

/**
 * Holds interactive sessions: each one an opaque state S built inside its own 'session' scope,
 * which is closed (disposing everything the state owns, in reverse order) when the session is
 * closed, expires after `idleTimeoutMs` without a lease, is evicted to respect the memory
 * budget, or when the manager shuts down. An ended session leaves a tombstone so its owner is
 * told it ended instead of silently getting a new one.
 *
 * Expiry is checked on every access as well as by the sweeper, so a session is never served
 * after its idle time has run out, however late the next sweep is.
 *
 * Shutdown (`await using` or `[Symbol.asyncDispose]()`) does not wait for leases: it closes
 * every session scope at once. Work still holding a lease then finds its scope closed
 * (`lease.state` throws SessionExpiredError); stop that work before shutting down.
 */
export class SessionManager<S, I> implements AsyncDisposable {
  readonly #root: Scope<DefaultLifetime>;
  readonly #clock: Clock;
  readonly #idleTimeoutMs: number;
  readonly #maxSessions: number;
  readonly #memoryBudgetBytes: number;
  readonly #sizeOf: (state: S) => number;
  readonly #createState: (init: I, scope: Scope<DefaultLifetime>) => Promise<S>;
  readonly #onBackgroundError: (error: unknown, sessionId: string) => void;
  /** Open sessions in least-recently-used order: activity moves a session to the end. */
  readonly #sessions = new Map<string, LiveSession<S>>();
  readonly #tombstones: SessionTombstones;
  /** Closes under way, so shutdown can wait for them. */
  readonly #pendingCloses = new Set<Promise<unknown>>();
  /** Creations under way, so shutdown can wait for them. */
  readonly #pendingCreations = new Set<Promise<unknown>>();
  readonly #release = (session: LiveSession<S>): void => { this.#endLease(session); };
  #reservedSlots = 0;
  #bytes = 0;
  #sweeper: ReturnType<typeof setInterval> | undefined;
  #shutdown: Promise<void> | undefined;

  constructor(options: SessionManagerOptions<S, I>) {
    const root = options.root;
    if (root.state !== 'open') throw new SessionOptionError('root', 'an open scope', `a ${root.state} scope (${root.path})`);
    const sessionParent = root.lifetimes.has('session') ? root.lifetimes.parentOf('session') : undefined;
    if (sessionParent !== root.lifetime) {
      throw new SessionOptionError('root', `a scope of the lifetime 'session' nests in ('${String(sessionParent)}')`, `scope ${root.path}`);
    }
    if (typeof options.create !== 'function') throw new SessionOptionError('create', 'a function', options.create);
    this.#root = root;
    this.#clock = options.clock ?? systemClock;
    this.#idleTimeoutMs = positive('idleTimeoutMs', options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
    const sweepIntervalMs = positive('sweepIntervalMs', options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
    this.#maxSessions = positiveInteger('maxSessions', options.maxSessions ?? DEFAULT_MAX_SESSIONS);
    const budget = options.memoryBudgetBytes ?? Number.POSITIVE_INFINITY;
    if (!(budget > 0)) throw new SessionOptionError('memoryBudgetBytes', 'a positive number of bytes (or Infinity)', budget);
    this.#memoryBudgetBytes = budget;
    this.#sizeOf = options.sizeOf ?? (() => 0);
    this.#createState = options.create;
    this.#onBackgroundError = options.onBackgroundError ?? warnBackgroundError;
    const tombstoneTtlMs = options.tombstoneTtlMs ?? DEFAULT_TOMBSTONE_TTL_MS;
    if (!(tombstoneTtlMs >= 0)) throw new SessionOptionError('tombstoneTtlMs', 'a non-negative number of milliseconds', tombstoneTtlMs);
    this.#tombstones = new SessionTombstones(tombstoneTtlMs, positiveInteger('maxTombstones', options.maxTombstones ?? DEFAULT_MAX_TOMBSTONES));

    // unref'd: an idle manager must not keep the process alive; shutdown clears it.
    this.#sweeper = setInterval(() => void this.sweep(), sweepIntervalMs);
    this.#sweeper.unref();
  }

  /** Open sessions, including any whose idle time has run out but that no sweep or access has ended yet. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Sum of the last measured `sizeOf` of the open sessions. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Tombstones currently kept. */
  get tombstones(): number {
    return this.#tombstones.size;
  }

  /**
   * Builds a session: opens its scope, runs `create` in it, and registers it. If `create`
   * throws, the scope is closed and nothing is registered. Rejects with SessionLimitError
   * when `maxSessions` sessions are open or being created, or when the memory budget cannot
   * be met even by evicting every idle session.
   */
  create(init: I): Promise<CreatedSession> {
    if (this.#shutdown !== undefined) return Promise.reject(new SessionManagerClosedError('create a session'));
    const creation = this.#create(init);
    this.#pendingCreations.add(creation);
    const forget = (): void => { this.#pendingCreations.delete(creation); };
    creation.then(forget, forget);
    return creation;
  }

  /**
   * Takes a lease on a session: counts as activity, and the session cannot expire until every
   * lease on it is released. Throws SessionNotFoundError for an unknown id or a wrong token
   * and SessionExpiredError for a session that has ended.
   */
  lease(id: string, token: string): Lease<S> {
    this.#assertRunning('lease a session');
    const session = this.#authenticate(id, token);
    session.leases++;
    this.#touch(session);
    return new SessionLease(session, this.#release);
  }

  /** A session's info. Reading it is not activity: it does not postpone expiry. */
  info(id: string, token: string): SessionInfo {
    this.#assertRunning('read a session');
    return this.#info(this.#authenticate(id, token));
  }

  /**
   * Closes a session now, even if leases are held (their holders find the scope closed), and
   * leaves a tombstone with reason 'closed'. Rejects with the scope's ScopeDisposalError if a
   * disposer failed; the session is closed and tombstoned either way.
   */
  async close(id: string, token: string): Promise<void> {
    this.#assertRunning('close a session');
    const session = this.#authenticate(id, token);
    await this.#end(session, 'closed', this.#clock.now());
  }

  /** Every open session, least recently used first: for admins. */
  list(): SessionInfo[] {
    this.#assertRunning('list sessions');
    void this.#expireDue();
    return [...this.#sessions.values()].map((session) => this.#info(session));
  }

  /**
   * Expires every unleased session whose idle time has run out, waits for their scopes to
   * close, and returns how many it expired. Close failures go to `onBackgroundError`; it never
   * rejects. After shutdown it does nothing.
   */
  async sweep(): Promise<number> {
    if (this.#shutdown !== undefined) return 0;
    const closes = this.#expireDue();
    await Promise.all(closes);
    return closes.length;
  }

  /** Graceful shutdown: stops the sweeper and closes every session scope, newest first. Idempotent. */
  [Symbol.asyncDispose](): Promise<void> {
    this.#shutdown ??= this.#shutDown();
    return this.#shutdown;
  }

  async #shutDown(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    // A creation under way registers nothing once shutdown has begun, and closes its own scope.
    await Promise.allSettled([...this.#pendingCreations]);
    const failures: SessionCloseFailure[] = [];
    for (const session of [...this.#sessions.values()].sort((a, b) => b.createdAt - a.createdAt)) {
      try {
        await this.#end(session, 'closed', this.#clock.now());
      } catch (error) {
        failures.push({ sessionId: session.id, error });
      }
    }
    await Promise.allSettled([...this.#pendingCloses]);
    this.#tombstones.clear();
    if (failures.length > 0) throw new SessionShutdownError(failures);
  }

  async #create(init: I): Promise<CreatedSession> {
    void this.#expireDue();
    if (this.#sessions.size + this.#reservedSlots >= this.#maxSessions) {
      throw new SessionLimitError(
        `cannot create a session: ${this.#sessions.size} sessions are open and ${this.#reservedSlots} being created, ` +
          `the limit is ${this.#maxSessions} (maxSessions); close a session or wait for one to expire`,
      );
    }

    this.#reservedSlots++;
    let reserved = true;
    const unreserve = (): void => {
      if (reserved) this.#reservedSlots--;
      reserved = false;
    };
    try {
      const id = this.#freshId();
      const scope = this.#root.child('session', { name: id });
      let state: S;
      let sizeBytes: number;
      try {
        state = await this.#createState(init, scope);
        sizeBytes = this.#measure(state, id);
        if (this.#shutdown !== undefined) throw new SessionManagerClosedError('create a session');
      } catch (error) {
        await this.#closeQuietly(scope, id);
        throw error;
      }

      const victims = this.#victimsToFit(sizeBytes);
      if (victims === undefined) {
        await this.#closeQuietly(scope, id);
        throw new SessionLimitError(
          `cannot create a session: it needs ${sizeBytes} bytes, ${this.#bytes} of the ${this.#memoryBudgetBytes}-byte budget ` +
            `(memoryBudgetBytes) are in use, and evicting every idle session would not free enough`,
        );
      }
      const evictions = victims.map((victim) => this.#endInBackground(victim, 'evicted', this.#clock.now()));

      const token = newSessionToken();
      const registeredAt = this.#clock.now();
      const session: LiveSession<S> = {
        id,
        tokenDigest: digestToken(token),
        scope,
        held: { state },
        createdAt: registeredAt,
        lastActivity: registeredAt,
        leases: 0,
        sizeBytes,
        ended: undefined,
      };
      unreserve();
      this.#sessions.set(id, session);
      this.#bytes += sizeBytes;
      // Wait until what was evicted is really released, so the budget holds in memory too.
      await Promise.all(evictions);
      return { id, token, info: this.#info(session) };
    } finally {
      unreserve();
    }
  }

  /** Checks id and token, expiring the session first if its idle time has run out. */
  #authenticate(id: string, token: string): LiveSession<S> {
    const given = digestToken(token);
    const now = this.#clock.now();
    const session = typeof id === 'string' ? this.#sessions.get(id) : undefined;
    if (session !== undefined) {
      if (!digestsMatch(session.tokenDigest, given)) throw new SessionNotFoundError(id);
      const deadline = this.#deadline(session);
      if (now >= deadline) {
        void this.#endInBackground(session, 'expired', deadline);
        throw new SessionExpiredError(id, 'expired', deadline);
      }
      return session;
    }
    const tombstone = typeof id === 'string' ? this.#tombstones.find(id, now) : undefined;
    if (tombstone !== undefined && digestsMatch(tombstone.tokenDigest, given)) {
      throw new SessionExpiredError(id, tombstone.reason, tombstone.endedAt);
    }
    // Same work as a wrong token, so timing does not tell whether the id exists.
    digestsMatch(DECOY_DIGEST, given);
    throw new SessionNotFoundError(typeof id === 'string' ? id : '(not a string)');
  }

  /** When the session expires if nothing happens: never while leased. */
  #deadline(session: LiveSession<S>): number {
    return session.leases > 0 ? Number.POSITIVE_INFINITY : session.lastActivity + this.#idleTimeoutMs;
  }

  #touch(session: LiveSession<S>): void {
    session.lastActivity = this.#clock.now();
    this.#sessions.delete(session.id);
    this.#sessions.set(session.id, session);
  }

  #endLease(session: LiveSession<S>): void {
    if (session.ended !== undefined) return;
    session.leases--;
    this.#touch(session);
    if (session.leases === 0 && session.held !== undefined) {
      // The state may have grown during the work the lease covered.
      try {
        const sizeBytes = this.#measure(session.held.state, session.id);
        this.#bytes += sizeBytes - session.sizeBytes;
        session.sizeBytes = sizeBytes;
      } catch (error) {
        this.#onBackgroundError(error, session.id);
      }
    }
  }

  /** Starts expiring every due session; returns their closes (which never reject). */
  #expireDue(): Promise<void>[] {
    const now = this.#clock.now();
    this.#tombstones.prune(now);
    const closes: Promise<void>[] = [];
    for (const session of [...this.#sessions.values()]) {
      const deadline = this.#deadline(session);
      if (now >= deadline) closes.push(this.#endInBackground(session, 'expired', deadline));
    }
    return closes;
  }

  /**
   * The idle sessions to evict, least recently used first, so that a state of `sizeBytes`
   * fits the budget; empty if it fits already, undefined if even evicting them all is not enough.
   */
  #victimsToFit(sizeBytes: number): LiveSession<S>[] | undefined {
    let excess = this.#bytes + sizeBytes - this.#memoryBudgetBytes;
    if (excess <= 0) return [];
    const victims: LiveSession<S>[] = [];
    for (const session of this.#sessions.values()) {
      if (session.leases > 0) continue;
      victims.push(session);
      excess -= session.sizeBytes;
      if (excess <= 0) return victims;
    }
    return undefined;
  }

  /**
   * Ends a session: unregisters it, drops the manager's hold on its state, tombstones it, and
   * closes its scope. Everything but the close happens before the first await, so no caller
   * can see a session that is half ended.
   */
  #end(session: LiveSession<S>, reason: SessionEndReason, endedAt: number): Promise<void> {
    if (this.#sessions.get(session.id) === session) {
      this.#sessions.delete(session.id);
      this.#bytes -= session.sizeBytes;
    }
    session.ended ??= { reason, endedAt };
    session.held = undefined;
    this.#tombstones.record(session.id, {
      tokenDigest: session.tokenDigest,
      reason: session.ended.reason,
      endedAt: session.ended.endedAt,
      recordedAt: this.#clock.now(),
    });
    const closing = session.scope.close();
    this.#pendingCloses.add(closing);
    const forget = (): void => { this.#pendingCloses.delete(closing); };
    closing.then(forget, forget);
    return closing;
  }

  /** Ends a session nobody is waiting on: close failures go to `onBackgroundError`. */
  #endInBackground(session: LiveSession<S>, reason: SessionEndReason, endedAt: number): Promise<void> {
    return this.#end(session, reason, endedAt).catch((error: unknown) => { this.#onBackgroundError(error, session.id); });
  }

  async #closeQuietly(scope: Scope<DefaultLifetime>, id: string): Promise<void> {
    try {
      await scope.close();
    } catch (error) {
      this.#onBackgroundError(error, id);
    }
  }

  #measure(state: S, id: string): number {
    const size = this.#sizeOf(state);
    if (typeof size !== 'number' || !(size >= 0) || size === Number.POSITIVE_INFINITY) {
      throw new SessionOptionError('sizeOf', `a finite non-negative number of bytes (for session '${id}')`, size);
    }
    return size;
  }

  #freshId(): string {
    let id = newSessionId();
    // 128 random bits do not collide in practice; the loop makes it a certainty.
    while (this.#sessions.has(id) || this.#tombstones.has(id)) id = newSessionId();
    return id;
  }

  #info(session: LiveSession<S>): SessionInfo {
    return {
      id: session.id,
      createdAt: session.createdAt,
      lastActivity: session.lastActivity,
      leases: session.leases,
      expiresAt: this.#deadline(session),
      sizeBytes: session.sizeBytes,
    };
  }

  #assertRunning(attempted: string): void {
    if (this.#shutdown !== undefined) throw new SessionManagerClosedError(attempted);
  }
}

function positive(option: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new SessionOptionError(option, 'a positive, finite number of milliseconds', value);
  }
  return value;
}

function positiveInteger(option: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new SessionOptionError(option, 'a positive integer', value);
  return value;
}

function warnBackgroundError(error: unknown, sessionId: string): void {
  const detail = error instanceof Error ? error.message : String(error);
  process.emitWarning(`session '${sessionId}': ${detail}`, { type: 'SessionWarning' });
}
