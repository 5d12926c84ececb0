import { describe, expect, it } from 'vitest';
import { BoundedCache, type PolicyName } from '../../src/cache/index.js';
import { recordRemovals } from './helpers.js';

interface Blob {
  readonly id: string;
  readonly bytes: number;
}

describe('count bound', () => {
  for (const policy of ['lru', 'tinylfu'] as const) {
    it(`never holds more than maxSize entries (${policy}), and evicts only as many as it must`, () => {
      const removals = recordRemovals<number, number>();
      const cache = new BoundedCache<number, number>({ maxSize: 50, policy, dispose: removals.dispose });
      for (let i = 0; i < 500; i++) {
        cache.set(i, i);
        expect(cache.size).toBe(Math.min(i + 1, 50));
        // Re-reading some keys must not break the bound either.
        if (i % 3 === 0) cache.get(i - 7);
      }
      expect([...cache.keys()]).toHaveLength(50);
      expect(cache.stats().removals.size).toBe(450);
      expect(removals.events.every((event) => event.cause === 'size')).toBe(true);
      for (const [key, value] of cache.entries()) expect(value).toBe(key);
    });
  }

  it('holds a single entry with maxSize 1', () => {
    for (const policy of ['lru', 'tinylfu'] as const) {
      const cache = new BoundedCache<string, number>({ maxSize: 1, policy });
      cache.set('a', 1).set('b', 2).set('c', 3);
      expect(cache.size).toBe(1);
    }
  });
});

describe('LRU order', () => {
  it('evicts exactly the least recently used entry; get() and rewrites refresh recency, peek/has do not', () => {
    const removals = recordRemovals<string, number>();
    const cache = new BoundedCache<string, number>({ maxSize: 3, policy: 'lru', dispose: removals.dispose });
    const evicted = (): string[] => removals.events.filter((e) => e.cause === 'size').map((e) => e.key);

    cache.set('a', 1).set('b', 2).set('c', 3); // order, oldest first: a b c
    cache.get('a'); // b c a
    cache.set('d', 4); // evicts b -> c a d
    expect(evicted()).toEqual(['b']);
    cache.peek('c');
    cache.has('c');
    cache.entryStats('c');
    cache.set('e', 5); // evicts c (peek/has did not refresh it) -> a d e
    expect(evicted()).toEqual(['b', 'c']);
    cache.set('a', 11); // rewrite refreshes a -> d e a
    cache.set('f', 6); // evicts d -> e a f
    expect(evicted()).toEqual(['b', 'c', 'd']);
    cache.get('e'); // a f e
    cache.get('missing');
    cache.set('g', 7); // evicts a -> f e g
    cache.set('h', 8); // evicts f -> e g h
    expect(evicted()).toEqual(['b', 'c', 'd', 'a', 'f']);
    expect([...cache.keys()].sort()).toEqual(['e', 'g', 'h']);
    expect(cache.get('e')).toBe(5); // g h e
    cache.delete('g'); // h e: room for one
    cache.set('i', 9); // no eviction -> h e i
    expect(evicted()).toHaveLength(5);
    cache.set('j', 10); // evicts h -> e i j
    expect(evicted()).toEqual(['b', 'c', 'd', 'a', 'f', 'h']);
    expect([...cache.keys()].sort()).toEqual(['e', 'i', 'j']);
  });
});

describe('W-TinyLFU against LRU', () => {
  /**
   * Fifty hot keys read in rounds, each round followed by a hundred one-off keys: between two
   * reads of a hot key LRU sees 149 other keys, so a 100-entry LRU never keeps one. Returns the
   * hot reads that hit in the last ten of `rounds` rounds, out of 500.
   */
  function hotHitsThroughScans(policy: PolicyName, rounds: number): number {
    const cache = new BoundedCache<string, number>({ maxSize: 100, policy });
    let hits = 0;
    let scanned = 0;
    for (let round = 0; round < rounds; round++) {
      for (let key = 0; key < 50; key++) {
        const hit = cache.get(`hot:${key}`) !== undefined;
        if (!hit) cache.set(`hot:${key}`, key);
        else if (round >= rounds - 10) hits++;
      }
      for (let i = 0; i < 100; i++, scanned++) {
        if (cache.get(`scan:${scanned}`) === undefined) cache.set(`scan:${scanned}`, scanned);
      }
    }
    return hits;
  }

  it('learns from the requests that frequency pays, and keeps a hot set through scans', () => {
    const cache = new BoundedCache<string, number>({ maxSize: 100 });
    // A cold cache is LRU until the yardstick has evidence: the window is the whole cache.
    expect(cache.policy().windowMaximum).toBe(100);
    expect(hotHitsThroughScans('tinylfu', 60)).toBeGreaterThanOrEqual(450);
    expect(hotHitsThroughScans('lru', 60)).toBe(0);
  });

  it('turns the window down to 1% once frequency is found ahead', () => {
    const cache = new BoundedCache<number, number>({ maxSize: 100 });
    for (let round = 0, scanned = 1000; round < 60; round++) {
      for (let key = 0; key < 50; key++) if (cache.get(key) === undefined) cache.set(key, key);
      for (let i = 0; i < 100; i++, scanned++) if (cache.get(scanned) === undefined) cache.set(scanned, scanned);
    }
    expect(cache.policy().windowMaximum).toBeLessThan(50);
  });

  it('serves a loop that fits from its second pass, as LRU does, after frequent keys filled the cache', () => {
    const hitsPerPass = (policy: PolicyName): number[] => {
      const cache = new BoundedCache<number, number>({ maxSize: 1000, policy });
      // Old keys, each read several times: frequent, by any count.
      for (let pass = 0; pass < 4; pass++) for (let key = 0; key < 1000; key++) if (cache.get(key) === undefined) cache.set(key, key);
      // Then a loop of new keys that fits in the cache, three passes.
      const hits: number[] = [];
      for (let pass = 0; pass < 3; pass++) {
        let passHits = 0;
        for (let key = 5000; key < 5900; key++) {
          if (cache.get(key) === undefined) cache.set(key, key);
          else passHits++;
        }
        hits.push(passHits);
      }
      return hits;
    };
    expect(hitsPerPass('lru')).toEqual([0, 900, 900]);
    expect(hitsPerPass('tinylfu')).toEqual([0, 900, 900]);
  });

  it('is the default policy', () => {
    const cache = new BoundedCache<string, number>({ maxSize: 100 });
    expect(cache.policy().policy).toBe('tinylfu');
    expect(new BoundedCache<string, number>({ maxSize: 100, policy: 'lru' }).policy().policy).toBe('lru');
  });
});

