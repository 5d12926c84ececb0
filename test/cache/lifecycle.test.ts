import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/cache/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { recordRemovals, sleep } from './helpers.js';

function timeouts(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('clear() and [Symbol.dispose]()', () => {
  for (const end of ['clear', 'dispose'] as const) {
    it(`${end} removes every entry with cause "explicit", and the cache works afterwards`, () => {
      const clock = new ManualClock();
      const removals = recordRemovals<number, string>();
      const cache = new BoundedCache<number, string>({ maxSize: 4, ttl: 1000, clock, policy: 'lru', dispose: removals.dispose });
      for (let i = 0; i < 4; i++) cache.set(i, `v${i}`);
      cache.get(0);
      if (end === 'clear') cache.clear();
      else cache[Symbol.dispose]();

      expect(cache.size).toBe(0);
      expect(cache.weight).toBe(0);
      expect([...cache.keys()]).toEqual([]);
      for (let i = 0; i < 4; i++) expect(cache.has(i)).toBe(false);
      expect(removals.events.map((e) => `${e.key}=${e.value}:${e.cause}`).sort()).toEqual(['0=v0:explicit', '1=v1:explicit', '2=v2:explicit', '3=v3:explicit']);
      expect(cache.stats().removals.explicit).toBe(4);
      // Statistics survive.
      expect(cache.stats().hits).toBe(1);

      // Still bounded, still LRU, still expiring.
      removals.events.length = 0;
      for (let i = 10; i < 16; i++) cache.set(i, `v${i}`);
      expect(cache.size).toBe(4);
      expect(removals.events.map((e) => `${e.key}:${e.cause}`)).toEqual(['10:size', '11:size']);
      expect(cache.get(12)).toBe('v12');
      clock.advance(1000);
      expect(cache.get(12)).toBeUndefined();
      expect(cache.evictExpired()).toBe(3);
      expect(cache.size).toBe(0);
    });
  }

  it('clear() on a W-TinyLFU cache leaves it bounded and usable', () => {
    const cache = new BoundedCache<number, number>({ maxSize: 20 });
    for (let i = 0; i < 100; i++) cache.set(i % 30, i);
    cache.clear();
    expect(cache.size).toBe(0);
    for (let i = 0; i < 100; i++) {
      cache.set(i, i);
      expect(cache.size).toBeLessThanOrEqual(20);
    }
    expect(cache.size).toBe(20);
    expect([...cache.entries()].every(([key, value]) => key === value)).toBe(true);
  });
});

describe('sweepInterval', () => {
  it('sweeps an idle cache on an unref\'d timer: the expired entry goes without any access', async () => {
    const removals = recordRemovals<string, string>();
    const before = timeouts();
    const swept = new BoundedCache<string, string>({ maxSize: 10, ttl: 5, sweepInterval: 20, dispose: removals.dispose });
    // The timer must not keep the process alive.
    expect(timeouts()).toBe(before);
    // The same cache without the interval, as a control.
    const idle = new BoundedCache<string, string>({ maxSize: 10, ttl: 5 });
    swept.set('a', 'A');
    idle.set('a', 'A');
    expect(swept.size).toBe(1);

    // A periodic sweep need not look at every entry every time (the timer-wheel version worked
    // in 1.024 s buckets), so the entry may take a while past its ttl to go. Wait generously;
    // only the outcome is asserted.
    for (let waited = 0; waited < 5000 && swept.size > 0; waited += 20) await sleep(20);

    expect(swept.size).toBe(0);
    expect(removals.events).toEqual([{ key: 'a', value: 'A', cause: 'expired' }]);
    expect(swept.stats().removals.expired).toBe(1);
    // Nothing swept the control, which has only lazy expiry.
    expect(idle.size).toBe(1);
    expect(idle.get('a')).toBeUndefined();
    swept[Symbol.dispose]();
  });
});

describe('get-miss-then-set (set() skips its lookup after a miss on the same key)', () => {
  it('a second set of the missed key replaces the first instead of adding a duplicate', () => {
    const removals = recordRemovals<string, string>();
    const cache = new BoundedCache<string, string>({ maxSize: 10, dispose: removals.dispose });
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 'first');
    cache.set('k', 'second');
    expect(cache.size).toBe(1);
    expect(cache.get('k')).toBe('second');
    expect(removals.events).toEqual([{ key: 'k', value: 'first', cause: 'replaced' }]);
    expect(cache.stats().removals.replaced).toBe(1);
  });

  it('a set of another key in between does not let a later set of the missed key duplicate it', () => {
    const cache = new BoundedCache<string, number>({ maxSize: 10 });
    expect(cache.get('a')).toBeUndefined();
    cache.set('b', 1);
    cache.set('a', 1);
    cache.set('a', 2);
    expect(cache.size).toBe(2);
    expect([...cache.entries()].sort()).toEqual([['a', 2], ['b', 1]]);
  });

  it('a value loaded by fetch() after the miss is replaced, not duplicated, by a later set', async () => {
    const cache = new BoundedCache<string, number>({ maxSize: 10, loader: () => Promise.resolve(1) });
    expect(cache.get('k')).toBeUndefined();
    await cache.fetch('k');
    cache.set('k', 2);
    expect(cache.size).toBe(1);
    expect(cache.get('k')).toBe(2);
  });
});
