import { describe, expect, it } from 'vitest';
import { BoundedCache, CacheOptionError, type CacheOptions } from '../../src/cache/index.js';
import { TenureError } from '../../src/errors/tenure-error.js';

/** Runs `action` and returns what it threw, failing the test if it did not throw. */
function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

function expectOptionError(error: unknown, option: string): void {
  expect(error).toBeInstanceOf(CacheOptionError);
  expect(error).toBeInstanceOf(TenureError);
  const optionError = error as CacheOptionError;
  expect(optionError.code).toBe('CACHE_OPTION_INVALID');
  expect(optionError.option).toBe(option);
  expect(optionError.message).toContain(option);
}

describe('option validation', () => {
  const invalid: [string, string, CacheOptions<string, number>][] = [
    ['negative maxSize', 'maxSize', { maxSize: -1 }],
    ['zero maxSize', 'maxSize', { maxSize: 0 }],
    ['fractional maxSize', 'maxSize', { maxSize: 2.5 }],
    ['NaN maxSize', 'maxSize', { maxSize: NaN }],
    ['zero maxWeight', 'maxWeight', { maxWeight: 0, weigher: () => 1 }],
    ['negative maxWeight', 'maxWeight', { maxWeight: -10, weigher: () => 1 }],
    ['NaN maxWeight', 'maxWeight', { maxWeight: NaN, weigher: () => 1 }],
    ['maxWeight without weigher', 'weigher', { maxWeight: 100 }],
    ['no bound at all', 'maxSize', {}],
    ['maxSize Infinity without a ttl', 'maxSize', { maxSize: Infinity }],
    ['negative ttl', 'ttl', { maxSize: 10, ttl: -1 }],
    ['NaN ttl', 'ttl', { maxSize: 10, ttl: NaN }],
    ['staleWhileRevalidate without ttl', 'staleWhileRevalidate', { maxSize: 10, staleWhileRevalidate: 1000 }],
    ['negative staleWhileRevalidate', 'staleWhileRevalidate', { maxSize: 10, ttl: 100, staleWhileRevalidate: -1 }],
    ['infinite staleWhileRevalidate', 'staleWhileRevalidate', { maxSize: 10, ttl: 100, staleWhileRevalidate: Infinity }],
    ['unknown policy', 'policy', { maxSize: 10, policy: 'lfu' as 'lru' }],
    ['negative sweepInterval', 'sweepInterval', { maxSize: 10, sweepInterval: -5 }],
    ['negative ttlResolution', 'ttlResolution', { maxSize: 10, ttlResolution: -1 }],
  ];

  for (const [what, option, options] of invalid) {
    it(`rejects ${what}, naming ${option}`, () => {
      expectOptionError(thrownBy(() => new BoundedCache<string, number>(options)), option);
    });
  }

  it('names the cache in the message', () => {
    const error = thrownBy(() => new BoundedCache<string, number>({ name: 'curves', maxSize: -1 }));
    expect((error as CacheOptionError).message).toContain('"curves"');
    expect((error as CacheOptionError).cacheName).toBe('curves');
  });

  it('accepts the valid ways to bound a cache', () => {
    expect(new BoundedCache<string, number>({ maxSize: 1 }).maxSize).toBe(1);
    expect(new BoundedCache<string, number>({ maxWeight: 10, weigher: () => 1 }).maxWeight).toBe(10);
    expect(new BoundedCache<string, number>({ maxSize: Infinity, ttl: 1000 }).maxSize).toBe(Infinity);
    expect(new BoundedCache<string, number>({ maxSize: 10, ttl: 100, staleWhileRevalidate: 50 }).size).toBe(0);
    expect(new BoundedCache<string, number>({ maxSize: 10, maxWeight: 10, weigher: () => 1, policy: 'lru' }).policy().policy).toBe('lru');
  });

  it('rejects a bad per-entry ttl, naming ttl and the key, and leaves the entry as it was', () => {
    const cache = new BoundedCache<string, number>({ maxSize: 10 });
    cache.set('a', 1);
    for (const ttl of [-1, NaN, -Infinity]) {
      const error = thrownBy(() => cache.set('a', 2, { ttl }));
      expectOptionError(error, 'ttl');
      expect((error as Error).message).toContain('"a"');
    }
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(1);
    expect(cache.stats().removals.replaced).toBe(0);
  });

  it('rejects a weigher result that is NaN, negative or infinite, naming weigher, and stores nothing', () => {
    for (const bad of [NaN, -1, Infinity]) {
      const cache = new BoundedCache<string, number>({ maxWeight: 100, weigher: (value) => (value === 0 ? bad : value) });
      cache.set('a', 5);
      expectOptionError(thrownBy(() => cache.set('b', 0)), 'weigher');
      expectOptionError(thrownBy(() => cache.set('a', 0)), 'weigher');
      expect(cache.has('b')).toBe(false);
      expect(cache.get('a')).toBe(5);
      expect(cache.weight).toBe(5);
    }
  });
});
