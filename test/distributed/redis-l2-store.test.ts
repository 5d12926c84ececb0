import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TieredCache, TieredCacheOptions } from '../../src/cache/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { RedisUrlError } from '../../src/distributed/queue-errors.js';
import { RedisL2Store } from '../../src/distributed/redis-l2-store.js';
import { openSharedTier, type SharedTier } from '../../src/distributed/shared-tier.js';
import { deleteKeys, eventually, inspector, REDIS_TEST_URL, skipRedis, textCodec, uniquePrefix } from './shared-tier-fixtures.js';

const HOUR = 3_600_000;

describe.skipIf(skipRedis)('Redis L2 store and the tiered cache over it', () => {
  const prefix = uniquePrefix('l2');
  const tiers: SharedTier[] = [];
  const caches: TieredCache<string>[] = [];
  let redis: Redis;

  beforeAll(async () => {
    redis = await inspector();
  });

  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await Promise.all(tiers.map((tier) => tier.close()));
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  /** A shared tier on a connection of its own, as another process would have. */
  async function openTier(): Promise<SharedTier> {
    const tier = await openSharedTier({ url: REDIS_TEST_URL, prefix, timeoutMs: 1_000 });
    tiers.push(tier);
    return tier;
  }

  function textCache(tier: SharedTier, options: Partial<Omit<TieredCacheOptions<string>, 'l2' | 'l2TimeoutMs'>> = {}) {
    const loads: string[] = [];
    const cache = tier.cache<string>({
      namespace: 'text',
      version: 1,
      codec: textCodec,
      ttlMs: HOUR,
      l1: { maxSize: 100 },
      loader: (key) => {
        loads.push(key);
        return `${key} #${loads.length}`;
      },
      ...options,
    });
    caches.push(cache);
    return { cache, loads };
  }

  it('stores bytes with a PX expiry and reads them back with the time left (PTTL)', async () => {
    const store = (await openTier()).redis!;
    const bytes = Uint8Array.of(0, 255, 1, 128);
    const before = Date.now();
    await store.set('raw', bytes, 5_000);
    const entry = await store.get('raw');
    expect(entry?.bytes).toEqual(bytes);
    expect(entry!.expiresAt).toBeGreaterThan(before);
    expect(entry!.expiresAt).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(await redis.pttl(`${prefix}data:raw`)).toBeGreaterThan(0);
    await store.delete('raw');
    expect(await store.get('raw')).toBeUndefined();
  });

  it('locks with a token and releases only with that token', async () => {
    const store = (await openTier()).redis!;
    expect(await store.tryLock('cold', 'token-a', 5_000)).toBe(true);
    expect(await store.tryLock('cold', 'token-b', 5_000)).toBe(false);
    expect(await store.release('cold', 'token-b')).toBe(false);
    expect(await redis.get(`${prefix}lock:cold`)).toBe('token-a');
    expect(await store.release('cold', 'token-a')).toBe(true);
    expect(await store.tryLock('cold', 'token-b', 5_000)).toBe(true);
    expect(await store.release('cold', 'token-b')).toBe(true);
  });

  it('carries the remaining ttl from Redis into L1: an entry with 5 s left gets at most 5 s in L1', async () => {
    const writer = textCache(await openTier(), { ttlMs: 5_000 });
    await writer.cache.fetch('short');
    const pttl = await redis.pttl(`${prefix}data:${writer.cache.storedKey('short')}`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(5_000);

    // The reader's own ttl is an hour; what is left in Redis wins.
    const l1Clock = new ManualClock();
    const reader = textCache(await openTier(), { ttlMs: HOUR, l1: { maxSize: 100, clock: l1Clock } });
    expect(await reader.cache.fetch('short')).toBe('short #1');
    expect(reader.loads).toEqual([]);
    expect(reader.cache.stats()).toMatchObject({ l2Hits: 1, loads: 0 });
    const expiresIn = reader.cache.entryStats('short')!.expiresIn;
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(pttl);
    l1Clock.advance(expiresIn);
    expect(reader.cache.peek('short')).toBeUndefined();
  });

  it('lets a real short PTTL end the entry in Redis, after which the source is asked again', async () => {
    const { cache, loads } = textCache(await openTier(), { ttlMs: 150 });
    await cache.fetch('brief');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await redis.exists(`${prefix}data:${cache.storedKey('brief')}`)).toBe(0);
    const other = textCache(await openTier(), { ttlMs: 150 });
    expect(await other.cache.fetch('brief')).toBe('brief #1');
    expect(other.loads).toEqual(['brief']);
    expect(loads).toEqual(['brief']);
  });

  it('keeps versions apart in Redis', async () => {
    const v1 = textCache(await openTier(), { namespace: 'versioned', version: 1 });
    const v2 = textCache(await openTier(), { namespace: 'versioned', version: 2 });
    await v1.cache.fetch('k');
    expect(await v2.cache.fetch('k')).toBe('k #1');
    expect(v2.loads).toEqual(['k']);
    expect(v2.cache.stats().l2Hits).toBe(0);
    expect((await redis.keys(`${prefix}data:versioned:*`)).sort()).toEqual([`${prefix}data:versioned:v1:k`, `${prefix}data:versioned:v2:k`]);
  });

  it('invalidates across caches on separate connections: pub/sub drops the key from every L1', async () => {
    const a = textCache(await openTier(), { namespace: 'shared' });
    const b = textCache(await openTier(), { namespace: 'shared' });
    const unrelated = textCache(await openTier(), { namespace: 'unrelated' });
    await Promise.all([a.cache.ready(), b.cache.ready(), unrelated.cache.ready()]);
    await a.cache.fetch('day');
    expect(await b.cache.fetch('day')).toBe('day #1');
    await unrelated.cache.fetch('day');
    expect(b.cache.stats().l2Hits).toBe(1);
    expect(b.cache.peek('day')).toBe('day #1');

    await a.cache.invalidate('day');
    expect(a.cache.peek('day')).toBeUndefined();
    expect(await eventually(() => b.cache.peek('day') === undefined)).toBe(true);
    expect(b.cache.stats().invalidationsReceived).toBe(1);
    expect(await redis.exists(`${prefix}data:${a.cache.storedKey('day')}`)).toBe(0);
    expect(unrelated.cache.peek('day')).toBe('day #1');
    expect(unrelated.cache.stats().invalidationsReceived).toBe(0);

    expect(await b.cache.fetch('day')).toBe('day #1');
    expect(b.loads).toEqual(['day']);
  });

  it('loads a cold key once between caches on separate connections; the other waits on the lock', async () => {
    let loads = 0;
    const slowLoader = async (key: string) => {
      loads++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return `${key} slow`;
    };
    const a = textCache(await openTier(), { namespace: 'locked', loader: slowLoader });
    const b = textCache(await openTier(), { namespace: 'locked', loader: slowLoader });
    expect(await Promise.all([a.cache.fetch('x'), b.cache.fetch('x')])).toEqual(['x slow', 'x slow']);
    expect(loads).toBe(1);
    expect(a.cache.stats().lockWaits + b.cache.stats().lockWaits).toBe(1);
    expect(await redis.exists(`${prefix}lock:${a.cache.storedKey('x')}`)).toBe(0);
  });
});

