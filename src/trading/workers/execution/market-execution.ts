/**
 * market_execution: turns each plan into one market order for the difference between the
 * target and the position held, and enforces the plan's protective stop.
 */
import { z } from 'zod';
import type { DtoSlot } from '../../context/dto-type.js';
import { Plan, type TradePlan } from '../signals.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { StopGuard } from './stop-guard.js';

const marketExecutionParams = z.strictObject({});
export type MarketExecutionParams = z.output<typeof marketExecutionParams>;

/** Differences smaller than this are rounding, not trades. */
export const MIN_ORDER_QUANTITY = 1e-12;

class MarketExecution implements TradingWorker {
  readonly kind = 'execution' as const;
  readonly #services: WorkerServices;
  readonly #plan: DtoSlot<TradePlan>;
  readonly #stop = new StopGuard();

  constructor(
    readonly name: string,
    _params: MarketExecutionParams,
    services: WorkerServices,
  ) {
    this.#services = services;
    this.#plan = services.context.declareInput(name, Plan);
  }

  onBar(): void {
    const { context, account, orders, bars } = this.#services;
    const plan = this.#stop.take(context.get(this.#plan), bars, account, orders);
    if (plan === undefined) return;
    const delta = plan.targetPosition - account.position;
    if (Math.abs(delta) < MIN_ORDER_QUANTITY) return;
    orders.submit({ side: delta > 0 ? 'buy' : 'sell', quantity: Math.abs(delta), type: 'market', reason: plan.reason });
  }
}

export const marketExecutionWorker: WorkerDefinition<MarketExecutionParams> = {
  type: 'market_execution',
  kind: 'execution',
  description: "Sends a market order for each plan's change of position, and flattens when the plan's stop is touched.",
  params: marketExecutionParams,
  create: (name, params, services) => new MarketExecution(name, params, services),
};
