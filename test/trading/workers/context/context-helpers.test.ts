import { describe, expect, it } from 'vitest';
import { RollingSum } from '../../../../src/trading/workers/context/rolling-sum.js';
import { RollingVariance } from '../../../../src/trading/workers/context/rolling-variance.js';
import { SwingDetector } from '../../../../src/trading/workers/context/swing-detector.js';
import { createWorkerCatalog } from '../../../../src/trading/workers/worker-catalog.js';
import { loadBars } from './context-harness.js';

const btc = loadBars('BTC-PERP-1m-2022-01.csv');

describe('rolling windows', () => {
  // Three passes over the BTC closes: more pushes than the periodic resync interval (65,536).
  const values = [...btc, ...btc, ...btc].map((b) => b.close);

  it('RollingSum keeps the exact window sum over 135,000 pushes', () => {
    const window = new RollingSum(50);
    const worst = { error: 0 };
    values.forEach((v, i) => {
      window.push(v);
      if (i < 49) return expect(window.full).toBe(false);
      if (i % 101 !== 0 && i < values.length - 3) return;
      let exact = 0;
      for (let k = i - 49; k <= i; k++) exact += values[k]!;
      worst.error = Math.max(worst.error, Math.abs(window.sum - exact) / exact);
    });
    expect(window.full).toBe(true);
    expect(worst.error).toBeLessThan(1e-12);
  });

  it('RollingVariance matches a two-pass sample variance of prices (large mean, small spread)', () => {
    const window = new RollingVariance(30);
    let worst = 0;
    values.forEach((v, i) => {
      window.push(v);
      if (i < 29 || (i % 97 !== 0 && i < values.length - 3)) return;
      const slice = values.slice(i - 29, i + 1);
      const mean = slice.reduce((a, b) => a + b, 0) / 30;
      const variance = slice.reduce((a, b) => a + (b - mean) ** 2, 0) / 29;
      worst = Math.max(worst, Math.abs(window.variance - variance) / Math.max(variance, 1));
      expect(window.mean).toBeCloseTo(mean, 6);
    });
    expect(worst).toBeLessThan(1e-6);
    expect(new RollingVariance(2).variance).toBeNaN();
    expect(() => new RollingVariance(1)).toThrow(RangeError);
    expect(() => new RollingSum(0)).toThrow(RangeError);
  });
});

describe('SwingDetector', () => {
  it('confirms exactly the pivots of a whole-array scan, length bars later', () => {
    for (const L of [1, 3, 5]) {
      const detector = new SwingDetector(L);
      const found: string[] = [];
      btc.slice(0, 5000).forEach((bar, i) => {
        detector.push(bar.high, bar.low);
        if (!Number.isNaN(detector.swingHigh)) found.push(`H${i - L}:${detector.swingHigh}`);
        if (!Number.isNaN(detector.swingLow)) found.push(`L${i - L}:${detector.swingLow}`);
      });
      const expected: string[] = [];
      const bars = btc.slice(0, 5000);
      for (let j = L; j + L < bars.length; j++) {
        const left = bars.slice(j - L, j);
        const right = bars.slice(j + 1, j + L + 1);
        const b = bars[j]!;
        if (left.every((o) => o.high < b.high) && right.every((o) => o.high <= b.high)) expected.push(`H${j}:${b.high}`);
        if (left.every((o) => o.low > b.low) && right.every((o) => o.low >= b.low)) expected.push(`L${j}:${b.low}`);
      }
      expect(found).toEqual(expected);
      expect(found.length).toBeGreaterThan(100);
    }
  });
});

describe('worker catalog', () => {
  it('loads every context worker under its blueprint type', async () => {
    const catalog = createWorkerCatalog();
    for (const type of ['sma', 'ema', 'atr', 'regime', 'fair_value_gap', 'market_structure', 'liquidity_zones']) {
      const definition = await catalog.resolve(type);
      expect(definition.type).toBe(type);
      expect(definition.kind).toBe('context');
      expect(definition.params.safeParse({ unknownKey: 1 }).success).toBe(false);
      expect(definition.params.safeParse({}).success).toBe(true);
    }
  });
});
