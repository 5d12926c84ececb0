export { BoundedCache, type RemovalEvent, type RemovalListener } from './bounded-cache.js';
export type { CacheOptions, DisposeCallback, FetchOptions, LoadContext, Loader, SetOptions } from './cache-options.js';
export type { CacheStats, EntryStats } from './cache-stats.js';
export { CacheOptionError } from './cache-errors.js';
export type { PolicyName, PolicySnapshot } from './eviction-policy.js';
export { REMOVAL_CAUSES, type RemovalCause, wasEvicted } from './removal-cause.js';
