import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TieredCache } from '../../src/cache/index.js';
import { openSharedTier, type SharedTier } from '../../src/distributed/shared-tier.js';
import { eventually, RedisServerProcess, skipOwnRedisServer, sparePort, textCodec } from './shared-tier-fixtures.js';

/** The time limit of every Redis call in these tests, in ms. */
const TIMEOUT_MS = 100;
/**
 * A get may make two Redis calls in a row (read, then write back), each bounded by the time
 * limit, plus the load itself: a generous multiple still proves that no call waits for Redis
 * to come back (a client that queued commands while disconnected would wait for ever).
 */
const BOUND_MS = 10 * TIMEOUT_MS;

describe.skipIf(skipOwnRedisServer)('the shared tier when Redis is slow, down, and back', () => {
  let port: number;
  let server: RedisServerProcess;
  let tier: SharedTier;
  const caches: TieredCache<string>[] = [];
  const loads: string[] = [];

  beforeAll(async () => {
    port = await sparePort();
    server = await RedisServerProcess.start(port);
    tier = await openSharedTier({ url: server.url, timeoutMs: TIMEOUT_MS, connectTimeoutMs: 500, maxReconnectDelayMs: 100, prefix: 'outage:' });
  });

  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await tier.close();
    await server.stop();
  });

  /** A cache with an empty L1, as a new process would have, over the one shared tier. */
  function freshCache(): TieredCache<string> {
    const cache = tier.cache<string>({
      namespace: 'outage',
      version: 1,
      codec: textCodec,
      ttlMs: 60_000,
      l1: { maxSize: 10 },
      loader: (key) => {
        loads.push(key);
        return `${key} from the source`;
      },
    });
    caches.push(cache);
    return cache;
  }

  async function timedFetch(cache: TieredCache<string>, key: string): Promise<{ value: string; elapsedMs: number }> {
    const started = performance.now();
    const value = await cache.fetch(key);
    return { value, elapsedMs: performance.now() - started };
  }

  it('uses Redis while it is up', async () => {
    expect(tier.description).toContain('(connected)');
    await freshCache().fetch('k1');
    const reader = freshCache();
    expect(await reader.fetch('k1')).toBe('k1 from the source');
    expect(reader.stats()).toMatchObject({ l2Hits: 1, loads: 0, fallbacks: 0 });
    expect(loads).toEqual(['k1']);
  });

  it('Redis frozen (SIGSTOP): a get returns from the source within the time limit, counted as timeout and fallback', async () => {
    server.pause();
    try {
      const cache = freshCache();
      const { value, elapsedMs } = await timedFetch(cache, 'k1');
      expect(value).toBe('k1 from the source');
      expect(elapsedMs).toBeLessThan(BOUND_MS);
      const stats = cache.stats();
      expect(stats.l2Timeouts).toBeGreaterThanOrEqual(1);
      expect(stats).toMatchObject({ fallbacks: 1, loads: 1, l2Hits: 0 });
    } finally {
      server.resume();
    }
  });

  it('Redis killed: gets return from the source within the time limit, counted as errors and fallbacks', async () => {
    await server.stop();
    const cache = freshCache();
    for (const key of ['k1', 'k2']) {
      const { value, elapsedMs } = await timedFetch(cache, key);
      expect(value).toBe(`${key} from the source`);
      expect(elapsedMs).toBeLessThan(BOUND_MS);
    }
    const stats = cache.stats();
    expect(stats.l2Errors + stats.l2Timeouts).toBeGreaterThanOrEqual(2);
    expect(stats).toMatchObject({ fallbacks: 2, loads: 2, l2Hits: 0 });
    // Served from L1 now, Redis or not.
    expect(await cache.fetch('k2')).toBe('k2 from the source');
    expect(cache.stats().loads).toBe(2);
  });

  it('Redis back on the same port: the tier reconnects by itself and L2 is used again, invalidations included', async () => {
    server = await RedisServerProcess.start(port);
    expect(await eventually(() => tier.redis!.status === 'ready', 10_000)).toBe(true);

    // The restarted Redis is empty: the first cache loads and stores, the next one reads it.
    const writer = freshCache();
    expect(await writer.fetch('k3')).toBe('k3 from the source');
    expect(writer.stats()).toMatchObject({ loads: 1, fallbacks: 0 });
    const reader = freshCache();
    expect(await reader.fetch('k3')).toBe('k3 from the source');
    expect(reader.stats()).toMatchObject({ l2Hits: 1, loads: 0, fallbacks: 0 });

    // The invalidation channel was subscribed again on the new connection.
    await reader.ready();
    await writer.invalidate('k3');
    expect(await eventually(() => reader.peek('k3') === undefined)).toBe(true);
    expect(reader.stats().invalidationsReceived).toBe(1);
  });
});

describe.skipIf(skipOwnRedisServer)('the shared tier opened while Redis is down', () => {
  it('starts degraded without failing, then reconnects and subscribes once Redis comes up', async () => {
    const port = await sparePort();
    const tier = await openSharedTier({ url: `redis://127.0.0.1:${port}`, timeoutMs: TIMEOUT_MS, connectTimeoutMs: 200, maxReconnectDelayMs: 100, prefix: 'late:' });
    let server: RedisServerProcess | undefined;
    const options = { namespace: 'late', version: 1, codec: textCodec, ttlMs: 60_000, l1: { maxSize: 10 }, loader: (key: string) => `${key}!` };
    const early = tier.cache<string>(options);
    try {
      expect(tier.description).toContain('not answering');
      expect(await early.fetch('a')).toBe('a!');
      expect(early.stats()).toMatchObject({ loads: 1, fallbacks: 1 });
      await early.ready();

      server = await RedisServerProcess.start(port);
      expect(await eventually(() => tier.redis!.status === 'ready', 10_000)).toBe(true);
      const writer = tier.cache<string>(options);
      await writer.fetch('b');
      expect(await early.fetch('b')).toBe('b!');
      expect(early.stats().l2Hits).toBe(1);
      // The early cache's subscription, refused while Redis was down, was made on reconnect.
      await writer.invalidate('b');
      expect(await eventually(() => early.peek('b') === undefined)).toBe(true);
      await writer.close();
    } finally {
      await early.close();
      await tier.close();
      await server?.stop();
    }
  });
});