describe('openSharedTier without Redis', () => {
  it('gives no L2 store without a URL, and an in-process one when asked', async () => {
    const none = await openSharedTier({ url: '' });
    expect(none.l2).toEqual([]);
    expect(none.description).toBe('none');
    const memory = await openSharedTier({ url: '', memoryBytes: 1 << 20 });
    expect(memory.l2.map((store) => store.name)).toEqual(['memory']);
    const cache = memory.cache<string>({ namespace: 'local', version: 1, codec: textCodec, ttlMs: HOUR, l1: { maxSize: 10 }, loader: () => 'v' });
    expect(await cache.fetch('k')).toBe('v');
    await cache.close();
    await Promise.all([none.close(), memory.close()]);
  });

  it('refuses a URL that is not a Redis URL, as --redis does', async () => {
    await expect(openSharedTier({ url: 'http://127.0.0.1:6379' })).rejects.toThrow(RedisUrlError);
    await expect(openSharedTier({ url: 'http://127.0.0.1:6379' })).rejects.toThrow(/unsupported scheme "http:"/);
  });

  it('names a store by its URL without the password', () => {
    const store = new RedisL2Store({ url: 'redis://user:secret@127.0.0.1:1/0', commandTimeoutMs: 100 });
    expect(store.name).not.toContain('secret');
    return store.close();
  });
});
