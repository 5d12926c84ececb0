import { describe, expect, it } from 'vitest';
import { mix32 } from '../../src/cache/key-hash.js';
import { PolicyYardstick, type Verdict } from '../../src/cache/policy-yardstick.js';

/** Replays hashes of `keys` with the real cache's hit or miss from `actual`; the verdicts that end periods. */
function verdicts(yardstick: PolicyYardstick, keys: readonly number[], actual: (index: number) => boolean): Verdict[] {
  const ended: Verdict[] = [];
  keys.forEach((key, index) => {
    const verdict = yardstick.record(mix32(key), actual(index));
    if (verdict !== 'pending') ended.push(verdict);
  });
  return ended;
}

describe('PolicyYardstick', () => {
  // A 32-entry cache is simulated in full (no sampling), so the figures below are exact.
  const maximum = 32;

  it('samples every key of a cache too small to scale down, and a 1-in-2^k share of a larger one', () => {
    expect(new PolicyYardstick(maximum).sampleMask).toBe(0);
    const mask = new PolicyYardstick(1000).sampleMask;
    expect(mask).not.toBe(0);
    const sampled = Array.from({ length: 100_000 }, (_, key) => mix32(key)).filter((hash) => (hash & mask) === 0).length;
    // 1,000 entries: a 1-in-16 sample (63-entry miniatures); within a few percent of 6,250.
    expect(sampled).toBeGreaterThan(5_900);
    expect(sampled).toBeLessThan(6_600);
  });

  it('finds LRU ahead when a loop that fits is missed by the real cache', () => {
    const loop = Array.from({ length: 3 * 20 }, (_, index) => index % 20);
    expect(verdicts(new PolicyYardstick(maximum), loop, () => false)[0]).toBe('lru-ahead');
  });

  it('finds W-TinyLFU ahead when a hot set is scanned through and the real cache misses it', () => {
    // Ten hot keys between runs of 40 one-off keys: LRU (32 entries) loses the hot keys, a
    // frequency-first cache keeps them.
    const keys: number[] = [];
    for (let round = 0, scanned = 1000; round < 40; round++) {
      for (let hot = 0; hot < 10; hot++) keys.push(hot);
      for (let i = 0; i < 40; i++) keys.push(scanned++);
    }
    expect(verdicts(new PolicyYardstick(maximum), keys, () => false)[0]).toBe('lfu-ahead');
  });

  it('says "even" at the end of a period in which the real cache kept up with both', () => {
    const keys = Array.from({ length: 600 }, (_, index) => index % 8);
    expect(verdicts(new PolicyYardstick(maximum), keys, (index) => index >= 8)).toEqual(['even']);
  });
});
