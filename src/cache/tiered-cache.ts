import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock/clock.js';
import { BoundedCache } from './bounded-cache.js';
import { CacheOptionError } from './cache-errors.js';
import type { EntryStats } from './cache-stats.js';
import type { Codec } from './codec.js';
import type { InvalidationSubscription, L2Store } from './l2-store.js';
import { SingleFlight } from './single-flight.js';
import type { TieredCacheOptions, TieredFetchOptions, TieredLoader } from './tiered-cache-options.js';
import type { TieredCacheStats } from './tiered-cache-stats.js';
import { withinTimeLimit, type Bounded } from './time-limit.js';
import { isNamespace, isVersion, versionedKey } from './versioned-key.js';

const DEFAULT_L2_TIMEOUT_MS = 100;
const DEFAULT_LOCK_TTL_MS = 10_000;
const DEFAULT_LOCK_POLL_MS = 5;
const MAX_LOCK_POLL_MS = 100;
const epochClock: Clock = { now: () => Date.now() };

/** A value found in an L2 store, with what it takes to copy it into the faster tiers. */
interface Found<V> {
  readonly value: V;
  readonly bytes: Uint8Array;
  readonly remainingMs: number;
  /** Index of the store it was found in. */
  readonly store: number;
}

interface Lookup<V> {
  readonly found: Found<V> | undefined;
  /** Some store failed or timed out: a miss may not be a real one. */
  readonly degraded: boolean;
}

/** A value to put in L1, for how long (0: no expiry). */
interface Resolved<V> {
  readonly value: V;
  readonly ttlMs: number;
}

/** What an invalidation message carries. */
interface Invalidation {
  readonly origin: string;
  readonly version: string;
  readonly key: string;
}

/**
 * A cache of shareable, read-mostly values in tiers: L1 is a BoundedCache in this process,
 * below it an ordered list of L2 stores holding encoded bytes (an in-process byte store, then
 * Redis shared by every process that reaches it).
 *
 * `fetch(key)`: an L1 hit returns at once. Otherwise the L2 stores are asked in order; a hit is
 * decoded and copied into L1 and the faster stores with the time it has LEFT (an entry written
 * six hours ago with a day to live has eighteen hours left everywhere), so no tier keeps a
 * value longer than the source said. On a miss everywhere the value is loaded once: once per
 * process (concurrent fetches share one load), and once across processes when a store offers
 * locks (one process loads while the others poll L2 for its result, loading themselves only
 * if the lock expires without a value). The loaded value goes to every tier with the full ttl.
 *
 * Every L2 operation is bounded by `l2TimeoutMs`. A store that fails or times out counts as a
 * miss, the value is loaded from the source, and the statistics record it (`l2Errors`,
 * `l2Timeouts`, `fallbacks`): a slow or absent shared tier costs at most the time limit per
 * call, never a failure. Stored keys are versioned (`<namespace>:v<version>:<key>`).
 *
 * `invalidate(key)` drops the key from every tier and tells every cache of the namespace, in
 * any process sharing a store, to drop it from its L1.
 */
export class TieredCache<V> implements AsyncDisposable {
  readonly name: string;
  readonly namespace: string;
  readonly version: string;
  readonly #l1: BoundedCache<string, V>;
  readonly #stores: readonly L2Store[];
  /** The most widely shared store that offers locks: the one other processes see too. */
  readonly #lockStore: L2Store | undefined;
  readonly #codec: Codec<V>;
  readonly #loader: TieredLoader<V> | undefined;
  readonly #wallClock: Clock;
  readonly #ttlMs: number;
  readonly #l1MaxTtlMs: number;
  readonly #timeoutMs: number;
  readonly #lockTtlMs: number;
  readonly #lockPollMs: number;
  readonly #flights = new SingleFlight<string, V>();
  /** Tells this cache's own invalidation messages apart when they come back. */
  readonly #origin = randomUUID();
  readonly #subscriptions: InvalidationSubscription[] = [];
  readonly #ready: Promise<void>;
  /** Store operations started outside a caller's await (deletes on invalidation), for close(). */
  readonly #background = new Set<Promise<unknown>>();
  #closed = false;

  #l2Hits = 0;
  #l2Misses = 0;
  #l2Errors = 0;
  #l2Timeouts = 0;
  #codecErrors = 0;
  #loads = 0;
  #loadFailures = 0;
  #lockWaits = 0;
  #fallbacks = 0;
  #invalidationsReceived = 0;