describe('weight bound', () => {
  const weigher = (blob: Blob): number => blob.bytes;

  it('keeps the total weight within maxWeight, for both policies', () => {
    for (const policy of ['lru', 'tinylfu'] as const) {
      const cache = new BoundedCache<string, Blob>({ maxWeight: 100, weigher, policy });
      for (let i = 0; i < 300; i++) {
        cache.set(`k${i % 120}`, { id: `${i}`, bytes: (i * 37) % 41 });
        expect(cache.weight).toBeLessThanOrEqual(100);
        const held = [...cache.entries()].reduce((sum, [, blob]) => sum + blob.bytes, 0);
        expect(cache.weight).toBe(held);
        expect(cache.stats().weight).toBe(held);
      }
    }
  });

  it('refuses an entry heavier than maxWeight with cause "size", and never stores it', () => {
    const removals = recordRemovals<string, Blob>();
    const cache = new BoundedCache<string, Blob>({ maxWeight: 100, weigher, dispose: removals.dispose });
    const small: Blob = { id: 'small', bytes: 10 };
    const huge: Blob = { id: 'huge', bytes: 101 };
    cache.set('s', small);
    expect(cache.set('h', huge)).toBe(cache);
    expect(cache.get('h')).toBeUndefined();
    expect(cache.has('h')).toBe(false);
    expect(cache.get('s')).toBe(small);
    expect(cache.size).toBe(1);
    expect(cache.weight).toBe(10);
    expect(removals.events).toEqual([{ key: 'h', value: huge, cause: 'size' }]);
    expect(cache.stats().removals.size).toBe(1);

    // Over an existing key: the new value is refused and the old one goes too (it would be stale).
    cache.set('s', { id: 'huge2', bytes: 500 });
    expect(cache.has('s')).toBe(false);
    expect(cache.size).toBe(0);
    expect(cache.weight).toBe(0);
    expect(removals.events.slice(1).map((e) => `${e.key}:${e.value?.id}:${e.cause}`)).toEqual(['s:small:replaced', 's:huge2:size']);
  });

  it('accepts an entry of exactly maxWeight, pushing the rest out', () => {
    for (const policy of ['lru', 'tinylfu'] as const) {
      const cache = new BoundedCache<string, Blob>({ maxWeight: 100, weigher, policy });
      cache.set('a', { id: 'a', bytes: 30 }).set('b', { id: 'b', bytes: 30 });
      cache.set('full', { id: 'full', bytes: 100 });
      expect(cache.weight).toBeLessThanOrEqual(100);
      if (policy === 'lru') {
        expect([...cache.keys()]).toEqual(['full']);
        expect(cache.weight).toBe(100);
      }
    }
  });

  it('tracks weight through rewrites that change it', () => {
    const cache = new BoundedCache<string, Blob>({ maxWeight: 100, weigher, policy: 'lru' });
    cache.set('a', { id: 'a1', bytes: 20 }).set('b', { id: 'b', bytes: 30 });
    expect(cache.weight).toBe(50);
    cache.set('a', { id: 'a2', bytes: 60 });
    expect(cache.weight).toBe(90);
    cache.set('a', { id: 'a3', bytes: 80 }); // 110: b (least recently used) must go
    expect(cache.weight).toBe(80);
    expect([...cache.keys()]).toEqual(['a']);
    cache.set('a', { id: 'a4', bytes: 0 });
    expect(cache.weight).toBe(0);
  });

  it('holds maxSize and maxWeight together', () => {
    for (const policy of ['lru', 'tinylfu'] as const) {
      const cache = new BoundedCache<number, Blob>({ maxSize: 5, maxWeight: 50, weigher, policy });
      for (let i = 0; i < 400; i++) {
        // Light entries test the count bound, heavy ones the weight bound.
        cache.set(i % 60, { id: `${i}`, bytes: i % 7 === 0 ? 30 : i % 3 });
        if (i % 4 === 0) cache.get((i * 7) % 60);
        expect(cache.size).toBeLessThanOrEqual(5);
        expect(cache.weight).toBeLessThanOrEqual(50);
      }
      const lights = new BoundedCache<number, Blob>({ maxSize: 5, maxWeight: 50, weigher, policy });
      for (let i = 0; i < 20; i++) lights.set(i, { id: `${i}`, bytes: 1 });
      expect(lights.size).toBe(5);
      expect(lights.weight).toBe(5);
    }
  });
});
