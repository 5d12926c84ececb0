import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrequencySketch } from '../../src/cache/frequency-sketch.js';
import { mix32 } from '../../src/cache/key-hash.js';

describe('FrequencySketch', () => {
  it('increment() returns what frequency() says right after it, through saturation and halving', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 2_000, size: 'max' }), (expected, keys) => {
        const sketch = new FrequencySketch(expected);
        for (const key of keys) {
          const hash = mix32(key);
          expect(sketch.increment(hash)).toBe(sketch.frequency(hash));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('halves every counter once the sample is full, and says so in halvings', () => {
    const sketch = new FrequencySketch(1);
    const hash = mix32(7);
    const counts = Array.from({ length: 20 }, () => sketch.increment(hash));
    // sampleSize is 10 for a one-entry sketch: the tenth increment halves 10 to 5.
    expect(counts.slice(0, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(counts[9]).toBe(5);
    expect(sketch.halvings).toBeGreaterThanOrEqual(1);
    expect(sketch.frequency(hash)).toBeLessThanOrEqual(15);
  });

  it('incrementBy(hash, n) leaves the sketch as n increments would, through saturation and halving', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.record({ key: fc.integer({ min: 0, max: 40 }), times: fc.integer({ min: 1, max: 20 }) }), { maxLength: 400, size: 'max' }),
        (expected, steps) => {
          const batched = new FrequencySketch(expected);
          const oneByOne = new FrequencySketch(expected);
          for (const { key, times } of steps) {
            const hash = mix32(key);
            batched.incrementBy(hash, times);
            for (let i = 0; i < times; i++) oneByOne.increment(hash);
            expect(batched.halvings).toBe(oneByOne.halvings);
            for (let other = 0; other <= 40; other++) expect(batched.frequency(mix32(other))).toBe(oneByOne.frequency(mix32(other)));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
