import { describe, expect, it } from 'vitest';
import { BoundedCache, REMOVAL_CAUSES, wasEvicted, type RemovalCause, type RemovalEvent } from '../../src/cache/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { recordRemovals } from './helpers.js';

function observedCache(options: { maxSize?: number; ttl?: number; clock?: ManualClock } = {}) {
  const removals = recordRemovals<string, number>();
  const errors: unknown[] = [];
  const cache = new BoundedCache<string, number>({
    maxSize: options.maxSize ?? 3,
    ttl: options.ttl,
    clock: options.clock,
    policy: 'lru',
    dispose: removals.dispose,
    onCallbackError: (error) => errors.push(error),
  });
  const events: RemovalEvent<string, number>[] = [];
  const unsubscribe = cache.onRemoval((event) => events.push(event));
  return { cache, removals, events, errors, unsubscribe };
}

describe('removal events and the dispose callback', () => {
  it('reports "size" for an entry pushed out by the bound, to dispose and to listeners alike', () => {
    const { cache, removals, events } = observedCache({ maxSize: 2 });
    cache.set('a', 1).set('b', 2).set('c', 3);
    expect(removals.events).toEqual([{ key: 'a', value: 1, cause: 'size' }]);
    expect(events).toEqual([{ key: 'a', value: 1, cause: 'size' }]);
  });

  it('reports "explicit" for delete(), and nothing for deleting an absent key', () => {
    const { cache, removals } = observedCache();
    cache.set('a', 1);
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    expect(cache.delete('never')).toBe(false);
    expect(removals.events).toEqual([{ key: 'a', value: 1, cause: 'explicit' }]);
    expect(cache.stats().removals.explicit).toBe(1);
  });

  it('reports "explicit" for every entry on clear() and on [Symbol.dispose]()', () => {
    const { cache, removals } = observedCache();
    cache.set('a', 1).set('b', 2);
    cache.clear();
    expect(removals.events.map((e) => `${e.key}=${e.value}:${e.cause}`).sort()).toEqual(['a=1:explicit', 'b=2:explicit']);
    cache.set('c', 3);
    cache[Symbol.dispose]();
    expect(removals.events.at(-1)).toEqual({ key: 'c', value: 3, cause: 'explicit' });
    expect(cache.stats().removals.explicit).toBe(3);
    expect(cache.stats().evictions).toBe(0);
  });

  it('reports "replaced" with the old value when set() stores a different value; the same value again is no replacement', () => {
    const { cache, removals } = observedCache();
    cache.set('a', 1);
    cache.set('a', 1);
    expect(removals.events).toEqual([]);
    cache.set('a', 2);
    expect(removals.events).toEqual([{ key: 'a', value: 1, cause: 'replaced' }]);
    expect(cache.get('a')).toBe(2);
    const stats = cache.stats();
    expect(stats.removals.replaced).toBe(1);
    expect(stats.evictions).toBe(0);
    expect(stats.size).toBe(1);
  });

  it('compares values by identity: an equal but distinct object is a replacement', () => {
    const cache = new BoundedCache<string, { n: number }>({ maxSize: 3 });
    const causes: RemovalCause[] = [];
    cache.onRemoval((event) => causes.push(event.cause));
    const value = { n: 1 };
    cache.set('a', value);
    cache.set('a', value);
    cache.set('a', { n: 1 });
    expect(causes).toEqual(['replaced']);
  });

  it('reports "expired" for lazily expired and swept entries', () => {
    const clock = new ManualClock();
    const { cache, removals } = observedCache({ ttl: 100, clock, maxSize: 10 });
    cache.set('a', 1).set('b', 2);
    clock.advance(100);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.evictExpired()).toBe(1);
    expect(removals.events).toEqual([
      { key: 'a', value: 1, cause: 'expired' },
      { key: 'b', value: 2, cause: 'expired' },
    ]);
  });

  it('delivers callbacks after the cache is updated, and lets them use the cache', () => {
    const seen: string[] = [];
    const cache: BoundedCache<string, number> = new BoundedCache<string, number>({
      maxSize: 10,
      dispose: (_value, key, cause) => {
        seen.push(`${key}:${cause}:has=${cache.has(key)}:size=${cache.size}`);
        if (key === 'a') cache.set('b', 20);
      },
    });
    cache.set('a', 1).set('b', 2);
    cache.delete('a');
    // The nested set()'s own removal is delivered too, after the one that caused it.
    expect(seen).toEqual(['a:explicit:has=false:size=1', 'b:replaced:has=true:size=1']);
    expect(cache.get('b')).toBe(20);
  });

  it('stops calling a listener once unsubscribed, and keeps calling the others', () => {
    const { cache, events, unsubscribe } = observedCache({ maxSize: 10 });
    const other: RemovalCause[] = [];
    cache.onRemoval((event) => other.push(event.cause));
    cache.set('a', 1);
    cache.delete('a');
    unsubscribe();
    cache.set('b', 2);
    cache.delete('b');
    expect(events.map((e) => e.key)).toEqual(['a']);
    expect(other).toEqual(['explicit', 'explicit']);
  });

  it('survives a throwing dispose callback: the operation completes and the error goes to onCallbackError', () => {
    const errors: unknown[] = [];
    const failure = new Error('dispose failed');
    const listened: string[] = [];
    const cache = new BoundedCache<string, number>({
      maxSize: 2,
      policy: 'lru',
      dispose: () => {
        throw failure;
      },
      onCallbackError: (error) => errors.push(error),
    });
    cache.onRemoval((event) => listened.push(`${event.key}:${event.cause}`));
    cache.set('a', 1).set('b', 2);
    expect(() => cache.set('c', 3)).not.toThrow();
    expect([...cache.keys()].sort()).toEqual(['b', 'c']);
    expect(() => cache.set('b', 22)).not.toThrow();
    expect(cache.get('b')).toBe(22);
    expect(cache.delete('c')).toBe(true);
    expect(cache.has('c')).toBe(false);
    expect(() => cache.clear()).not.toThrow();
    expect(cache.size).toBe(0);
    // Four removals, four errors, and the listener saw every removal despite them.
    expect(errors).toEqual([failure, failure, failure, failure]);
    expect(listened).toEqual(['a:size', 'b:replaced', 'c:explicit', 'b:explicit']);
  });

  it('routes a throwing listener to onCallbackError too', () => {
    const { cache, errors, removals } = observedCache();
    const failure = new Error('listener failed');
    cache.onRemoval(() => {
      throw failure;
    });
    cache.set('a', 1);
    expect(cache.delete('a')).toBe(true);
    expect(errors).toEqual([failure]);
    expect(removals.events).toHaveLength(1);
  });

  it('turns a callback error into a process warning when no onCallbackError is given', async () => {
    const cache = new BoundedCache<string, number>({
      maxSize: 10,
      dispose: () => {
        throw new Error('dispose exploded');
      },
    });
    const warning = new Promise<Error & { code?: string }>((resolve) => process.once('warning', resolve));
    cache.set('a', 1);
    expect(cache.delete('a')).toBe(true);
    const emitted = await warning;
    expect(emitted).toBeInstanceOf(Error);
    expect(emitted.message).toContain('dispose exploded');
    expect(cache.has('a')).toBe(false);
  });

  // Node ignores emitWarning's options for an Error object; the cache passes the parts instead.
  it('gives that process warning the code TENURE_CACHE_CALLBACK', async () => {
    const cache = new BoundedCache<string, number>({
      maxSize: 10,
      dispose: () => {
        throw new Error('dispose exploded again');
      },
    });
    const warning = new Promise<Error & { code?: string }>((resolve) => process.once('warning', resolve));
    cache.set('a', 1);
    cache.delete('a');
    expect((await warning).code).toBe('TENURE_CACHE_CALLBACK');
  });

  it('classifies causes: expired, size and collected are evictions; explicit and replaced are not', () => {
    expect([...REMOVAL_CAUSES].sort()).toEqual(['collected', 'expired', 'explicit', 'replaced', 'size']);
    expect(REMOVAL_CAUSES.filter(wasEvicted).sort()).toEqual(['collected', 'expired', 'size']);
  });
});

