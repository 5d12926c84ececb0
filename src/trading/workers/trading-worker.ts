import type { z } from 'zod';
import type { Clock } from '../../clock/clock.js';
import type { TradingContextProvider } from '../context/trading-context-provider.js';
import type { BarHistory } from '../market/bar-history.js';
import type { AccountView } from '../orders/account-view.js';
import type { OrderSink } from '../orders/order.js';

/**
 * The stages of a tick, in the order the strategy manager runs them: context workers describe
 * the market, opportunity and threat workers judge it, planning decides a target, execution
 * turns the target into orders.
 */
export const WORKER_KINDS = ['context', 'opportunity', 'threat', 'planning', 'execution'] as const;
export type WorkerKind = (typeof WORKER_KINDS)[number];

/**
 * What a worker is given when it is made: its strategy's tick cache, the bars so far, the
 * account, the request's clock, and (for execution workers) the order sink. Nothing here names the strategy: a
 * worker's code is the same whichever strategy, request or thread it runs in.
 */
export interface WorkerServices {
  readonly context: TradingContextProvider;
  readonly bars: BarHistory;
  readonly account: AccountView;
  readonly orders: OrderSink;
  /**
   * The request's one clock: the time of the bar being processed (epoch ms), the same for every
   * component and worker of the request, in a backtest and live alike.
   */
  readonly clock: Clock;
}

/** One worker instance of one strategy. */
export interface TradingWorker {
  /** Its name in the blueprint (unique within the strategy). */
  readonly name: string;
  readonly kind: WorkerKind;
  /** Called once per tick, after startTick and after every worker it depends on. */
  onBar(): void;
}

/**
 * A kind of worker, as the registry holds it: the class is loaded once per process (cached by
 * the core's LazyRegistry); instances are made per strategy scope with {@link create}.
 */
export interface WorkerDefinition<P = unknown> {
  /** The name blueprints use, e.g. `sma`, `fair_value_gap`. */
  readonly type: string;
  readonly kind: WorkerKind;
  readonly description: string;
  /** Validates a blueprint's params for this worker (defaults filled in); unknown keys are refused. */
  readonly params: z.ZodType<P>;
  /** Makes an instance, declaring its inputs and outputs on `services.context`. */
  create(name: string, params: P, services: WorkerServices): TradingWorker;
}
