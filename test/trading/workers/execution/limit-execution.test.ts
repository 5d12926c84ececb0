import { describe, expect, it } from 'vitest';
import { limitExecutionWorker } from '../../../../src/trading/workers/execution/limit-execution.js';
import { runExecution, planTo, type ExecutionTick } from './execution-bench.js';

const run = (ticks: readonly ExecutionTick[], params: Record<string, unknown> = {}) => runExecution(limitExecutionWorker, ticks, params);
const plan = planTo;
const closingAt = (close: number) => [close, close + 1, close - 1, close] as const;

describe('limit_execution', () => {
  it('enters long with a buy limit below the close and short with a sell limit above it', () => {
    const { ordersPerBar } = run([
      { ohlc: closingAt(200), plan: plan(10) },
      { ohlc: closingAt(200), plan: plan(-4), position: 0 },
    ]);
    expect(ordersPerBar[0]).toHaveLength(1);
    expect(ordersPerBar[0]![0]).toMatchObject({ side: 'buy', quantity: 10, type: 'limit', reason: 'to 10' });
    expect(ordersPerBar[0]![0]!.limitPrice).toBeCloseTo(199.8, 10);
    expect(ordersPerBar[1]![0]).toMatchObject({ side: 'sell', quantity: 4, type: 'limit' });
    expect(ordersPerBar[1]![0]!.limitPrice).toBeCloseTo(200.2, 10);
  });

  it('uses the configured offset', () => {
    const { ordersPerBar } = run([{ ohlc: closingAt(50), plan: plan(1) }], { offsetFraction: 0.02 });
    expect(ordersPerBar[0]![0]!.limitPrice).toBeCloseTo(49, 10);
    const atClose = run([{ ohlc: closingAt(50), plan: plan(1) }], { offsetFraction: 0 });
    expect(atClose.ordersPerBar[0]![0]!.limitPrice).toBe(50);
  });

  it('exits and reduces at market; only growth of the position is a limit order', () => {
    const { ordersPerBar, orders } = run([
      { ohlc: closingAt(100), plan: plan(0), position: 10 },
      { ohlc: closingAt(100), plan: plan(4), position: 10 },
      { ohlc: closingAt(100), plan: plan(15), position: 10 },
    ]);
    expect(ordersPerBar[0]).toEqual([{ side: 'sell', quantity: 10, type: 'market', reason: 'to 0' }]);
    expect(ordersPerBar[1]).toEqual([{ side: 'sell', quantity: 6, type: 'market', reason: 'to 4' }]);
    expect(ordersPerBar[2]).toMatchObject([{ side: 'buy', quantity: 5, type: 'limit' }]);
    expect(orders.calls).toEqual(['cancel', 'submit', 'cancel', 'submit', 'cancel', 'submit']);
  });

  it('reverses with a market order out and a limit order into the new side', () => {
    const { ordersPerBar } = run([{ ohlc: closingAt(100), plan: plan(-5), position: 10 }]);
    expect(ordersPerBar[0]).toHaveLength(2);
    expect(ordersPerBar[0]![0]).toEqual({ side: 'sell', quantity: 10, type: 'market', reason: 'to -5' });
    expect(ordersPerBar[0]![1]).toMatchObject({ side: 'sell', quantity: 5, type: 'limit' });
    expect(ordersPerBar[0]![1]!.limitPrice).toBeCloseTo(100.1, 10);
  });

  it('a new plan cancels the unfilled entry of the previous one', () => {
    const { orders } = run([
      { ohlc: closingAt(100), plan: plan(10) },
      { ohlc: closingAt(100) },
      { ohlc: closingAt(100), plan: plan(12), position: 0 },
    ]);
    expect(orders.calls).toEqual(['cancel', 'submit', 'cancel', 'submit']);
    expect(orders.pendingCount).toBe(1);
    expect(orders.submitted[1]).toMatchObject({ side: 'buy', quantity: 12, type: 'limit' });
  });

  it('stops out at market, cancelling a pending entry; not while nothing has filled', () => {
    const { ordersPerBar, orders } = run([
      { ohlc: closingAt(100), plan: plan(10, 95) },
      { ohlc: [100, 100, 90, 92], position: 0 }, // entry not filled: nothing to protect
      { ohlc: closingAt(100), plan: plan(20, 95), position: 10 }, // adds 10 more by limit
      { ohlc: [100, 100, 94, 96], position: 10 },
    ]);
    expect(ordersPerBar[1]).toEqual([]);
    expect(ordersPerBar[3]).toEqual([{ side: 'sell', quantity: 10, type: 'market', reason: 'stop' }]);
    expect(orders.calls.slice(-2)).toEqual(['cancel', 'submit']);
    expect(orders.pendingCount).toBe(1);
  });

  it('validates its params', () => {
    expect(limitExecutionWorker.params.parse({})).toEqual({ offsetFraction: 0.001 });
    const path = (params: unknown) => limitExecutionWorker.params.safeParse(params).error?.issues[0]?.path;
    expect(path({ offsetFraction: -0.01 })).toEqual(['offsetFraction']);
    expect(path({ offsetFraction: 1 })).toEqual(['offsetFraction']);
    expect(limitExecutionWorker.params.safeParse({ offset: 0.01 }).success).toBe(false);
  });
});
