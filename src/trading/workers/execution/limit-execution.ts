/**
 * limit_execution: enters with limit orders a little better than the close (buy below, sell
 * above), so entries pay no spread but may not fill; anything that shrinks the position (an
 * exit, a reduction, the closing leg of a reversal) goes at market, because getting out must
 * not wait for a price. Enforces the plan's protective stop like market_execution.
 */
import { z } from 'zod';
import type { DtoSlot } from '../../context/dto-type.js';
import { Plan, type TradePlan } from '../signals.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { MIN_ORDER_QUANTITY } from './market-execution.js';
import { StopGuard } from './stop-guard.js';

const limitExecutionParams = z.strictObject({
  /** Buy limits at close × (1 − offsetFraction), sell limits at close × (1 + offsetFraction). */
  offsetFraction: z.number().min(0).lt(1).default(0.001),
});
export type LimitExecutionParams = z.output<typeof limitExecutionParams>;

class LimitExecution implements TradingWorker {
  readonly kind = 'execution' as const;
  readonly #services: WorkerServices;
  readonly #offset: number;
  readonly #plan: DtoSlot<TradePlan>;
  readonly #stop = new StopGuard();

  constructor(
    readonly name: string,
    params: LimitExecutionParams,
    services: WorkerServices,
  ) {
    this.#services = services;
    this.#offset = params.offsetFraction;
    this.#plan = services.context.declareInput(name, Plan);
  }

  onBar(): void {
    const { context, account, orders, bars } = this.#services;
    const plan = this.#stop.take(context.get(this.#plan), bars, account, orders);
    if (plan === undefined) return;
    const position = account.position;
    const target = plan.targetPosition;
    if (Math.abs(target - position) < MIN_ORDER_QUANTITY) return;

    // Split the change into the part that shrinks the position (market) and the part that grows it (limit).
    const reversing = position !== 0 && Math.sign(target) !== Math.sign(position);
    const exitTo = reversing ? 0 : Math.abs(target) < Math.abs(position) ? target : position;
    const exit = exitTo - position;
    if (Math.abs(exit) >= MIN_ORDER_QUANTITY) {
      orders.submit({ side: exit > 0 ? 'buy' : 'sell', quantity: Math.abs(exit), type: 'market', reason: plan.reason });
    }
    const entry = target - exitTo;
    if (Math.abs(entry) >= MIN_ORDER_QUANTITY) {
      const close = bars.close(0);
      const buy = entry > 0;
      orders.submit({
        side: buy ? 'buy' : 'sell',
        quantity: Math.abs(entry),
        type: 'limit',
        limitPrice: close * (buy ? 1 - this.#offset : 1 + this.#offset),
        reason: plan.reason,
      });
    }
  }
}

export const limitExecutionWorker: WorkerDefinition<LimitExecutionParams> = {
  type: 'limit_execution',
  kind: 'execution',
  description:
    'Enters with limit orders offset from the close, exits and reductions at market; flattens when the plan\'s stop is touched.',
  params: limitExecutionParams,
  create: (name, params, services) => new LimitExecution(name, params, services),
};