  constructor(options: TieredCacheOptions<V>) {
    const version = String(options.version);
    this.name = `tiered cache ${options.namespace} v${version}`;
    this.#check(typeof options.namespace === 'string' && isNamespace(options.namespace), 'namespace', 'letters, digits, ".", "_" or "-", starting with a letter or digit', options.namespace);
    this.#check(isVersion(version), 'version', 'letters, digits, ".", "_" or "-"', options.version);
    this.#check(isPositive(options.ttlMs), 'ttlMs', 'a finite duration in ms > 0', options.ttlMs);
    this.#check(options.l1MaxTtlMs === undefined || isPositive(options.l1MaxTtlMs), 'l1MaxTtlMs', 'a finite duration in ms > 0', options.l1MaxTtlMs);
    this.#check(options.l2TimeoutMs === undefined || isPositive(options.l2TimeoutMs), 'l2TimeoutMs', 'a finite duration in ms > 0', options.l2TimeoutMs);
    this.#check(options.lockTtlMs === undefined || isPositive(options.lockTtlMs), 'lockTtlMs', 'a finite duration in ms > 0', options.lockTtlMs);
    this.#check(options.lockPollMs === undefined || isPositive(options.lockPollMs), 'lockPollMs', 'a finite duration in ms > 0', options.lockPollMs);
    this.#check(typeof options.codec === 'object' && typeof options.codec.encode === 'function' && typeof options.codec.decode === 'function',
      'codec', 'an object with encode() and decode()', options.codec);
    this.namespace = options.namespace;
    this.version = version;
    this.#codec = options.codec;
    this.#loader = options.loader;
    this.#wallClock = options.wallClock ?? epochClock;
    this.#ttlMs = Math.max(1, Math.floor(options.ttlMs));
    this.#l1MaxTtlMs = options.l1MaxTtlMs ?? Infinity;
    this.#timeoutMs = options.l2TimeoutMs ?? DEFAULT_L2_TIMEOUT_MS;
    this.#lockTtlMs = Math.ceil(options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS);
    this.#lockPollMs = options.lockPollMs ?? DEFAULT_LOCK_POLL_MS;
    this.#stores = [...(options.l2 ?? [])];
    this.#lockStore = [...this.#stores].reverse().find((store) => store.tryLock !== undefined && store.release !== undefined);
    this.#l1 = new BoundedCache<string, V>({ ...options.l1, clock: options.l1.clock ?? systemClock, name: options.l1.name ?? `${this.name} (L1)` });

