import type { L2Store } from '../cache/l2-store.js';
import { MemoryL2Store } from '../cache/memory-l2-store.js';
import { TieredCache } from '../cache/tiered-cache.js';
import type { TieredCacheOptions } from '../cache/tiered-cache-options.js';
import { RedisL2Store } from './redis-l2-store.js';
import { describeRedisUrl } from './queue-connection.js';

export interface SharedTierOptions {
  /** redis://… or rediss://…; default REDIS_URL. Empty or absent: no Redis, everything works from L1. */
  readonly url?: string;
  /** Bound on every shared-tier operation, in ms: slower counts as a miss. Default 100. */
  readonly timeoutMs?: number;
  /** How long opening waits for Redis, in ms; it is not an error if it does not answer. Default 1,000. */
  readonly connectTimeoutMs?: number;
  /** Longest pause between reconnection attempts, in ms. Default 2,000. */
  readonly maxReconnectDelayMs?: number;
  /**
   * Bytes of an in-process L2 store in front of Redis (or alone, without Redis): worth it for a
   * long-lived process whose caches come and go (sessions); 0, the default, for none.
   */
  readonly memoryBytes?: number;
  /** Prefix of tenure's keys and channels in Redis. Default "tenure:". */
  readonly prefix?: string;
  /** Receives Redis connection errors; by default they are ignored (the caches count failed calls). */
  readonly onError?: (error: Error) => void;
}

/** The L2 stores a process shares values through, and the caches built on them. */
export interface SharedTier extends AsyncDisposable {
  /** Fastest first; empty when neither Redis nor an in-process store is configured. */
  readonly l2: readonly L2Store[];
  readonly redis: RedisL2Store | undefined;
  readonly timeoutMs: number;
  /** For logs: "redis redis://host:6379/ (connected)", "memory", "none". */
  readonly description: string;
  /** A tiered cache over this tier's stores with its time limit. */
  cache<V>(options: Omit<TieredCacheOptions<V>, 'l2' | 'l2TimeoutMs'>): TieredCache<V>;
  /** Closes the Redis connections; caches made by `cache()` should be closed first. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 100;
const DEFAULT_CONNECT_TIMEOUT_MS = 1_000;

/**
 * Opens the shared tier: Redis when a URL is given (flag, or REDIS_URL), plus an optional
 * in-process store. Redis not answering is no error: the tier starts degraded, every call
 * falls back to the source within the time limit, and it reconnects in the background.
 */
export async function openSharedTier(options: SharedTierOptions = {}): Promise<SharedTier> {
  // An empty REDIS_URL means unset, as everywhere else.
  const url = options.url ?? process.env.REDIS_URL ?? '';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const stores: L2Store[] = [];
  let memory: MemoryL2Store | undefined;
  if ((options.memoryBytes ?? 0) > 0) {
    memory = new MemoryL2Store({ maxBytes: options.memoryBytes!, name: 'memory' });
    stores.push(memory);
  }
  let redis: RedisL2Store | undefined;
  let connected = false;
  if (url !== '') {
    // The same check as --redis for the job queues: a RedisUrlError (bad input) names the problem.
    describeRedisUrl(url);
    redis = new RedisL2Store({
      url,
      // The caches' own limit answers first and counts a timeout; the client's, later, only
      // keeps commands to a frozen Redis from piling up.
      commandTimeoutMs: 2 * timeoutMs,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      ...(options.maxReconnectDelayMs === undefined ? {} : { maxReconnectDelayMs: options.maxReconnectDelayMs }),
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
    connected = await redis.connect(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    stores.push(redis);
  }
  const description = redis !== undefined
    ? `${memory === undefined ? '' : 'memory + '}${redis.name} (${connected ? 'connected' : 'not answering; reconnecting in the background'})`
    : memory !== undefined ? 'memory' : 'none';
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await redis?.close();
    memory?.[Symbol.dispose]();
  };
  return {
    l2: stores,
    redis,
    timeoutMs,
    description,
    cache: <V>(cacheOptions: Omit<TieredCacheOptions<V>, 'l2' | 'l2TimeoutMs'>) => new TieredCache<V>({ ...cacheOptions, l2: stores, l2TimeoutMs: timeoutMs }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
