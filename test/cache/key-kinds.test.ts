import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/cache/index.js';

/**
 * Number keys live in a typed-array table and every other key in a Map (key-index.ts). A cache
 * must not show the seam: keys are equal exactly when a Map says so (SameValueZero).
 */
describe('keys of every kind, as a Map sees them', () => {
  it('treats -0 and +0 as one key, and every NaN as one key', () => {
    const cache = new BoundedCache<unknown, string>({ maxSize: 10 });
    cache.set(-0, 'zero');
    expect(cache.get(0)).toBe('zero');
    cache.set(Number.NaN, 'nan');
    expect(cache.get(0 / 0)).toBe('nan');
    expect(cache.delete(Number.NaN)).toBe(true);
    expect(cache.has(Number.NaN)).toBe(false);
    expect(cache.size).toBe(1);
  });

  it('keeps 1, "1", 1n and an object apart', () => {
    const cache = new BoundedCache<unknown, string>({ maxSize: 10 });
    const objectKey = { id: 1 };
    cache.set(1, 'number').set('1', 'string').set(1n, 'bigint').set(objectKey, 'object');
    expect([cache.get(1), cache.get('1'), cache.get(1n), cache.get(objectKey), cache.get({ id: 1 })]).toEqual(['number', 'string', 'bigint', 'object', undefined]);
    expect(new Set(cache.keys())).toEqual(new Set([1, '1', 1n, objectKey]));
  });

  it('agrees with a Map through sets, gets and deletes of mixed keys, with room for all', () => {
    const key = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(-0, 0.5, 2 ** 31, 2 ** 53, -(2 ** 40), Infinity, -Infinity, Number.NaN, Number.MIN_VALUE),
      fc.double(),
      fc.constantFrom('0', '1', 'NaN', '', 'Infinity'),
      fc.constantFrom(0n, 1n),
    );
    const op = fc.record({ kind: fc.constantFrom('set', 'set', 'get', 'delete'), key, value: fc.integer() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200, size: 'max' }), (ops) => {
        const cache = new BoundedCache<unknown, number>({ maxSize: 1000 });
        const model = new Map<unknown, number>();
        for (const { kind, key: k, value } of ops) {
          if (kind === 'set') {
            cache.set(k, value);
            model.set(k, value);
          } else if (kind === 'delete') {
            expect(cache.delete(k)).toBe(model.delete(k));
          }
          expect(cache.get(k)).toBe(model.get(k));
        }
        expect(cache.size).toBe(model.size);
        expect(new Map(cache.entries())).toEqual(model);
      }),
      { numRuns: 200 },
    );
  });
});
