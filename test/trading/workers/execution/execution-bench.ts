/**
 * Runs one execution worker over hand-made bars: each tick may hand it a new plan and set the
 * position the account shows (fills of earlier orders). Shared by the execution workers' tests.
 */
import { Plan, type TradePlan } from '../../../../src/trading/workers/signals.js';
import type { WorkerDefinition } from '../../../../src/trading/workers/trading-worker.js';
import { ohlcBars, WorkerBench } from '../decision-worker-harness.js';

export interface ExecutionTick {
  /** open, high, low, close */
  readonly ohlc: readonly [number, number, number, number];
  readonly plan?: TradePlan;
  /** The position the account shows at this tick (fills of earlier orders). */
  readonly position?: number;
}

/** The orders the worker submitted on each tick, the sink, and the bench. */
export function runExecution<P>(definition: WorkerDefinition<P>, ticks: readonly ExecutionTick[], params: Record<string, unknown> = {}) {
  const bench = new WorkerBench(ohlcBars(ticks.map((t) => t.ohlc)));
  const plan = bench.feeder(Plan, undefined, 'planner');
  const worker = bench.create(definition, 'exec', params);
  bench.seal();
  const ordersPerBar = ticks.map((t) => {
    if (t.position !== undefined) bench.account.position = t.position;
    const before = bench.orders.submitted.length;
    bench.step(() => {
      if (t.plan !== undefined) bench.provider.set(plan, t.plan);
    }, worker);
    return bench.orders.submitted.slice(before);
  });
  return { ordersPerBar, orders: bench.orders, bench };
}

/** A plan to hold `targetPosition`, with an optional protective stop. */
export const planTo = (targetPosition: number, stopPrice?: number): TradePlan => ({ targetPosition, orderType: 'market', stopPrice, reason: `to ${targetPosition}` });