    const subscribed: Promise<void>[] = [];
    this.#stores.forEach((store, index) => {
      if (store.subscribe === undefined) return;
      const subscription = store.subscribe(this.namespace, (message) => {
        this.#onInvalidation(message, index);
      });
      this.#subscriptions.push(subscription);
      subscribed.push(subscription.ready.catch(() => {
        this.#l2Errors++;
      }));
    });
    this.#ready = Promise.all(subscribed).then(() => undefined);
  }

  /**
   * Settles once every store this cache listens to for invalidations is delivering them (or
   * failed to subscribe: a remote store subscribes again when it reconnects). Never rejects.
   */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** The key `key` is stored under in the L2 stores. */
  storedKey(key: string): string {
    return versionedKey(this.namespace, this.version, key);
  }

  /** The value of `key` if L1 holds it; never asks L2 or loads. Does not count as an access. */
  peek(key: string): V | undefined {
    return this.#l1.peek(key);
  }

  /** How the L1 entry of `key` has been used and how long it has left there; undefined if L1 lacks it. */
  entryStats(key: string): EntryStats | undefined {
    return this.#l1.entryStats(key);
  }

  /** The value of `key` from the fastest tier that has it, loading it from the source if none does. */
  fetch(key: string, options?: TieredFetchOptions<V>): Promise<V> {
    const value = this.#l1.get(key);
    if (value !== undefined) return Promise.resolve(value);
    if (this.#closed) return Promise.reject(new CacheOptionError(this.name, 'fetch', 'called before close()', key));
    const loader = options?.loader ?? this.#loader;
    if (loader === undefined) {
      return Promise.reject(new CacheOptionError(this.name, 'loader', 'given to the cache or to fetch() to load a missing key', undefined));
    }
    return this.#flights.run(key, (signal) => this.#resolve(key, loader, signal), options?.signal);
  }

  /** Stores `value` in every tier with the full ttl, replacing what they held (e.g. to pre-load). */
  async set(key: string, value: V): Promise<void> {
    this.#flights.detach(key);
    this.#l1.set(key, value, { ttl: this.#l1Ttl(this.#ttlMs) });
    await this.#writeAll(this.storedKey(key), value, this.#ttlMs);
  }

  /**
   * Drops `key` from L1 and every L2 store, then tells every cache of this namespace (in this
   * and other processes sharing a store) to drop it from its L1. A store that is down misses
   * the delete: its copy ends with its ttl.
   */
  async invalidate(key: string): Promise<void> {
    this.#flights.detach(key);
    this.#l1.delete(key);
    const storedKey = this.storedKey(key);
    await Promise.all(this.#stores.map((store) => this.#call(() => store.delete(storedKey))));
    const message = JSON.stringify({ origin: this.#origin, version: this.version, key } satisfies Invalidation);
    const publishers = this.#stores.filter((store) => store.publish !== undefined);
    await Promise.all(publishers.map((store) => this.#call(() => store.publish!(this.namespace, message))));
  }

  stats(): TieredCacheStats {
    return {
      l1: this.#l1.stats(),
      l2Hits: this.#l2Hits,
      l2Misses: this.#l2Misses,
      l2Errors: this.#l2Errors,
      l2Timeouts: this.#l2Timeouts,
      codecErrors: this.#codecErrors,
      loads: this.#loads,
      loadFailures: this.#loadFailures,
      lockWaits: this.#lockWaits,
      fallbacks: this.#fallbacks,
      invalidationsReceived: this.#invalidationsReceived,
    };
  }

  /**
   * Stops listening for invalidations and empties L1. The L2 stores are not closed: they are
   * shared, and whoever opened them closes them.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled(this.#subscriptions.map((subscription) => subscription.close()));
    await Promise.allSettled([...this.#background]);
    this.#flights.detachAll();
    this.#l1[Symbol.dispose]();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- internals ----

  async #resolve(key: string, loader: TieredLoader<V>, signal: AbortSignal): Promise<V> {
    try {
      const storedKey = this.storedKey(key);
      const lookup = await this.#lookup(storedKey);
      const resolved = lookup.found === undefined
        ? await this.#loadCold(key, storedKey, loader, signal, lookup.degraded)
        : await this.#refill(storedKey, lookup.found);
      // Invalidated or overwritten meanwhile: the callers get the value, L1 does not keep it.
      if (this.#flights.isCurrent(key, signal) && !this.#closed) this.#l1.set(key, resolved.value, { ttl: this.#l1Ttl(resolved.ttlMs) });
      return resolved.value;
    } finally {
      this.#flights.settle(key, signal);
    }
  }

  /** Asks the L2 stores in order; the first fresh, decodable entry wins. */
  async #lookup(storedKey: string): Promise<Lookup<V>> {
    let degraded = false;
    for (let index = 0; index < this.#stores.length; index++) {
      const store = this.#stores[index]!;
      const answer = await this.#call(() => store.get(storedKey));
      if (answer.outcome !== 'ok') {
        degraded = true;
        continue;
      }
      const entry = answer.value;
      // Never longer than this cache's own ttl, even for an entry stored without expiry.
      const remainingMs = entry === undefined ? 0 : Math.min(Math.floor(entry.expiresAt - this.#wallClock.now()), this.#ttlMs);
      if (entry === undefined || !(remainingMs > 0)) {
        this.#l2Misses++;
        continue;
      }
      let value: V;
      try {
        value = this.#codec.decode(entry.bytes);
      } catch {
        // Corrupted bytes are a miss, and go, so that nobody else trips over them.
        this.#codecErrors++;
        await this.#call(() => store.delete(storedKey));
        continue;
      }
      this.#l2Hits++;
      return { found: { value, bytes: entry.bytes, remainingMs, store: index }, degraded };
    }
    return { found: undefined, degraded };
  }

  /** Copies an L2 hit into the faster stores with its remaining time; L1 gets the same. */
  async #refill(storedKey: string, found: Found<V>): Promise<Resolved<V>> {
    const faster = this.#stores.slice(0, found.store);
    await Promise.all(faster.map((store) => this.#call(() => store.set(storedKey, found.bytes, found.remainingMs))));
    return { value: found.value, ttlMs: found.remainingMs };
  }

  /**
   * A key no store holds. Without a lock store (or with one that is failing) this process
   * loads at once. Otherwise it takes the lock and loads, or, if another process holds it,
   * polls L2 with growing pauses until the value appears or the lock can be taken (the holder
   * finished without storing a value, or died and its lock expired).
   */
  async #loadCold(key: string, storedKey: string, loader: TieredLoader<V>, signal: AbortSignal, degraded: boolean): Promise<Resolved<V>> {
    const lockStore = this.#lockStore;
    if (lockStore === undefined || degraded) return this.#loadAndStore(key, storedKey, loader, signal, degraded);
    const token = randomUUID();
    const started = performance.now();
    let pauseMs = this.#lockPollMs;
    let waiting = false;
    for (;;) {
      const taken = await this.#call(() => lockStore.tryLock!(storedKey, token, this.#lockTtlMs));
      if (taken.outcome !== 'ok') return this.#loadAndStore(key, storedKey, loader, signal, true);
      if (taken.value) return this.#loadHoldingLock(key, storedKey, loader, signal, lockStore, token);
      if (!waiting) {
        waiting = true;
        this.#lockWaits++;
      }
      // A holder that keeps the lock past its ttl (re-taken by one process after another) is
      // not waited for any longer than one lock's lifetime.
      if (performance.now() - started >= this.#lockTtlMs + MAX_LOCK_POLL_MS) return this.#loadAndStore(key, storedKey, loader, signal, false);
      await pause(pauseMs);
      pauseMs = Math.min(2 * pauseMs, MAX_LOCK_POLL_MS);
      signal.throwIfAborted();
      const lookup = await this.#lookup(storedKey);
      if (lookup.found !== undefined) return this.#refill(storedKey, lookup.found);
      if (lookup.degraded) return this.#loadAndStore(key, storedKey, loader, signal, true);
    }
  }

  async #loadHoldingLock(key: string, storedKey: string, loader: TieredLoader<V>, signal: AbortSignal, lockStore: L2Store, token: string): Promise<Resolved<V>> {
    try {
      // Another process may have stored the value and released the lock between this
      // process's lookup and its taking the lock: look once more before loading.
      const lookup = await this.#lookup(storedKey);
      if (lookup.found !== undefined) return await this.#refill(storedKey, lookup.found);
      return await this.#loadAndStore(key, storedKey, loader, signal, lookup.degraded);
    } finally {
      await this.#call(() => lockStore.release!(storedKey, token));
    }
  }

  async #loadAndStore(key: string, storedKey: string, loader: TieredLoader<V>, signal: AbortSignal, fallback: boolean): Promise<Resolved<V>> {
    this.#loads++;
    if (fallback) this.#fallbacks++;
    let value: V;
    try {
      value = await loader(key, { signal, staleValue: undefined });
    } catch (error) {
      this.#loadFailures++;
      throw error;
    }
    // Stored before the lock is released, so that a waiting process finds it.
    await this.#writeAll(storedKey, value, this.#ttlMs);
    return { value, ttlMs: this.#ttlMs };
  }

  async #writeAll(storedKey: string, value: V, ttlMs: number): Promise<void> {
    if (this.#stores.length === 0) return;
    let bytes: Uint8Array;
    try {
      bytes = this.#codec.encode(value);
    } catch {
      // The value still serves this process from L1; it is just not shared.
      this.#codecErrors++;
      return;
    }
    await Promise.all(this.#stores.map((store) => this.#call(() => store.set(storedKey, bytes, ttlMs))));
  }

  #onInvalidation(message: string, storeIndex: number): void {
    const invalidation = parseInvalidation(message);
    if (invalidation === undefined || invalidation.origin === this.#origin || this.#closed) return;
    this.#invalidationsReceived++;
    this.#flights.detach(invalidation.key);
    this.#l1.delete(invalidation.key);
    // The faster stores in this process hold copies of the store the message came through;
    // they go. In that store itself, the sender deleted its own version's entry, and this
    // cache deletes its version's entry when that is another one.
    const storedKey = this.storedKey(invalidation.key);
    const through = invalidation.version === this.version ? storeIndex : storeIndex + 1;
    for (const store of this.#stores.slice(0, through)) {
      const deleting = this.#call(() => store.delete(storedKey));
      this.#background.add(deleting);
      void deleting.finally(() => this.#background.delete(deleting));
    }
  }

  /** One L2 operation within the time limit, its failure counted. */
  async #call<T>(start: () => Promise<T>): Promise<Bounded<T>> {
    const answer = await withinTimeLimit(start, this.#timeoutMs);
    if (answer.outcome === 'timeout') this.#l2Timeouts++;
    else if (answer.outcome === 'error') this.#l2Errors++;
    return answer;
  }

  /** The L1 ttl for a value with `remainingMs` to live: capped by l1MaxTtlMs; 0 means none. */
  #l1Ttl(remainingMs: number): number {
    const ttl = Math.min(remainingMs, this.#l1MaxTtlMs);
    return ttl === Infinity ? 0 : Math.max(1, ttl);
  }

  #check(ok: boolean, option: string, expected: string, actual: unknown): void {
    if (!ok) throw new CacheOptionError(this.name, option, expected, actual);
  }
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseInvalidation(message: string): Invalidation | undefined {
  try {
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { origin, version, key } = parsed as Record<string, unknown>;
    return typeof origin === 'string' && typeof version === 'string' && typeof key === 'string' ? { origin, version, key } : undefined;
  } catch {
    return undefined;
  }
}
