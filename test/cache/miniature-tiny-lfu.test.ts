import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrequencySketch } from '../../src/cache/frequency-sketch.js';
import { MiniatureTinyLfu } from '../../src/cache/miniature-tiny-lfu.js';

/**
 * The obvious W-TinyLFU with a fixed 1% window: three Maps in recency order (window, probation,
 * protected), and the same frequency sketch
 * (the sketch has tests of its own; this checks the queues and the duel).
 */
function referenceHits(capacity: number, hashes: readonly number[]): boolean[] {
  const windowMaximum = Math.max(1, Math.round(0.01 * capacity));
  const protectedMaximum = Math.floor(0.8 * (capacity - windowMaximum));
  const sketch = new FrequencySketch(capacity);
  const window = new Map<number, true>();
  const probation = new Map<number, true>();
  const protectedKeys = new Map<number, true>();
  const oldest = (queue: Map<number, true>): number | undefined => queue.keys().next().value;
  return hashes.map((hash) => {
    sketch.increment(hash);
    if (window.delete(hash)) {
      window.set(hash, true);
      return true;
    }
    if (protectedKeys.delete(hash)) {
      protectedKeys.set(hash, true);
      return true;
    }
    if (probation.delete(hash)) {
      protectedKeys.set(hash, true);
      if (protectedKeys.size > protectedMaximum) {
        const demoted = oldest(protectedKeys)!;
        protectedKeys.delete(demoted);
        probation.set(demoted, true);
      }
      return true;
    }
    const filling = window.size + probation.size + protectedKeys.size < capacity;
    if (!filling) {
      const candidate = oldest(window)!;
      const victim = oldest(probation) ?? oldest(protectedKeys);
      window.delete(candidate);
      if (victim !== undefined && sketch.frequency(candidate) > sketch.frequency(victim)) {
        if (!probation.delete(victim)) protectedKeys.delete(victim);
        probation.set(candidate, true);
      }
    }
    window.set(hash, true);
    if (filling && window.size > windowMaximum) {
      const moved = oldest(window)!;
      window.delete(moved);
      probation.set(moved, true);
    }
    return false;
  });
}

describe('MiniatureTinyLfu (the yardstick\'s frequency-first simulation)', () => {
  it('hits and misses exactly as a reference W-TinyLFU with a 1% window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        // Few distinct hashes, so keys come back, win duels and reach protected; negative ones included.
        fc.array(fc.oneof(fc.integer({ min: -8, max: 60 }), fc.integer()), { maxLength: 600, size: 'max' }),
        (capacity, hashes) => {
          const miniature = new MiniatureTinyLfu(capacity);
          expect(hashes.map((hash) => miniature.access(hash))).toEqual(referenceHits(capacity, hashes));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a frequent key through a scan that an LRU of its size would lose', () => {
    const miniature = new MiniatureTinyLfu(64);
    for (let i = 0; i < 10; i++) miniature.access(7);
    for (let key = 1000; key < 1640; key++) miniature.access(key);
    expect(miniature.access(7)).toBe(true);
  });

  it('starts empty again after clear(), its frequencies forgotten', () => {
    const miniature = new MiniatureTinyLfu(4);
    for (const hash of [1, 2, 3, 1, 2, 3]) miniature.access(hash);
    miniature.clear();
    expect([1, 2, 3].map((hash) => miniature.access(hash))).toEqual([false, false, false]);
    expect(miniature.access(1)).toBe(true);
  });
});
