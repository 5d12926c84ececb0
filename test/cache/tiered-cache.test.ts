import { describe, expect, it } from 'vitest';
import { binaryCodec, CacheOptionError, MemoryL2Store, TieredCache, type Codec, type L2Store, type TieredCacheOptions } from '../../src/cache/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { deferred, HOUR, MINUTE, SECOND } from './helpers.js';

/** Values of these tests: text, framed like every binary codec. */
const textCodec: Codec<string> = binaryCodec<string>({
  name: 'test.text',
  write: (text, writer) => {
    writer.string(text);
  },
  read: (reader) => reader.string('text'),
});

/** A wall clock for the L2 stores that moves only when told to, starting at a real epoch time. */
function wallClock(): ManualClock {
  return new ManualClock(Date.UTC(2024, 0, 2, 9));
}

/** A tiered cache of text with a counting loader: the source says `${key}@${loads}`. */
function textCache(overrides: Partial<TieredCacheOptions<string>> & { l2: readonly L2Store[]; wall: ManualClock; l1Clock?: ManualClock }) {
  const sourceLoads: string[] = [];
  const cache = new TieredCache<string>({
    namespace: 'text',
    version: 1,
    codec: textCodec,
    ttlMs: 6 * HOUR,
    l1: { maxSize: 100, clock: overrides.l1Clock ?? new ManualClock() },
    wallClock: overrides.wall,
    loader: (key) => {
      sourceLoads.push(key);
      return `${key}@${sourceLoads.length}`;
    },
    ...overrides,
  });
  return { cache, sourceLoads };
}

