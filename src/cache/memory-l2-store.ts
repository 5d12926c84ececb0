import type { Clock } from '../clock/clock.js';
import { BoundedCache } from './bounded-cache.js';
import { CacheOptionError } from './cache-errors.js';
import type { InvalidationListener, InvalidationSubscription, L2Entry, L2Store } from './l2-store.js';

export interface MemoryL2StoreOptions {
  /** Most bytes held at once; the least valuable entries leave first. */
  readonly maxBytes: number;
  /** Wall clock (epoch ms) that expiry times are on. Default Date.now. */
  readonly wallClock?: Clock;
  readonly name?: string;
}

interface Lock {
  readonly token: string;
  readonly expiresAt: number;
}

/** Abandoned locks are swept once this many are held. */
const LOCK_SWEEP_THRESHOLD = 1024;

/**
 * An L2 store in this process's memory, bounded by bytes: encoded values shared by several
 * tiered caches of one process (the sessions of a server, each with its own short-lived L1),
 * in front of a remote store, so a new cache fills from memory rather than the network. It
 * also offers locks and invalidation messages within the process, and so is the stand-in for
 * Redis where there is none. Stored bytes are held as given and must not be modified after.
 */
export class MemoryL2Store implements L2Store, Disposable {
  readonly name: string;
  readonly #entries: BoundedCache<string, L2Entry>;
  readonly #wallClock: Clock;
  readonly #locks = new Map<string, Lock>();
  readonly #listeners = new Map<string, Set<InvalidationListener>>();

  constructor(options: MemoryL2StoreOptions) {
    this.name = options.name ?? 'memory';
    if (!(typeof options.maxBytes === 'number' && options.maxBytes > 0 && Number.isFinite(options.maxBytes))) {
      throw new CacheOptionError(this.name, 'maxBytes', 'a finite number of bytes > 0', options.maxBytes);
    }
    this.#wallClock = options.wallClock ?? { now: () => Date.now() };
    // Expiry runs on the wall clock, the time scale the entries' expiresAt are written in.
    this.#entries = new BoundedCache<string, L2Entry>({
      name: `${this.name} L2 store`,
      maxWeight: options.maxBytes,
      weigher: (entry) => entry.bytes.length,
      clock: this.#wallClock,
    });
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#entries.weight;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): Promise<L2Entry | undefined> {
    return Promise.resolve(this.#entries.get(key));
  }

  set(key: string, bytes: Uint8Array, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return Promise.reject(new CacheOptionError(this.name, 'ttlMs', `a duration in ms > 0 (key ${key})`, ttlMs));
    this.#entries.set(key, { bytes, expiresAt: this.#wallClock.now() + ttlMs }, { ttl: ttlMs === Infinity ? 0 : ttlMs });
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.#entries.delete(key);
    return Promise.resolve();
  }

  tryLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    const now = this.#wallClock.now();
    if (this.#locks.size >= LOCK_SWEEP_THRESHOLD) {
      for (const [held, lock] of this.#locks) if (lock.expiresAt <= now) this.#locks.delete(held);
    }
    const lock = this.#locks.get(key);
    if (lock !== undefined && lock.expiresAt > now) return Promise.resolve(false);
    this.#locks.set(key, { token, expiresAt: now + ttlMs });
    return Promise.resolve(true);
  }

  release(key: string, token: string): Promise<boolean> {
    if (this.#locks.get(key)?.token !== token) return Promise.resolve(false);
    this.#locks.delete(key);
    return Promise.resolve(true);
  }

  publish(namespace: string, message: string): Promise<void> {
    const listeners = this.#listeners.get(namespace);
    // Delivered later, as a remote store would: a publisher never runs listeners inside its own call.
    if (listeners !== undefined) {
      for (const listener of [...listeners]) {
        queueMicrotask(() => {
          listener(message);
        });
      }
    }
    return Promise.resolve();
  }

  subscribe(namespace: string, listener: InvalidationListener): InvalidationSubscription {
    let listeners = this.#listeners.get(namespace);
    if (listeners === undefined) this.#listeners.set(namespace, (listeners = new Set()));
    listeners.add(listener);
    return {
      ready: Promise.resolve(),
      close: () => {
        listeners.delete(listener);
        if (listeners.size === 0 && this.#listeners.get(namespace) === listeners) this.#listeners.delete(namespace);
        return Promise.resolve();
      },
    };
  }

  /** Drops every entry and lock. */
  clear(): void {
    this.#entries.clear();
    this.#locks.clear();
  }

  [Symbol.dispose](): void {
    this.#entries[Symbol.dispose]();
    this.#locks.clear();
    this.#listeners.clear();
  }
}
