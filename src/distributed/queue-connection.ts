/**
 * BullMQ connection options from a Redis URL, and a quick reachability check. Each Queue,
 * Worker and QueueEvents opens its own connections from these options (a Worker needs a
 * blocking one of its own), so the options, not a shared client, are what is passed around.
 */
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { redactUrl } from '../store/store-location.js';
import { QueueOptionError, QueueUnreachableError, RedisUrlError } from './queue-errors.js';

/** Where Redis is when neither --redis nor REDIS_URL says. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const REDIS_SCHEME = /^rediss?:$/;
/** BullMQ joins prefix, queue name and job id with ':'; a prefix containing one would alias other keys. */
const PREFIX = /^[A-Za-z0-9_.{}-]{1,64}$/;

/** --redis, else REDIS_URL (an empty one means unset), else the local default. */
export function resolveRedisUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = flag ?? (env.REDIS_URL || undefined) ?? DEFAULT_REDIS_URL;
  describeRedisUrl(url);
  return url;
}

/** `Redis at host:port, db n` for messages: never the password. Throws RedisUrlError for a URL that is not redis:// or rediss://. */
export function describeRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUrlError(redactUrl(url), 'is not a URL; expected redis://[user:password@]host:port[/db]');
  }
  if (!REDIS_SCHEME.test(parsed.protocol)) throw new RedisUrlError(redactUrl(url), `unsupported scheme "${parsed.protocol}"; expected redis:// or rediss://`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new RedisUrlError(redactUrl(url), `database "${db}" must be a number`);
  return `Redis at ${parsed.hostname || 'localhost'}:${parsed.port || '6379'}${db === '' ? '' : `, db ${db}`}`;
}

/**
 * Options for BullMQ's Queue, Worker and QueueEvents: requests wait for a reconnect instead of
 * failing after a few retries (maxRetriesPerRequest: null, which BullMQ requires of a Worker's
 * blocking connection), so a Redis restart pauses the work rather than failing jobs.
 */
export function queueConnection(url: string): ConnectionOptions {
  describeRedisUrl(url);
  return { url, maxRetriesPerRequest: null };
}

/** Checks a queue key prefix (see DEFAULT_QUEUE_PREFIX). */
export function checkQueuePrefix(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new QueueOptionError('--queue-prefix', `"${prefix}" must be 1–64 letters, digits, _ . - { } (no ':')`);
  return prefix;
}

/**
 * Connects once and PINGs, within `timeoutMs`: a coordinator checks Redis before it records a
 * run, so an unreachable queue is an error up front, not a run stuck waiting for workers.
 */
export async function probeRedis(url: string, timeoutMs = 3000): Promise<void> {
  const target = describeRedisUrl(url);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // Errors are reported through connect()/ping(); an unhandled 'error' event would crash the process.
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => { reject(new Error(`no answer within ${timeoutMs} ms`)); }, timeoutMs);
      }),
    ]);
  } catch (error) {
    throw new QueueUnreachableError(target, error instanceof Error ? error.message : String(error), { cause: error });
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
