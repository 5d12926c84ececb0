/**
 * computeStatistics against figures computed independently: by hand, by a plain two-pass
 * reimplementation in this file, and by numpy with the empyrical/QuantStats formulas on a real
 * price series.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TradeRecord } from '../../../src/trading/engine/trade-record.js';
import { computeStatistics, StatisticsInputError } from '../../../src/trading/statistics/compute-statistics.js';
import { randomSource } from '../../random-source.js';

const MARKET = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/market');

function trade(pnl: number, openAtEnd = false): TradeRecord {
  return {
    asset: 'BTC-PERP',
    direction: 'long',
    entryTime: 1_640_991_660_000,
    exitTime: 1_640_995_260_000,
    entryPrice: 46_319,
    exitPrice: 46_319 + pnl,
    quantity: 1,
    pnl,
    commission: 0,
    bars: 60,
    openAtEnd,
    entryReason: 'test entry',
    exitReason: openAtEnd ? 'end of run' : 'test exit',
  };
}

/** The textbook definitions, written as plainly as possible (two passes, no cleverness). */
function reference(equity: readonly number[], initialEquity: number, periodsPerYear: number, riskFreeRate: number) {
  const curve = [initialEquity, ...equity];
  const returns: number[] = [];
  for (let i = 1; i < curve.length; i++) returns.push(curve[i]! / curve[i - 1]! - 1);
  let sum = 0;
  for (const r of returns) sum += r;
  const mean = sum / returns.length;
  let squares = 0;
  for (const r of returns) squares += (r - mean) * (r - mean);
  const std = Math.sqrt(squares / (returns.length - 1));
  const riskFreePerBar = (1 + riskFreeRate) ** (1 / periodsPerYear) - 1;
  let peak = -Infinity;
  let maxDrawdown = 0;
  for (const value of curve) {
    peak = Math.max(peak, value);
    maxDrawdown = Math.max(maxDrawdown, (peak - value) / peak);
  }
  const growth = curve.at(-1)! / initialEquity;
  return {
    totalReturn: growth - 1,
    annualisedReturn: growth ** (periodsPerYear / returns.length) - 1,
    annualisedVolatility: std * Math.sqrt(periodsPerYear),
    sharpeRatio: ((mean - riskFreePerBar) / std) * Math.sqrt(periodsPerYear),
    maxDrawdown,
  };
}


function expectRelativelyClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('computeStatistics', () => {
  it('gives the hand-computed figures of a four-bar curve', () => {
    // Returns from 100: 0, +10 %, -10 %, +10 %. Peak 110, trough 99 → drawdown exactly 10 %.
    const stats = computeStatistics({
      equity: new Float64Array([100, 110, 99, 108.9]),
      initialEquity: 100,
      trades: [],
      barsWithPosition: 3,
      periodsPerYear: 252,
    });
    expect(stats.initialEquity).toBe(100);
    expect(stats.finalEquity).toBe(108.9);
    expect(stats.totalReturn).toBeCloseTo(0.089, 14);
    expect(stats.maxDrawdown).toBeCloseTo(0.1, 14);
    expect(stats.annualisedReturn).toBeCloseTo(1.089 ** 63 - 1, 10);
    // mean = 0.025; deviations -0.025, 0.075, -0.125, 0.075 → sum of squares 0.0275; /3.
    const std = Math.sqrt(0.0275 / 3);
    expect(stats.annualisedVolatility).toBeCloseTo(std * Math.sqrt(252), 12);
    expect(stats.sharpeRatio).toBeCloseTo((0.025 / std) * Math.sqrt(252), 12);
    expect(stats.exposureTime).toBe(0.75);
    expect(stats.bars).toBe(4);
    expect(stats.periodsPerYear).toBe(252);
    expect(stats.riskFreeRate).toBe(0);
  });

  it('matches the plain two-pass definitions, risk-free rate included', () => {
    const equity = [100, 110, 99, 108.9, 104, 120.5, 119.25];
    const expected = reference(equity, 95, 365.25, 0.035);
    const stats = computeStatistics({ equity: new Float64Array(equity), initialEquity: 95, trades: [], barsWithPosition: 7, periodsPerYear: 365.25, riskFreeRate: 0.035 });
    expect(stats.totalReturn).toBeCloseTo(expected.totalReturn, 14);
    expect(stats.annualisedReturn).toBeCloseTo(expected.annualisedReturn, 8);
    expect(stats.annualisedVolatility).toBeCloseTo(expected.annualisedVolatility, 12);
    expect(stats.sharpeRatio).toBeCloseTo(expected.sharpeRatio, 12);
    expect(stats.maxDrawdown).toBeCloseTo(expected.maxDrawdown, 14);
    expect(stats.riskFreeRate).toBe(0.035);
    // A positive risk-free rate lowers Sharpe by exactly the per-bar rate over the bar std.
    const withoutRate = computeStatistics({ equity: new Float64Array(equity), initialEquity: 95, trades: [], barsWithPosition: 7, periodsPerYear: 365.25 });
    expect(withoutRate.sharpeRatio).toBeGreaterThan(stats.sharpeRatio);
  });

  it('counts the first bar as a return from the initial equity, and the initial equity as the first peak', () => {
    // The account falls 20 % on the first bar and never recovers its starting value.
    const stats = computeStatistics({ equity: new Float64Array([80, 90, 85]), initialEquity: 100, trades: [], barsWithPosition: 3, periodsPerYear: 252 });
    expect(stats.maxDrawdown).toBeCloseTo(0.2, 14);
    expect(stats.totalReturn).toBeCloseTo(-0.15, 14);
  });

  it('agrees with a plain reimplementation on a long seeded random walk (numerical care)', () => {
    const random = randomSource(20_220_101);
    const equity: number[] = [];
    let value = 1e6;
    for (let i = 0; i < 200_000; i++) {
      value *= 1 + (random() - 0.4995) * 0.002;
      equity.push(value);
    }
    const expected = reference(equity, 1e6, 525_960, 0.01);
    const stats = computeStatistics({ equity: new Float64Array(equity), initialEquity: 1e6, trades: [], barsWithPosition: 123_456, periodsPerYear: 525_960, riskFreeRate: 0.01 });
    expectRelativelyClose(stats.totalReturn, expected.totalReturn, 1e-12);
    expectRelativelyClose(stats.annualisedVolatility, expected.annualisedVolatility, 1e-10);
    expectRelativelyClose(stats.sharpeRatio, expected.sharpeRatio, 1e-9);
    expectRelativelyClose(stats.maxDrawdown, expected.maxDrawdown, 1e-12);
    expect(stats.exposureTime).toBe(123_456 / 200_000);
  });

  it('reproduces numpy with the empyrical formulas on GOOG daily closes', () => {
    // Reference computed with python3 + numpy 2.4.6 (.scratch script, not shipped):
    //   equity_t = 1000 + 10 * close_t over GOOG-daily-2004-2013.csv; initial = 1000 + 10 * first open
    //   r = simple returns of [initial, equity...]; P = 252
    //   total  = prod(1 + r) - 1                         (empyrical cum_returns_final)
    //   cagr   = (1 + total) ** (P / len(r)) - 1         (empyrical annual_return)
    //   vol    = std(r, ddof=1) * sqrt(P)                (empyrical annual_volatility)
    //   sharpe = mean(r - rf) / std(r - rf, ddof=1) * sqrt(P), rf = 1.02 ** (1/P) - 1 (QuantStats)
    //   mdd    = -min(cum / fmax.accumulate(cum) - 1), cum = 100 * [1, cumprod(1 + r)] (empyrical max_drawdown)
    const rows = readFileSync(resolve(MARKET, 'GOOG-daily-2004-2013.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    const initialEquity = 1000 + 10 * Number(rows[0]![1]);
    const equity = new Float64Array(rows.map((row) => 1000 + 10 * Number(row[4])));
    const stats = computeStatistics({ equity, initialEquity, trades: [], barsWithPosition: equity.length, periodsPerYear: 252, riskFreeRate: 0.02 });
    expect(stats.bars).toBe(2148);
    expect(initialEquity).toBe(2000);
    expect(stats.finalEquity).toBeCloseTo(9061.900000000001, 9);
    expectRelativelyClose(stats.totalReturn, 3.530949999999976, 1e-12);
    expectRelativelyClose(stats.annualisedReturn, 0.19394163924983454, 1e-12);
    expectRelativelyClose(stats.annualisedVolatility, 0.27049617943674464, 1e-12);
    expectRelativelyClose(stats.sharpeRatio, 0.7167299924252085, 1e-12);
    expectRelativelyClose(stats.maxDrawdown, 0.5753810332743328, 1e-12);
    const noRate = computeStatistics({ equity, initialEquity, trades: [], barsWithPosition: 0, periodsPerYear: 252 });
    expectRelativelyClose(noRate.sharpeRatio, 0.7899413975599072, 1e-12);
    expect(noRate.exposureTime).toBe(0);
  });

  it('gives NaN Sharpe (not a huge number) and zero volatility for a flat curve', () => {
    const stats = computeStatistics({ equity: new Float64Array(1000).fill(100), initialEquity: 100, trades: [], barsWithPosition: 0, periodsPerYear: 252 });
    expect(stats.annualisedVolatility).toBe(0);
    expect(stats.sharpeRatio).toBeNaN();
    expect(stats.maxDrawdown).toBe(0);
    expect(stats.totalReturn).toBe(0);
    expect(stats.annualisedReturn).toBe(0);
  });

  it('has no dispersion with fewer than two bars, and nothing at all with none', () => {
    const one = computeStatistics({ equity: new Float64Array([110]), initialEquity: 100, trades: [], barsWithPosition: 1, periodsPerYear: 252 });
    expect(one.totalReturn).toBeCloseTo(0.1, 14);
    expect(one.annualisedVolatility).toBeNaN();
    expect(one.sharpeRatio).toBeNaN();
    const none = computeStatistics({ equity: new Float64Array(0), initialEquity: 100, trades: [], barsWithPosition: 0, periodsPerYear: 252 });
    expect(none.finalEquity).toBe(100);
    expect(none.totalReturn).toBe(0);
    expect(none.bars).toBe(0);
    for (const value of [none.annualisedReturn, none.annualisedVolatility, none.sharpeRatio, none.maxDrawdown, none.exposureTime]) expect(value).toBeNaN();
  });

  describe('trade statistics', () => {
    const curve = { equity: new Float64Array([100, 101]), initialEquity: 100, barsWithPosition: 1, periodsPerYear: 252 };

    it('are NaN with no trades', () => {
      const stats = computeStatistics({ ...curve, trades: [] });
      expect(stats.numberOfTrades).toBe(0);
      expect(stats.winRate).toBeNaN();
      expect(stats.profitFactor).toBeNaN();
    });

    it('give an infinite profit factor with wins and no losses', () => {
      const stats = computeStatistics({ ...curve, trades: [trade(5), trade(2.5)] });
      expect(stats.winRate).toBe(1);
      expect(stats.profitFactor).toBe(Number.POSITIVE_INFINITY);
    });

    it('give a profit factor of 0 with losses and no wins', () => {
      const stats = computeStatistics({ ...curve, trades: [trade(-5), trade(-1)] });
      expect(stats.winRate).toBe(0);
      expect(stats.profitFactor).toBe(0);
    });

    it('call break-even trades neither wins nor losses, and 0/0 NaN', () => {
      const stats = computeStatistics({ ...curve, trades: [trade(0), trade(0)] });
      expect(stats.numberOfTrades).toBe(2);
      expect(stats.winRate).toBe(0);
      expect(stats.profitFactor).toBeNaN();
    });

    it('count a round trip still open at the end like any other', () => {
      // Wins 30 + 10 (the open one), losses 8 + 12 → factor 40 / 20; 2 wins of 5 trades.
      const stats = computeStatistics({ ...curve, trades: [trade(30), trade(-8), trade(0), trade(-12), trade(10, true)] });
      expect(stats.numberOfTrades).toBe(5);
      expect(stats.winRate).toBe(2 / 5);
      expect(stats.profitFactor).toBe(2);
    });
  });

  it('refuses inputs that make the figures meaningless, naming the field', () => {
    const base = { equity: new Float64Array([100, 101]), initialEquity: 100, trades: [], barsWithPosition: 1, periodsPerYear: 252 };
    expect(() => computeStatistics({ ...base, initialEquity: 0 })).toThrow(StatisticsInputError);
    expect(() => computeStatistics({ ...base, initialEquity: 0 })).toThrow(/initialEquity must be a positive finite number; got 0/);
    expect(() => computeStatistics({ ...base, periodsPerYear: Number.NaN })).toThrow(/periodsPerYear must be a positive finite number; got NaN/);
    expect(() => computeStatistics({ ...base, barsWithPosition: 3 })).toThrow(/barsWithPosition must be an integer from 0 to the number of bars \(2\); got 3/);
    expect(() => computeStatistics({ ...base, riskFreeRate: -1 })).toThrow(/riskFreeRate must be a finite annual rate above -1; got -1/);
    try {
      computeStatistics({ ...base, initialEquity: -5 });
      expect.unreachable();
    } catch (error) {
      expect((error as StatisticsInputError).code).toBe('STATISTICS_INPUT_INVALID');
    }
  });
});
