import { Redis, type RedisOptions } from 'ioredis';
import { withinTimeLimit } from '../cache/time-limit.js';

/**
 * Connections to Redis for a tier that must never make its callers wait on Redis: commands
 * fail at once while the connection is down (no offline queue, no retry of a command whose
 * connection dropped) and fail after `commandTimeoutMs` when Redis is slow, while the client
 * keeps reconnecting in the background, for ever, with a capped backoff. When Redis is back
 * the next command simply works.
 */
export interface RedisConnectionOptions {
  /** Longest a command waits for its reply, in ms, before it fails (Redis slow or stopped). */
  readonly commandTimeoutMs: number;
  /** Longest one connection attempt may take, in ms. Default 1,000. */
  readonly connectTimeoutMs?: number;
  /** Longest pause between reconnection attempts, in ms. Default 2,000. */
  readonly maxReconnectDelayMs?: number;
  /** Shown by CLIENT LIST, to tell tenure's connections apart. */
  readonly connectionName?: string;
  /**
   * Receives connection errors (refused, reset). They are expected while Redis is down and
   * change nothing; the default ignores them, as the tier counts its failed calls itself.
   */
  readonly onError?: (error: Error) => void;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 1_000;
const DEFAULT_MAX_RECONNECT_DELAY_MS = 2_000;
const FIRST_RECONNECT_DELAY_MS = 50;

export function redisConnectionOptions(options: RedisConnectionOptions): RedisOptions {
  const maxDelay = options.maxReconnectDelayMs ?? DEFAULT_MAX_RECONNECT_DELAY_MS;
  return {
    lazyConnect: true,
    // A command issued while disconnected fails now instead of waiting for a reconnect.
    enableOfflineQueue: false,
    // A command in flight when the connection drops fails now instead of being resent later.
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // Never gives up: a number, not null, after every failed attempt.
    retryStrategy: (attempt) => Math.min(FIRST_RECONNECT_DELAY_MS * 2 ** Math.min(attempt - 1, 16), maxDelay),
    autoResubscribe: true,
    ...(options.connectionName === undefined ? {} : { connectionName: options.connectionName }),
  };
}

/** A client for `url` (redis://…) with the options above; not connected until `connectWithin`. */
export function createRedisConnection(url: string, options: RedisConnectionOptions): Redis {
  const redis = new Redis(url, redisConnectionOptions(options));
  // Without a listener ioredis prints every refused reconnection attempt.
  redis.on('error', options.onError ?? ignore);
  return redis;
}

/**
 * Starts connecting (if not yet) and waits at most `timeoutMs` for the connection to be ready:
 * true if it is. On false the client goes on trying in the background.
 */
export function connectWithin(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  if (redis.status === 'end') return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('end', onEnd);
      resolve(ready);
    };
    const onReady = (): void => {
      done(true);
    };
    // Closed meanwhile: it will not become ready.
    const onEnd = (): void => {
      done(false);
    };
    const timer = setTimeout(() => {
      done(false);
    }, timeoutMs);
    redis.on('ready', onReady);
    redis.on('end', onEnd);
    // A refused first attempt rejects connect(); the retry strategy keeps going regardless.
    if (redis.status === 'wait') redis.connect().catch(ignore);
  });
}

/** Closes the client for good: politely (QUIT) when connected, at once otherwise. */
export async function closeRedisConnection(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') {
    const quit = await withinTimeLimit(() => redis.quit(), timeoutMs);
    if (quit.outcome === 'ok') return;
  }
  redis.disconnect(false);
}

function ignore(): void {
  // Intentionally empty: see the callers.
}
