/**
 * sma_cross → position_sizing → market_execution together over real daily bars (GOOG
 * 2004–2013), with the moving averages fed by the test and a minimal fill model (market orders
 * fill at the next bar's open), checked against crossings and stops computed independently.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../../src/trading/market/bar-series.js';
import { MovingAverage } from '../../../../src/trading/workers/context-dtos.js';
import { marketExecutionWorker } from '../../../../src/trading/workers/execution/market-execution.js';
import { smaCrossWorker } from '../../../../src/trading/workers/opportunity/sma-cross.js';
import { positionSizingWorker } from '../../../../src/trading/workers/planning/position-sizing.js';
import { flatAccount, WorkerBench } from '../decision-worker-harness.js';

const GOOG = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/market/GOOG-daily-2004-2013.csv');

function loadBars(): Bar[] {
  const lines = readFileSync(GOOG, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [date, open, high, low, close, volume] = line.split(',');
    return { time: Date.parse(`${date!}T00:00:00Z`), open: +open!, high: +high!, low: +low!, close: +close!, volume: +volume! };
  });
}

/** Simple moving average of closes ending at each bar (NaN before `n` bars). */
function sma(bars: readonly Bar[], n: number): number[] {
  return bars.map((_, i) => (i + 1 < n ? Number.NaN : bars.slice(i + 1 - n, i + 1).reduce((s, b) => s + b.close, 0) / n));
}

describe('a decision pipeline over real bars', () => {
  it('orders exactly on the crossings, sized from equity, and stops out 10% under the entry', () => {
    const bars = loadBars();
    expect(bars.length).toBeGreaterThan(2000);
    const fast = sma(bars, 10);
    const slow = sma(bars, 30);

    const bench = new WorkerBench(bars, flatAccount(100_000));
    const fastSlot = bench.feeder(MovingAverage, 'fast');
    const slowSlot = bench.feeder(MovingAverage, 'slow');
    const workers = [
      bench.create(smaCrossWorker, 'cross'),
      bench.create(positionSizingWorker, 'sizing', { stop: { kind: 'percent', value: 0.1 } }),
      bench.create(marketExecutionWorker, 'exec'),
    ];
    expect(bench.seal()).toEqual(['feeder', 'cross', 'sizing', 'exec']);

    const account = bench.account;
    const submittedOn: { bar: number; side: string; quantity: number; reason: string; equity: number }[] = [];
    for (let i = 0; i < bars.length; i++) {
      const bar = bars[i]!;
      // Fill what was ordered on the previous bar at this bar's open, then mark to this bar's close.
      for (const order of bench.orders.submitted.slice(submittedOn.length)) {
        submittedOn.push({ bar: i - 1, side: order.side, quantity: order.quantity, reason: order.reason, equity: account.equity });
        const signed = order.side === 'buy' ? order.quantity : -order.quantity;
        account.cash -= signed * bar.open;
        account.position += signed;
      }
      bench.orders.fillAll();
      account.equity = account.cash + account.position * bar.close;
      account.peakEquity = Math.max(account.peakEquity, account.equity);
      bench.step(() => {
        if (!Number.isNaN(fast[i]!)) bench.provider.set(fastSlot, fast[i]!);
        if (!Number.isNaN(slow[i]!)) bench.provider.set(slowSlot, slow[i]!);
      }, ...workers);
    }

    // Independently: the crossings, and the expected position after each, with 10% stops.
    const expected: { bar: number; side: string; reason: string }[] = [];
    let position = 0;
    let stop = Number.NaN;
    for (let i = 30; i < bars.length - 1; i++) {
      const crossUp = fast[i - 1]! <= slow[i - 1]! && fast[i]! > slow[i]!;
      const crossDown = fast[i - 1]! >= slow[i - 1]! && fast[i]! < slow[i]!;
      if (crossUp && position === 0) {
        expected.push({ bar: i, side: 'buy', reason: 'cross: fast crossed above slow' });
        stop = bars[i]!.close * 0.9;
        position = 1;
      } else if (crossDown) {
        if (position === 1) expected.push({ bar: i, side: 'sell', reason: 'cross: fast crossed below slow' });
        position = 0;
        stop = Number.NaN;
      } else if (position === 1 && !crossUp && bars[i]!.low <= stop) {
        expected.push({ bar: i, side: 'sell', reason: 'stop' });
        position = 0;
        stop = Number.NaN;
      }
    }
    // The data holds no touching averages, so the test's simple crossing rule and the worker's agree.
    expect(fast.some((f, i) => i >= 30 && f === slow[i])).toBe(false);
    expect(submittedOn.map(({ bar, side, reason }) => ({ bar, side, reason }))).toEqual(expected);
    expect(expected.filter((e) => e.reason === 'stop').length).toBeGreaterThan(0);
    expect(expected.length).toBeGreaterThan(20);

    for (const order of submittedOn) {
      if (order.side === 'buy') expect(order.quantity).toBeCloseTo(order.equity / bars[order.bar]!.close, 8);
    }
  });
});