describe('cache statistics', () => {
  it('starts at zero, with a hit rate of 1 when there were no requests', () => {
    const cache = new BoundedCache<string, number>({ maxSize: 10 });
    expect(cache.stats()).toEqual({
      hits: 0,
      misses: 0,
      requests: 0,
      hitRate: 1,
      loadSuccesses: 0,
      loadFailures: 0,
      loadCancellations: 0,
      totalLoadTime: 0,
      averageLoadPenalty: 0,
      removals: { expired: 0, size: 0, collected: 0, explicit: 0, replaced: 0 },
      evictions: 0,
      size: 0,
      weight: 0,
    });
  });

  it('counts hits and misses of get() only; peek, has, entryStats, keys and entries are not requests', () => {
    const cache = new BoundedCache<string, number>({ maxSize: 10 });
    cache.set('a', 1).set('b', 2);
    cache.get('a');
    cache.get('a');
    cache.get('b');
    cache.get('zzz');
    cache.peek('a');
    cache.peek('zzz');
    cache.has('b');
    cache.has('zzz');
    cache.entryStats('a');
    expect([...cache.keys()]).toHaveLength(2);
    expect([...cache.entries()]).toHaveLength(2);
    const stats = cache.stats();
    expect(stats.hits).toBe(3);
    expect(stats.misses).toBe(1);
    expect(stats.requests).toBe(4);
    expect(stats.hitRate).toBe(0.75);
  });

  it('counts evictions by cause, and reports size and weight', () => {
    const clock = new ManualClock();
    const cache = new BoundedCache<string, number>({ maxSize: 3, maxWeight: 100, weigher: (v) => v, ttl: 1000, clock, policy: 'lru' });
    cache.set('a', 10).set('b', 20).set('c', 30);
    expect(cache.stats()).toMatchObject({ size: 3, weight: 60 });
    cache.set('d', 40); // evicts a (size)
    cache.set('b', 25); // replaces b
    cache.delete('c'); // explicit
    cache.set('e', 1, { ttl: 10 });
    clock.advance(10);
    cache.evictExpired(); // e expires
    const stats = cache.stats();
    expect(stats.removals).toEqual({ expired: 1, size: 1, collected: 0, explicit: 1, replaced: 1 });
    expect(stats.evictions).toBe(2);
    expect(stats.size).toBe(2);
    expect(stats.weight).toBe(65);
    expect(cache.size).toBe(2);
    expect(cache.weight).toBe(65);
  });

  it('resetStats() zeroes the counters but keeps the contents', () => {
    const cache = new BoundedCache<string, number>({ maxSize: 2, policy: 'lru' });
    cache.set('a', 1).set('b', 2).set('c', 3);
    cache.get('b');
    cache.get('a');
    cache.delete('c');
    cache.resetStats();
    const stats = cache.stats();
    expect(stats).toMatchObject({ hits: 0, misses: 0, requests: 0, hitRate: 1, evictions: 0, size: 1, weight: 1 });
    expect(stats.removals).toEqual({ expired: 0, size: 0, collected: 0, explicit: 0, replaced: 0 });
    expect(cache.get('b')).toBe(2);
    expect(cache.stats().hits).toBe(1);
  });
});

