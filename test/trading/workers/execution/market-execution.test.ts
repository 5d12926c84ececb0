import { describe, expect, it } from 'vitest';
import { marketExecutionWorker } from '../../../../src/trading/workers/execution/market-execution.js';
import { runExecution, planTo, type ExecutionTick } from './execution-bench.js';

const run = (ticks: readonly ExecutionTick[], params: Record<string, unknown> = {}) => runExecution(marketExecutionWorker, ticks, params);
const plan = planTo;
const bar = [100, 101, 99, 100] as const;

describe('market_execution', () => {
  it('cancels what is pending, then sends a market order for target − position', () => {
    const { ordersPerBar, orders } = run([
      { ohlc: bar, plan: plan(10) },
      { ohlc: bar, position: 10 },
      { ohlc: bar, plan: plan(4), position: 10 },
      { ohlc: bar, plan: plan(-6), position: 4 },
    ]);
    expect(ordersPerBar).toEqual([
      [{ side: 'buy', quantity: 10, type: 'market', reason: 'to 10' }],
      [],
      [{ side: 'sell', quantity: 6, type: 'market', reason: 'to 4' }],
      [{ side: 'sell', quantity: 10, type: 'market', reason: 'to -6' }],
    ]);
    expect(orders.calls).toEqual(['cancel', 'submit', 'cancel', 'submit', 'cancel', 'submit']);
  });

  it('sends nothing for a plan the position already meets (but still cancels)', () => {
    const { ordersPerBar, orders } = run([{ ohlc: bar, plan: plan(5 + 1e-13), position: 5 }]);
    expect(ordersPerBar).toEqual([[]]);
    expect(orders.calls).toEqual(['cancel']);
  });

  it("flattens a long with a market order, once, when a later bar's low touches the plan's stop", () => {
    const { ordersPerBar } = run([
      { ohlc: [100, 100, 90, 95], plan: plan(10, 95) }, // the plan's own bar never stops out
      { ohlc: [100, 101, 96, 97], position: 10 },
      { ohlc: [97, 98, 95, 96], position: 10 }, // low = stop
      { ohlc: [96, 96, 80, 85], position: 10 }, // the order is not filled yet: no second one
    ]);
    expect(ordersPerBar).toEqual([[{ side: 'buy', quantity: 10, type: 'market', reason: 'to 10' }], [], [{ side: 'sell', quantity: 10, type: 'market', reason: 'stop' }], []]);
  });

  it("flattens a short when a bar's high reaches the stop", () => {
    const { ordersPerBar } = run([
      { ohlc: bar, plan: plan(-3, 105) },
      { ohlc: [100, 104.9, 99, 104], position: -3 },
      { ohlc: [104, 106, 103, 103], position: -3 },
    ]);
    expect(ordersPerBar[1]).toEqual([]);
    expect(ordersPerBar[2]).toEqual([{ side: 'buy', quantity: 3, type: 'market', reason: 'stop' }]);
  });

  it('does not stop out before the entry is filled, nor a position on the other side', () => {
    const { ordersPerBar } = run([
      { ohlc: bar, plan: plan(10, 95) },
      { ohlc: [100, 100, 90, 92], position: 0 },
      { ohlc: [100, 100, 90, 92], position: -2 },
      { ohlc: [100, 100, 90, 92], position: 10 },
    ]);
    expect(ordersPerBar.map((o) => o.map((r) => r.reason))).toEqual([['to 10'], [], [], ['stop']]);
  });

  it('lets each plan replace the stop: a new plan re-arms it, a plan without one removes it', () => {
    const { ordersPerBar } = run([
      { ohlc: bar, plan: plan(10, 95) },
      { ohlc: [100, 100, 94, 96], position: 10 }, // stop
      { ohlc: bar, plan: plan(10, 90), position: 0 }, // re-entry, new stop
      { ohlc: [100, 100, 92, 96], position: 10 }, // above the new stop
      { ohlc: [100, 100, 89, 96], position: 10 }, // stop again
      { ohlc: bar, plan: plan(10), position: 0 },
      { ohlc: [100, 100, 1, 96], position: 10 }, // no stop any more
    ]);
    expect(ordersPerBar.map((o) => o.map((r) => r.reason))).toEqual([['to 10'], ['stop'], ['to 10'], [], ['stop'], ['to 10'], []]);
  });

  it('validates its params: none are accepted', () => {
    expect(marketExecutionWorker.params.parse({})).toEqual({});
    expect(marketExecutionWorker.params.safeParse({ slippage: 1 }).success).toBe(false);
    expect(marketExecutionWorker.kind).toBe('execution');
  });
});
