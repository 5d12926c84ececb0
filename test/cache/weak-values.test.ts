import { describe, expect, it } from 'vitest';
import { BoundedCache, CacheOptionError, type RemovalEvent } from '../../src/cache/index.js';
import { ManualClock } from '../../src/clock/index.js';
import { collectGarbage, recordRemovals } from './helpers.js';

interface Payload {
  readonly id: string;
  readonly data: number[];
}

type WeakCache = BoundedCache<string, Payload>;

/**
 * Stores a fresh object under each key. The objects are created here, so that once this
 * function returns nothing but the cache refers to them.
 */
function fillWithUnreferenced(cache: WeakCache, keys: readonly string[]): WeakRef<Payload>[] {
  return keys.map((key) => {
    const value: Payload = { id: key, data: new Array<number>(1000).fill(1) };
    cache.set(key, value);
    // Lets the test check that the value really was collected, without keeping it alive.
    return new WeakRef(value);
  });
}

function weakCache() {
  const removals = recordRemovals<string, Payload>();
  const events: RemovalEvent<string, Payload>[] = [];
  const cache: WeakCache = new BoundedCache<string, Payload>({ maxSize: 100, weakValues: true, dispose: removals.dispose });
  cache.onRemoval((event) => events.push(event));
  return { cache, removals, events };
}

const KEYS = ['a', 'b', 'c', 'd', 'e'];

describe('weak values', () => {
  it('drops entries whose values were garbage collected, with cause "collected"', async () => {
    const { cache, removals, events } = weakCache();
    fillWithUnreferenced(cache, KEYS);
    expect(cache.size).toBe(KEYS.length);

    await collectGarbage(() => cache.size === 0);

    expect(cache.size).toBe(0);
    for (const key of KEYS) {
      expect(cache.get(key)).toBeUndefined();
      expect(cache.has(key)).toBe(false);
    }
    const stats = cache.stats();
    expect(stats.removals.collected).toBe(KEYS.length);
    expect(stats.evictions).toBe(KEYS.length);
    expect(stats.removals.explicit + stats.removals.size + stats.removals.expired + stats.removals.replaced).toBe(0);
    expect(removals.events.map((event) => event.cause)).toEqual(KEYS.map(() => 'collected'));
    expect(removals.events.every((event) => event.value === undefined)).toBe(true);
    expect(new Set(removals.events.map((event) => event.key))).toEqual(new Set(KEYS));
    expect(events.map((event) => [event.key, event.value, event.cause]).sort()).toEqual(KEYS.map((key) => [key, undefined, 'collected']));
  });

  it('keeps a value that is still strongly referenced, next to ones that are collected', async () => {
    const { cache, removals } = weakCache();
    const kept: Payload = { id: 'kept', data: [1, 2, 3] };
    cache.set('kept', kept);
    fillWithUnreferenced(cache, KEYS);

    await collectGarbage(() => cache.size === 1);

    expect(cache.size).toBe(1);
    expect(cache.get('kept')).toBe(kept);
    expect([...cache.keys()]).toEqual(['kept']);
    expect(removals.causesOf('kept')).toEqual([]);
    expect(cache.stats().removals.collected).toBe(KEYS.length);
  });

  it('reports a collected value as missing at once, before the finalizer runs, and counts it once', async () => {
    const { cache, removals } = weakCache();
    fillWithUnreferenced(cache, ['x']);
    // End the job that created the WeakRef, so the collection below may clear it.
    await new Promise<void>((resolve) => setImmediate(resolve));
    globalThis.gc!();
    // Same job as the collection: the FinalizationRegistry callback cannot have run yet.
    expect(cache.size).toBe(1);
    expect(cache.peek('x')).toBeUndefined();
    expect([...cache.entries()]).toEqual([]);
    expect(cache.get('x')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.stats().misses).toBe(1);
    expect(removals.events).toEqual([{ key: 'x', value: undefined, cause: 'collected' }]);

    // The finalizer, when it runs, must not remove or count it again.
    await collectGarbage(() => false, 5);
    expect(cache.stats().removals.collected).toBe(1);
    expect(removals.events).toHaveLength(1);
  });

  it('does not let the collection of a replaced value remove its successor', async () => {
    // No recording dispose here: it would hold the replaced value and keep it alive.
    const cache: WeakCache = new BoundedCache<string, Payload>({ maxSize: 100, weakValues: true });
    const causes: string[] = [];
    // Records only key and cause: holding the replaced value would keep it alive.
    cache.onRemoval((event) => causes.push(`${event.key}:${event.cause}`));
    const [replaced] = fillWithUnreferenced(cache, ['k']);
    const successor: Payload = { id: 'successor', data: [] };
    cache.set('k', successor);
    expect(causes).toEqual(['k:replaced']);

    await collectGarbage(() => replaced?.deref() === undefined);
    await collectGarbage(() => false, 3);

    expect(replaced?.deref()).toBeUndefined();
    expect(cache.get('k')).toBe(successor);
    expect(causes).toEqual(['k:replaced']);
    expect(cache.stats().removals.collected).toBe(0);
  });

  it('accepts objects and functions, and rejects every non-object value with a CacheOptionError', () => {
    const cache = new BoundedCache<string, unknown>({ maxSize: 10, weakValues: true, name: 'weak' });
    const fn = (): number => 1;
    cache.set('object', {});
    cache.set('array', []);
    cache.set('function', fn);
    expect(cache.get('function')).toBe(fn);
    for (const value of [1, 'text', true, null, undefined, 10n, Symbol('s')]) {
      let thrown: unknown;
      try {
        cache.set('primitive', value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, String(value)).toBeInstanceOf(CacheOptionError);
      expect((thrown as CacheOptionError).option).toBe('value');
      expect((thrown as CacheOptionError).message).toContain('weak');
    }
    expect(cache.has('primitive')).toBe(false);
    expect(cache.size).toBe(3);
  });
});

describe('regression: weak values with a ttl', () => {
  // See the regression tests in ttl.test.ts: in the timer-wheel version, get() went on with a
  // slot its own sweep had just freed, and in weak mode called `.deref()` on the freed slot's
  // undefined value: a TypeError escaped from a plain cache read.
  it('get() of an entry that the periodic sweep expires returns undefined instead of throwing', () => {
    const clock = new ManualClock();
    const cache = new BoundedCache<string, Payload>({ maxSize: 10, ttl: 1000, clock, weakValues: true });
    const value: Payload = { id: 'a', data: [] };
    cache.set('a', value);
    clock.advance(5000);
    let result: Payload | undefined = value;
    expect(() => {
      result = cache.get('a');
    }).not.toThrow();
    expect(result).toBeUndefined();
  });
});
