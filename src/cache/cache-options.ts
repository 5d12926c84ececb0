import type { Clock } from '../clock/clock.js';
import type { PolicyName } from './eviction-policy.js';
import type { RemovalCause } from './removal-cause.js';

/** What a loader is given: the signal aborts when no caller is waiting any more. */
export interface LoadContext<V> {
  readonly signal: AbortSignal;
  /** The stale value being refreshed, when stale-while-revalidate triggered the load. */
  readonly staleValue: V | undefined;
}

/** Produces the value for a key on a miss. */
export type Loader<K, V> = (key: K, context: LoadContext<V>) => Promise<V> | V;

/** Called once for every entry that leaves the cache, with the reason. */
export type DisposeCallback<K, V> = (value: V | undefined, key: K, cause: RemovalCause) => void;

export interface CacheOptions<K, V> {
  /**
   * Maximum number of entries. Set this, `maxWeight`, or both; `Infinity` (with a `ttl`)
   * opts out of a count bound on purpose. An unbounded cache is the bug this library exists
   * to prevent, so there is no silent default.
   */
  maxSize?: number;
  /**
   * Maximum total weight, measured by `weigher`. Use it when entries differ in cost (a small
   * lookup table against a large data set). When both bounds are set, both hold.
   */
  maxWeight?: number;
  /** The weight of an entry: a finite number >= 0. Required with `maxWeight`. */
  weigher?: (value: V, key: K) => number;
  /**
   * Default time to live in milliseconds, from the last write; `set(k, v, { ttl })` overrides
   * it per entry. 0 or undefined: entries do not expire by time.
   */
  ttl?: number;
  /**
   * With a ttl: how long past its expiry an entry may still be served by `fetch()` while a
   * single background load refreshes it. `get()` never returns a stale value.
   */
  staleWhileRevalidate?: number;
  /**
   * "tinylfu" (default): adaptive W-TinyLFU, frequency-aware admission that is never much
   * worse than LRU and often far better. "lru": plain least-recently-used.
   */
  policy?: PolicyName;
  /**
   * Hold values through WeakRef: a value nothing else references may be collected, and then
   * its entry disappears with cause "collected". Values must be objects.
   */
  weakValues?: boolean;
  /** Source of time for expiry and entry statistics. Defaults to the monotonic process clock. */
  clock?: Clock;
  /**
   * With the default clock only: how stale a time reading may be, in ms (as lru-cache's
   * ttlResolution). Reading the clock costs about as much as a hit, so it is reused. Default 1.
   */
  ttlResolution?: number;
  /**
   * Every this many ms, an unref'd timer sweeps expired entries even if the cache is idle.
   * 0 (default): sweep only during reads and writes, which suffices for a busy cache.
   */
  sweepInterval?: number;
  /** Loads a missing key for `fetch()`. `fetch()` can also be given a loader per call. */
  loader?: Loader<K, V>;
  /** Called for every removal, after the cache's state is updated. */
  dispose?: DisposeCallback<K, V>;
  /**
   * Receives errors thrown by dispose callbacks and removal listeners, which must not break
   * the operation that caused the removal. Default: a process warning.
   */
  onCallbackError?: (error: unknown) => void;
  /**
   * Entries expected at most, to size the frequency sketch when only `maxWeight` bounds the
   * cache. Default: `maxSize` when finite, else 65,536.
   */
  expectedEntries?: number;
  /** A name for diagnostics and error messages. */
  name?: string;
}

/** Per-write options. */
export interface SetOptions {
  /** Time to live for this entry in ms; 0 means it never expires. Defaults to the cache's ttl. */
  ttl?: number;
}

/** Per-call options of `fetch()`. */
export interface FetchOptions<K, V> {
  /** Abandons this caller's wait; the shared load is aborted only when every caller left. */
  signal?: AbortSignal;
  /** Overrides the cache's loader for this call. */
  loader?: Loader<K, V>;
  /** Time to live of the loaded entry. */
  ttl?: number;
}
