import type { Clock } from '../clock/clock.js';
import type { CacheOptions, LoadContext } from './cache-options.js';
import type { Codec } from './codec.js';
import type { L2Store } from './l2-store.js';

/** Produces the value of a key that no tier holds: the source (a file, a database, a computation). */
export type TieredLoader<V> = (key: string, context: LoadContext<V>) => Promise<V> | V;

/** The in-process tier: a BoundedCache's bounds and policy (its ttl comes from the entries). */
export type L1Options<V> = Pick<CacheOptions<string, V>, 'maxSize' | 'maxWeight' | 'weigher' | 'policy' | 'clock' | 'dispose' | 'expectedEntries' | 'name'>;

export interface TieredCacheOptions<V> {
  /** What the values are, e.g. "market-data"; part of every stored key and the invalidation channel. */
  readonly namespace: string;
  /**
   * The layout version of the stored bytes. Change it whenever the value's shape or the codec
   * changes: entries of other versions are then never read.
   */
  readonly version: string | number;
  readonly codec: Codec<V>;
  /** Time to live of a freshly loaded value, in ms, in every tier. Hours to days for static data. */
  readonly ttlMs: number;
  /** Bounds of the in-process tier. */
  readonly l1: L1Options<V>;
  /**
   * Longest an entry stays in the in-process tier, in ms; it is re-read from L2 afterwards.
   * Default: as long as it has left in L2.
   */
  readonly l1MaxTtlMs?: number;
  /** The shared tiers, fastest first (an in-process byte store, then Redis). May be empty. */
  readonly l2?: readonly L2Store[];
  /** Longest wait for one L2 operation, in ms, before it counts as failed. Default 100. */
  readonly l2TimeoutMs?: number;
  /**
   * How long one process may hold the lock on a cold key while it loads, in ms; others wait at
   * most about this long before loading themselves. Default 10,000.
   */
  readonly lockTtlMs?: number;
  /** First pause between polls of L2 while another process loads, in ms; it doubles up to 100. Default 5. */
  readonly lockPollMs?: number;
  /** Loads a key no tier holds; `fetch()` can also be given a loader per call. */
  readonly loader?: TieredLoader<V>;
  /** The wall clock that L2 expiry times are on (shared between processes). Default Date.now. */
  readonly wallClock?: Clock;
}

/** Per-call options of `TieredCache.fetch()`. */
export interface TieredFetchOptions<V> {
  /** Overrides the cache's loader for this call. */
  readonly loader?: TieredLoader<V>;
  /** Abandons this caller's wait; the shared load is aborted only when every caller left. */
  readonly signal?: AbortSignal;
}