describe('per-entry statistics', () => {
  it('reports age since the last write, reads since the write, and the time of the last read', () => {
    const clock = new ManualClock(1000);
    const cache = new BoundedCache<string, number>({ maxSize: 10, clock });
    cache.set('a', 1);
    clock.advance(300);
    expect(cache.entryStats('a')).toEqual({ age: 300, accessCount: 0, lastAccess: 1000, expiresIn: Infinity });
    cache.get('a');
    clock.advance(50);
    cache.get('a');
    clock.advance(150);
    expect(cache.entryStats('a')).toEqual({ age: 500, accessCount: 2, lastAccess: 1350, expiresIn: Infinity });
    // A rewrite restarts the age; the access history of the entry stays.
    cache.set('a', 2);
    expect(cache.entryStats('a')).toMatchObject({ age: 0, accessCount: 2, lastAccess: 1350 });
    clock.advance(25);
    expect(cache.entryStats('a')?.age).toBe(25);
    expect(cache.entryStats('missing')).toBeUndefined();
  });

  it('is not an access: no hit, no access count, and no change of LRU order', () => {
    const clock = new ManualClock();
    const cache = new BoundedCache<string, number>({ maxSize: 2, clock, policy: 'lru' });
    cache.set('a', 1).set('b', 2);
    clock.advance(10);
    for (let i = 0; i < 5; i++) {
      cache.entryStats('a');
      cache.peek('a');
      cache.has('a');
    }
    expect(cache.stats().hits).toBe(0);
    expect(cache.stats().misses).toBe(0);
    expect(cache.entryStats('a')).toMatchObject({ accessCount: 0, lastAccess: 0 });
    cache.set('c', 3);
    // "a" is still the least recently used, so it went.
    expect(cache.has('a')).toBe(false);
    expect(cache.has('b')).toBe(true);
  });

  it('counts a fetch() hit as an access', async () => {
    const clock = new ManualClock();
    const cache = new BoundedCache<string, number>({ maxSize: 2, clock, loader: () => 7 });
    await cache.fetch('a');
    clock.advance(40);
    await cache.fetch('a');
    expect(cache.entryStats('a')).toMatchObject({ accessCount: 1, lastAccess: 40 });
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
  });
});
