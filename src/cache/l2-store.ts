/**
 * A second-level cache tier below a process's in-memory cache: bytes by key with an absolute
 * expiry, shared by more than one cache (several caches in a process, or several processes
 * through a server). Every operation may fail or hang when the tier is remote; the tiered cache
 * bounds each call by a timeout and treats a failure as a miss, so a store need not retry.
 */
export interface L2Entry {
  readonly bytes: Uint8Array;
  /** Wall-clock epoch milliseconds at which the entry expires; Infinity if it does not. */
  readonly expiresAt: number;
}

/** Receives the keys another cache invalidated, as published by `publish`. */
export type InvalidationListener = (message: string) => void;

/** A live subscription to a namespace's invalidations. */
export interface InvalidationSubscription {
  /** Settles once the store is delivering messages; rejects when it cannot (yet) subscribe. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface L2Store {
  /** For statistics and diagnostics, e.g. "memory" or "redis://host:6379". */
  readonly name: string;
  get(key: string): Promise<L2Entry | undefined>;
  /** Stores `bytes` for `ttlMs` milliseconds (> 0) from now, replacing any earlier entry. */
  set(key: string, bytes: Uint8Array, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Takes a short lock on `key` for `ttlMs` if nobody holds it: true when taken. Lets one of
   * many processes load a cold key while the others wait for its value. Optional: a store
   * without it gives no cross-process single flight.
   */
  tryLock?(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock on `key` only if `token` still holds it (it may have expired and moved on). */
  release?(key: string, token: string): Promise<boolean>;
  /** Sends `message` to every subscriber of `namespace`, in any process that shares the store. */
  publish?(namespace: string, message: string): Promise<void>;
  /**
   * Delivers the messages published on `namespace` to `listener`; the subscription survives
   * reconnections of a remote store.
   */
  subscribe?(namespace: string, listener: InvalidationListener): InvalidationSubscription;
}
