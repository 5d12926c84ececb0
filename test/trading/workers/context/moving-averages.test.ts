import { EMA, SMA } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../src/clock/clock.js';
import { TradingContextProvider } from '../../../../src/trading/context/trading-context-provider.js';
import { SeriesHistory } from '../../../../src/trading/market/bar-history.js';
import { BarSeries } from '../../../../src/trading/market/bar-series.js';
import { MovingAverage } from '../../../../src/trading/workers/context-dtos.js';
import { emaWorker } from '../../../../src/trading/workers/context/ema.js';
import { smaWorker } from '../../../../src/trading/workers/context/sma.js';
import type { WorkerServices } from '../../../../src/trading/workers/trading-worker.js';
import { account, drive, firstDefined, loadBars, orders } from './context-harness.js';

const goog = loadBars('GOOG-daily-2004-2013.csv');
const btc = loadBars('BTC-PERP-1m-2022-01.csv');

function closeTo(actual: number | undefined, expected: number, relative = 1e-10): void {
  expect(actual).toBeDefined();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('sma worker', () => {
  it('matches trading-signals SMA on GOOG closes, and sets nothing while warming up', () => {
    const values = drive(smaWorker, { period: 20 }, goog, MovingAverage, 'worker', (v) => v);
    const reference = new SMA(20);
    expect(firstDefined(values)).toBe(19);
    goog.forEach((bar, i) => {
      const expected = reference.add(bar.close);
      if (expected === null) expect(values[i]).toBeUndefined();
      else closeTo(values[i], expected);
    });
  });

  it('follows the chosen source over the whole BTC month (hl2, period 200, naive window mean)', () => {
    const values = drive(smaWorker, { period: 200, source: 'hl2' }, btc, MovingAverage, 'worker', (v) => v);
    const mid = btc.map((b) => (b.high + b.low) / 2);
    for (let i = 0; i < btc.length; i += i < 400 ? 1 : 97) {
      if (i < 199) {
        expect(values[i]).toBeUndefined();
        continue;
      }
      const window = mid.slice(i - 199, i + 1);
      closeTo(values[i], window.reduce((a, b) => a + b, 0) / 200);
    }
  });

  it('period 1 is the price itself; open / high / low sources read that field', () => {
    for (const source of ['open', 'high', 'low'] as const) {
      const values = drive(smaWorker, { period: 1, source }, goog.slice(0, 50), MovingAverage, 'worker', (v) => v);
      expect(values).toEqual(goog.slice(0, 50).map((b) => b[source]));
    }
  });

  it('labels its MovingAverage with output, or with its name, so fast and slow live side by side', () => {
    const provider = new TradingContextProvider();
    const history = new SeriesHistory(BarSeries.fromBars('GOOG', goog.slice(0, 60)));
    const services: WorkerServices = { context: provider, bars: history, account, orders, clock: new ManualClock() };
    const fast = smaWorker.create('fast', smaWorker.params.parse({ period: 5 }), services);
    const slow = smaWorker.create('slow', smaWorker.params.parse({ period: 30 }), services);
    const trend = emaWorker.create('e', emaWorker.params.parse({ period: 10, output: 'trend' }), services);
    const fastSlot = provider.declareInput('probe', MovingAverage, 'fast');
    const slowSlot = provider.declareInput('probe', MovingAverage, 'slow');
    const trendSlot = provider.declareInput('probe', MovingAverage, 'trend');
    provider.seal();
    expect(provider.producedKeys().sort()).toEqual(['MovingAverage:fast', 'MovingAverage:slow', 'MovingAverage:trend']);
    const seen: [number | undefined, number | undefined, number | undefined][] = [];
    for (let i = 0; i < 60; i++) {
      history.index = i;
      provider.startTick('GOOG', goog[i]!.time, goog[i]!.close);
      fast.onBar();
      slow.onBar();
      trend.onBar();
      seen.push([provider.get(fastSlot), provider.get(slowSlot), provider.get(trendSlot)]);
    }
    expect(seen[3]).toEqual([undefined, undefined, undefined]);
    closeTo(seen[59]![0], goog.slice(55, 60).reduce((a, b) => a + b.close, 0) / 5);
    closeTo(seen[59]![1], goog.slice(30, 60).reduce((a, b) => a + b.close, 0) / 30);
    expect(seen[59]![0]).not.toBe(seen[59]![1]);
    expect(seen[9]![2]).toBeDefined();
  });

  it('refuses unknown keys, a zero period and an unknown source, and fills defaults', () => {
    expect(smaWorker.params.parse({})).toEqual({ period: 20, source: 'close' });
    expect(smaWorker.params.safeParse({ period: 0 }).success).toBe(false);
    expect(smaWorker.params.safeParse({ period: 2.5 }).success).toBe(false);
    expect(smaWorker.params.safeParse({ source: 'vwap' }).success).toBe(false);
    const unknown = smaWorker.params.safeParse({ period: 5, lenght: 3 });
    expect(unknown.success).toBe(false);
    expect(JSON.stringify(unknown.error?.issues)).toContain('lenght');
    expect(emaWorker.params.safeParse({ period: 0 }).success).toBe(false);
    expect(emaWorker.params.safeParse({ smoothing: 2 }).success).toBe(false);
  });
});

describe('ema worker (alpha 2/(period+1), seeded with the SMA of the first period prices)', () => {
  it('starts at the SMA of the first period closes and then follows the EMA recursion (GOOG)', () => {
    const period = 20;
    const values = drive(emaWorker, { period }, goog, MovingAverage, 'worker', (v) => v);
    expect(firstDefined(values)).toBe(period - 1);
    const sma = new SMA(period);
    let seed: number | null = null;
    for (let i = 0; i < period; i++) seed = sma.add(goog[i]!.close);
    closeTo(values[period - 1], seed!);
    const alpha = 2 / (period + 1);
    let expected = seed!;
    for (let i = period; i < goog.length; i++) {
      expected = alpha * goog[i]!.close + (1 - alpha) * expected;
      closeTo(values[i], expected, 1e-9);
    }
  });

  it('converges to trading-signals EMA (seeded with the first price) once the seed has decayed', () => {
    const period = 50;
    const values = drive(emaWorker, { period }, btc, MovingAverage, 'worker', (v) => v);
    const reference = new EMA(period);
    const ref = btc.map((b) => reference.add(b.close));
    // At the seed they differ (different conventions); (1 − alpha)^n makes them agree later.
    expect(Math.abs(values[period - 1]! - ref[period - 1]!)).toBeGreaterThan(1e-6);
    for (let i = 40 * period; i < btc.length; i += 13) closeTo(values[i], ref[i]!, 1e-9);
  });
});