describe('TieredCache over in-memory L2 stores', () => {
  it('loads a cold key once, stores it in L1 and L2, and serves it from L1 afterwards', async () => {
    const wall = wallClock();
    const store = new MemoryL2Store({ maxBytes: 1 << 20, wallClock: wall });
    const { cache, sourceLoads } = textCache({ l2: [store], wall });
    expect(await cache.fetch('a')).toBe('a@1');
    expect(await cache.fetch('a')).toBe('a@1');
    expect(sourceLoads).toEqual(['a']);
    const entry = await store.get(cache.storedKey('a'));
    expect(entry?.expiresAt).toBe(wall.now() + 6 * HOUR);
    expect(textCodec.decode(entry!.bytes)).toBe('a@1');
    const stats = cache.stats();
    expect(stats).toMatchObject({ loads: 1, l2Hits: 0, l2Misses: 2, fallbacks: 0, l2Errors: 0, l2Timeouts: 0 });
    expect(stats.l1).toMatchObject({ hits: 1, misses: 1, size: 1 });
    await cache.close();
  });

  it('refills L1 and the faster stores with the time LEFT in L2, not the full ttl', async () => {
    const wall = wallClock();
    const fast = new MemoryL2Store({ maxBytes: 1 << 20, wallClock: wall, name: 'fast' });
    const slow = new MemoryL2Store({ maxBytes: 1 << 20, wallClock: wall, name: 'slow' });
    const writer = textCache({ l2: [slow], wall });
    await writer.cache.fetch('k');
    wall.advance(4 * HOUR);

    const l1Clock = new ManualClock();
    const reader = textCache({ l2: [fast, slow], wall, l1Clock });
    expect(await reader.cache.fetch('k')).toBe('k@1');
    expect(reader.sourceLoads).toEqual([]);
    expect(reader.cache.stats()).toMatchObject({ l2Hits: 1, l2Misses: 1, loads: 0 });
    // Two of the six hours are left, in L1 and in the faster store alike.
    expect(reader.cache.entryStats('k')?.expiresIn).toBe(2 * HOUR);
    expect((await fast.get(reader.cache.storedKey('k')))?.expiresAt).toBe(wall.now() + 2 * HOUR);

    l1Clock.advance(2 * HOUR);
    expect(reader.cache.peek('k')).toBeUndefined();
    wall.advance(2 * HOUR);
    expect(await reader.cache.fetch('k')).toBe('k@1');
    // Expired everywhere: loaded from the source again.
    expect(reader.sourceLoads).toEqual(['k']);
    await Promise.all([writer.cache.close(), reader.cache.close()]);
  });

  it('caps the L1 ttl with l1MaxTtlMs and re-reads L2 after it', async () => {
    const wall = wallClock();
    const store = new MemoryL2Store({ maxBytes: 1 << 20, wallClock: wall });
    const l1Clock = new ManualClock();
    const { cache, sourceLoads } = textCache({ l2: [store], wall, l1Clock, l1MaxTtlMs: 10 * MINUTE });
    await cache.fetch('m');
    expect(cache.entryStats('m')?.expiresIn).toBe(10 * MINUTE);
    l1Clock.advance(10 * MINUTE);
    wall.advance(10 * MINUTE);
    expect(await cache.fetch('m')).toBe('m@1');
    expect(sourceLoads).toEqual(['m']);
    expect(cache.stats().l2Hits).toBe(1);
    await cache.close();
  });

  it('keeps versions apart: a new version never reads bytes of an old one', async () => {
    const wall = wallClock();
    const store = new MemoryL2Store({ maxBytes: 1 << 20, wallClock: wall });
    const v1 = textCache({ l2: [store], wall, version: 1 });
    const v2 = textCache({ l2: [store], wall, version: '2' });
    expect(v1.cache.storedKey('x')).toBe('text:v1:x');
    expect(v2.cache.storedKey('x')).toBe('text:v2:x');
    await v1.cache.fetch('x');
    expect(await v2.cache.fetch('x')).toBe('x@1');
    expect(v2.sourceLoads).toEqual(['x']);
    expect(v2.cache.stats().l2Hits).toBe(0);
    expect(store.size).toBe(2);
    await Promise.all([v1.cache.close(), v2.cache.close()]);
  });

  it('shares one load between concurrent fetches in a process', async () => {
    const wall = wallClock();
    const gate = deferred<string>();
    let calls = 0;
    const cache = new TieredCache<string>({
      namespace: 'text', version: 1, codec: textCodec, ttlMs: HOUR, l1: { maxSize: 10 }, wallClock: wall,
      l2: [new MemoryL2Store({ maxBytes: 1 << 20, wallClock: wall })],
      loader: () => {
        calls++;
        return gate.promise;
      },
    });
    const fetches = [cache.fetch('s'), cache.fetch('s'), cache.fetch('s')];
    await Promise.resolve();
    gate.resolve('S');
    expect(await Promise.all(fetches)).toEqual(['S', 'S', 'S']);
    expect(calls).toBe(1);
    await cache.close();
  });

  it('loads a cold key once across caches sharing a store with locks: the others wait for its value', async () => {
    const wall = wallClock();
    const store = new MemoryL2Store({ maxBytes: 1 << 20, wallClock: wall });
    const gate = deferred<undefined>();
    let loads = 0;
    const caches = [0, 1, 2].map(() => new TieredCache<string>({
      namespace: 'text', version: 1, codec: textCodec, ttlMs: HOUR, l1: { maxSize: 10 }, wallClock: wall, l2: [store],
      lockPollMs: 1,
      loader: async (key) => {
        loads++;
        await gate.promise;
        return `${key}!`;
      },
    }));
    const fetches = caches.map((cache) => cache.fetch('cold'));
    // Let all three reach the lock before the holder finishes.
    await new Promise((resolve) => setTimeout(resolve, 20));
    gate.resolve(undefined);
    expect(await Promise.all(fetches)).toEqual(['cold!', 'cold!', 'cold!']);
    expect(loads).toBe(1);
    const stats = caches.map((cache) => cache.stats());
    expect(stats.map((s) => s.lockWaits).sort()).toEqual([0, 1, 1]);
    expect(stats.reduce((sum, s) => sum + s.l2Hits, 0)).toBe(2);
    await Promise.all(caches.map((cache) => cache.close()));
  });

  it('invalidates a key in every tier and in the L1 of every cache subscribed to the namespace', async () => {
    const wall = wallClock();
    const store = new MemoryL2Store({ maxBytes: 1 << 20, wallClock: wall });
    const a = textCache({ l2: [store], wall });
    const b = textCache({ l2: [store], wall });
    const other = textCache({ l2: [store], wall, namespace: 'other' });
    await Promise.all([a.cache.ready(), b.cache.ready(), other.cache.ready()]);
    await a.cache.fetch('i');
    await b.cache.fetch('i');
    await other.cache.fetch('i');
    expect(b.cache.peek('i')).toBe('i@1');

    await a.cache.invalidate('i');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(a.cache.peek('i')).toBeUndefined();
    expect(b.cache.peek('i')).toBeUndefined();
    expect(await store.get(a.cache.storedKey('i'))).toBeUndefined();
    // Another namespace is not touched.
    expect(other.cache.peek('i')).toBe('i@1');
    expect(b.cache.stats().invalidationsReceived).toBe(1);
    expect(a.cache.stats().invalidationsReceived).toBe(0);
    expect(other.cache.stats().invalidationsReceived).toBe(0);
    // The next fetch goes to the source.
    expect(await b.cache.fetch('i')).toBe('i@1');
    expect(b.sourceLoads).toEqual(['i']);
    await Promise.all([a.cache.close(), b.cache.close(), other.cache.close()]);
  });

  it('treats bytes that do not decode as a miss, loads from the source and overwrites them', async () => {
    const wall = wallClock();
    const store = new MemoryL2Store({ maxBytes: 1 << 20, wallClock: wall });
    const { cache, sourceLoads } = textCache({ l2: [store], wall });
    const good = textCodec.encode('stale');
    const corrupted = good.slice();
    corrupted[corrupted.length - 1]! ^= 0x01;
    await store.set(cache.storedKey('c'), corrupted, HOUR);
    expect(await cache.fetch('c')).toBe('c@1');
    expect(sourceLoads).toEqual(['c']);
    expect(cache.stats()).toMatchObject({ codecErrors: 1, l2Hits: 0, loads: 1, fallbacks: 0 });
    expect(textCodec.decode((await store.get(cache.storedKey('c')))!.bytes)).toBe('c@1');
    await cache.close();
  });

  it('passes a loader failure to the callers and caches nothing', async () => {
    const wall = wallClock();
    const store = new MemoryL2Store({ maxBytes: 1 << 20, wallClock: wall });
    let fail = true;
    const cache = new TieredCache<string>({
      namespace: 'text', version: 1, codec: textCodec, ttlMs: HOUR, l1: { maxSize: 10 }, wallClock: wall, l2: [store],
      loader: (key) => {
        if (fail) throw new Error(`source down for ${key}`);
        return 'fine';
      },
    });
    await expect(cache.fetch('f')).rejects.toThrow('source down for f');
    expect(store.size).toBe(0);
    fail = false;
    expect(await cache.fetch('f')).toBe('fine');
    expect(cache.stats()).toMatchObject({ loads: 2, loadFailures: 1 });
    await cache.close();
  });

  it('works from L1 alone without any L2 store', async () => {
    const { cache, sourceLoads } = textCache({ l2: [], wall: wallClock() });
    expect(await cache.fetch('solo')).toBe('solo@1');
    expect(await cache.fetch('solo')).toBe('solo@1');
    await cache.set('pre', 'loaded');
    expect(await cache.fetch('pre')).toBe('loaded');
    expect(sourceLoads).toEqual(['solo']);
    expect(cache.stats()).toMatchObject({ loads: 1, l2Hits: 0, l2Misses: 0, fallbacks: 0 });
    await cache.close();
  });

  it('bounds the in-memory L2 store by bytes', async () => {
    const wall = wallClock();
    const store = new MemoryL2Store({ maxBytes: 1_000, wallClock: wall });
    for (let i = 0; i < 50; i++) await store.set(`k${i}`, new Uint8Array(100), 10 * SECOND);
    expect(store.bytes).toBeLessThanOrEqual(1_000);
    expect(store.size).toBeLessThanOrEqual(10);
  });

  it('names the option that is wrong', () => {
    const base = { version: 1, codec: textCodec, ttlMs: HOUR, l1: { maxSize: 10 } };
    expect(() => new TieredCache<string>({ ...base, namespace: 'has:colon' })).toThrow(CacheOptionError);
    expect(() => new TieredCache<string>({ ...base, namespace: 'has:colon' })).toThrow(/namespace must be/);
    expect(() => new TieredCache<string>({ ...base, namespace: 'ok', ttlMs: 0 })).toThrow(/ttlMs must be/);
    expect(() => new TieredCache<string>({ ...base, namespace: 'ok', version: 'a b' })).toThrow(/version must be/);
    expect(() => new TieredCache<string>({ ...base, namespace: 'ok', l2TimeoutMs: -1 })).toThrow(/l2TimeoutMs must be/);
    expect(() => new MemoryL2Store({ maxBytes: 0 })).toThrow(/maxBytes must be/);
  });
});
