import { describe, expect, it } from 'vitest';
import { MarketRegime, type MarketRegimeReading, type RegimeName } from '../../../../src/trading/workers/context-dtos.js';
import { regimeWorker } from '../../../../src/trading/workers/context/regime.js';
import { barsFrom, drive, firstDefined, loadBars } from './context-harness.js';
import type { Bar } from '../../../../src/trading/market/bar-series.js';

const copy = (v: MarketRegimeReading | undefined): MarketRegimeReading | undefined => (v === undefined ? undefined : { ...v });
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
function sampleStdev(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/** The documented rule, recomputed bar by bar from whole windows (no running state). */
function naiveRegimes(bars: readonly Bar[], fast: number, slow: number, window: number, volThreshold: number, trendThreshold: number) {
  const closes = bars.map((b) => b.close);
  const sigma = closes.map((_, i) => (i < window ? Number.NaN : sampleStdev(closes.slice(i - window, i + 1).map((c, k, w) => (k === 0 ? 0 : Math.log(c / w[k - 1]!))).slice(1))));
  return closes.map((_, i) => {
    if (i < window + slow - 1) return undefined;
    const sigmaBar = mean(sigma.slice(i - slow + 1, i + 1));
    const ratio = sigmaBar > 0 ? sigma[i]! / sigmaBar : 0;
    if (ratio >= volThreshold) return { regime: 'volatile' as RegimeName, confidence: 1 - volThreshold / ratio };
    const slowMa = mean(closes.slice(i - slow + 1, i + 1));
    const spread = (mean(closes.slice(i - fast + 1, i + 1)) - slowMa) / slowMa;
    if (Math.abs(spread) > trendThreshold) {
      return { regime: (spread > 0 ? 'trending_up' : 'trending_down') as RegimeName, confidence: 1 - trendThreshold / Math.abs(spread) };
    }
    return { regime: 'ranging' as RegimeName, confidence: 1 - Math.abs(spread) / trendThreshold };
  });
}

describe('regime worker', () => {
  it('follows its documented rule on GOOG bar by bar, and every regime occurs', () => {
    const bars = loadBars('GOOG-daily-2004-2013.csv');
    const params = { fast: 10, slow: 40, volatilityWindow: 10, volatilityThreshold: 1.6, trendThreshold: 0.01 };
    const readings = drive(regimeWorker, params, bars, MarketRegime, undefined, copy);
    const expected = naiveRegimes(bars, 10, 40, 10, 1.6, 0.01);
    expect(firstDefined(readings)).toBe(10 + 40 - 1);
    readings.forEach((reading, i) => {
      const want = expected[i];
      if (want === undefined) {
        expect(reading).toBeUndefined();
        return;
      }
      expect(reading?.regime).toBe(want.regime);
      expect(reading!.confidence).toBeCloseTo(want.confidence, 9);
      expect(reading!.confidence).toBeGreaterThanOrEqual(0);
      expect(reading!.confidence).toBeLessThanOrEqual(1);
    });
    expect(new Set(readings.map((r) => r?.regime))).toEqual(new Set([undefined, 'trending_up', 'trending_down', 'ranging', 'volatile']));
  });

  it('calls a steady climb trending_up, a steady fall trending_down and a flat market ranging', () => {
    const climb = barsFrom(Array.from({ length: 120 }, (_, i) => [100 * 1.01 ** i + 0.5, 100 * 1.01 ** i - 0.5, 100 * 1.01 ** i] as const));
    const fall = barsFrom(Array.from({ length: 120 }, (_, i) => [100 * 0.99 ** i + 0.5, 100 * 0.99 ** i - 0.5, 100 * 0.99 ** i] as const));
    const flat = barsFrom(Array.from({ length: 120 }, (_, i) => [101, 99, i % 2 === 0 ? 100.1 : 99.9] as const));
    const last = (bars: Bar[]) => drive(regimeWorker, {}, bars, MarketRegime, undefined, copy).at(-1)!;
    expect(last(climb).regime).toBe('trending_up');
    expect(last(climb).confidence).toBeGreaterThan(0.9);
    expect(last(fall).regime).toBe('trending_down');
    const flatReading = last(flat);
    expect(flatReading.regime).toBe('ranging');
    expect(flatReading.confidence).toBeGreaterThan(0.9);
  });

  it('calls a burst of wide swings after a calm stretch volatile', () => {
    const calm = Array.from({ length: 100 }, (_, i) => [101, 99, i % 2 === 0 ? 100.1 : 99.9] as const);
    const wild = Array.from({ length: 10 }, (_, i) => [110, 90, i % 2 === 0 ? 106 : 94] as const);
    const readings = drive(regimeWorker, {}, barsFrom([...calm, ...wild]), MarketRegime, undefined, copy);
    expect(readings[99]?.regime).toBe('ranging');
    expect(readings.at(-1)?.regime).toBe('volatile');
    expect(readings.at(-1)!.confidence).toBeGreaterThan(0.5);
  });

  it('refuses fast ≥ slow (naming fast), a window of 1 and unknown keys', () => {
    const bad = regimeWorker.params.safeParse({ fast: 50, slow: 20 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['fast']);
    expect(regimeWorker.params.safeParse({ volatilityWindow: 1 }).success).toBe(false);
    expect(regimeWorker.params.safeParse({ volatilityThreshold: 0 }).success).toBe(false);
    expect(regimeWorker.params.safeParse({ threshold: 2 }).success).toBe(false);
    expect(regimeWorker.params.parse({})).toEqual({ fast: 20, slow: 50, volatilityWindow: 20, volatilityThreshold: 2, trendThreshold: 0.001 });
  });
});
