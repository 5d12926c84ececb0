import { ATR } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { Volatility, type VolatilityReading } from '../../../../src/trading/workers/context-dtos.js';
import { atrWorker } from '../../../../src/trading/workers/context/atr.js';
import { drive, firstDefined, loadBars } from './context-harness.js';

const goog = loadBars('GOOG-daily-2004-2013.csv');
const btc = loadBars('BTC-PERP-1m-2022-01.csv', 10_000);

// The reading is updated in place each bar: copy it out.
const copy = (v: VolatilityReading | undefined): VolatilityReading | undefined => (v === undefined ? undefined : { ...v });

function sampleStdev(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}

describe('atr worker', () => {
  it("matches trading-signals' Wilder ATR on GOOG, with atrFraction = atr / close", () => {
    const readings = drive(atrWorker, { period: 14, returnWindow: 5 }, goog, Volatility, undefined, copy);
    const reference = new ATR(14);
    expect(firstDefined(readings)).toBe(13);
    goog.forEach((bar, i) => {
      const expected = reference.add({ high: bar.high, low: bar.low, close: bar.close });
      if (expected === null) {
        expect(readings[i]).toBeUndefined();
        return;
      }
      const reading = readings[i]!;
      expect(Math.abs(reading.atr - expected)).toBeLessThanOrEqual(1e-9 * expected);
      expect(reading.atrFraction).toBeCloseTo(reading.atr / bar.close, 15);
    });
  });

  it('returnStdev is the sample stdev of log close-to-close returns over returnWindow (BTC, naive)', () => {
    const window = 30;
    const readings = drive(atrWorker, { period: 3, returnWindow: window }, btc, Volatility, undefined, copy);
    // The first reading needs `window` returns, i.e. window + 1 closes.
    expect(firstDefined(readings)).toBe(window);
    const returns = btc.map((b, i) => (i === 0 ? Number.NaN : Math.log(b.close / btc[i - 1]!.close)));
    for (let i = window; i < btc.length; i += 7) {
      const expected = sampleStdev(returns.slice(i - window + 1, i + 1));
      expect(Math.abs(readings[i]!.returnStdev - expected)).toBeLessThanOrEqual(1e-9 * expected + 1e-15);
    }
  });

  it('refuses a return window of 1, a zero period and unknown keys', () => {
    expect(atrWorker.params.parse({})).toEqual({ period: 14, returnWindow: 20 });
    expect(atrWorker.params.safeParse({ returnWindow: 1 }).success).toBe(false);
    expect(atrWorker.params.safeParse({ period: 0 }).success).toBe(false);
    expect(atrWorker.params.safeParse({ periods: 14 }).success).toBe(false);
  });
});
