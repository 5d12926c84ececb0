import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MiniatureLru } from '../../src/cache/miniature-lru.js';

/** The obvious LRU: a Map in recency order. */
function referenceHits(capacity: number, hashes: readonly number[]): boolean[] {
  const order = new Map<number, true>();
  return hashes.map((hash) => {
    const hit = order.delete(hash);
    if (!hit && order.size >= capacity) order.delete(order.keys().next().value!);
    order.set(hash, true);
    return hit;
  });
}

describe('MiniatureLru (the LRU yardstick\'s simulation)', () => {
  it('hits and misses exactly as a reference LRU, through table deletions and wrap-around', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        // Few distinct hashes, some colliding in the table, negative ones included.
        fc.array(fc.oneof(fc.integer({ min: -8, max: 60 }), fc.integer()), { maxLength: 400, size: 'max' }),
        (capacity, hashes) => {
          const miniature = new MiniatureLru(capacity);
          expect(hashes.map((hash) => miniature.access(hash))).toEqual(referenceHits(capacity, hashes));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('starts empty again after clear()', () => {
    const miniature = new MiniatureLru(4);
    for (const hash of [1, 2, 3]) miniature.access(hash);
    miniature.clear();
    expect([1, 2, 3].map((hash) => miniature.access(hash))).toEqual([false, false, false]);
    expect(miniature.access(1)).toBe(true);
  });
});
