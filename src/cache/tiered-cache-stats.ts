import type { CacheStats } from './cache-stats.js';

/**
 * Counters of a tiered cache: whether the shared tier pays for itself (l2Hits against loads),
 * and whether it is healthy (l2Errors, l2Timeouts, fallbacks stay at 0 while it is).
 */
export interface TieredCacheStats {
  /** The in-process tier's own statistics. */
  readonly l1: CacheStats;
  /** L2 lookups that found a fresh, readable entry. */
  readonly l2Hits: number;
  /**
   * L2 lookups, store by store, that found nothing (or an entry that had just expired). A cold
   * key with a lock store counts two per store: before taking the lock and once more after.
   */
  readonly l2Misses: number;
  /** L2 operations of any kind that failed (connection refused, store error). */
  readonly l2Errors: number;
  /** L2 operations that did not answer within the time limit. */
  readonly l2Timeouts: number;
  /** Entries whose bytes could not be decoded (or values that could not be encoded): treated as misses. */
  readonly codecErrors: number;
  /** Calls of the loader: values taken from the source. */
  readonly loads: number;
  /** Loads whose loader threw (the error went to the callers; nothing was cached). */
  readonly loadFailures: number;
  /** Cold keys for which another holder of the lock was waited for instead of loading. */
  readonly lockWaits: number;
  /** Loads that happened because an L2 store failed or timed out, not because the key was cold. */
  readonly fallbacks: number;
  /** Invalidation messages from other caches that this one acted on. */
  readonly invalidationsReceived: number;
}
