import type { RemovalCause } from './removal-cause.js';

/**
 * A snapshot of a cache's counters, after Caffeine's CacheStats: enough to tell whether a
 * cache pays for itself (hit rate, load penalty) and why entries leave (removal causes).
 */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  /** hits + misses */
  readonly requests: number;
  /** hits / requests, 1 when there were no requests (Caffeine's convention). */
  readonly hitRate: number;
  readonly loadSuccesses: number;
  readonly loadFailures: number;
  /** Loads aborted because every caller waiting for them gave up. */
  readonly loadCancellations: number;
  /** Milliseconds spent in loaders, successful or not. */
  readonly totalLoadTime: number;
  /** totalLoadTime / loads, 0 when there were none. */
  readonly averageLoadPenalty: number;
  /** Removals by cause. */
  readonly removals: Readonly<Record<RemovalCause, number>>;
  /** Removals the cache chose: expired + size + collected. */
  readonly evictions: number;
  readonly size: number;
  readonly weight: number;
}

/** How one entry has been used; does not count as an access. */
export interface EntryStats {
  /** Milliseconds since the entry was last written. */
  readonly age: number;
  /** Reads since the entry was written (a replace keeps the count). */
  readonly accessCount: number;
  /** The clock reading at the last read, or at the write if never read. */
  readonly lastAccess: number;
  /** Milliseconds until it expires; Infinity when it does not. */
  readonly expiresIn: number;
}
