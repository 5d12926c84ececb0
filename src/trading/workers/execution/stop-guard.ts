/**
 * The protective stop both execution workers enforce: the latest plan's stopPrice, checked
 * against each bar's range, flattening the position (once) with a market order when touched.
 */
import type { BarHistory } from '../../market/bar-history.js';
import type { AccountView } from '../../orders/account-view.js';
import type { OrderRequest, OrderSink } from '../../orders/order.js';
import type { TradePlan } from '../signals.js';

export class StopGuard {
  /** NaN when the latest plan has no stop, or after the stop fired. */
  #stop = Number.NaN;
  /** +1 protecting a long, −1 a short. */
  #side = 0;

  /**
   * What both execution workers do first on a bar: with no new plan, guard the previous one's
   * stop (a plan made on this bar is only filled from the next one) and return undefined; with
   * a new plan, re-arm the stop from it, cancel what the old plan still had pending, and return
   * it to be executed.
   */
  take(plan: TradePlan | undefined, bars: BarHistory, account: AccountView, orders: OrderSink): TradePlan | undefined {
    if (plan === undefined) {
      this.check(bars, account, orders);
      return undefined;
    }
    this.arm(plan);
    orders.cancelPending();
    return plan;
  }

  /** A new plan replaces the stop (and re-arms it). */
  arm(plan: TradePlan): void {
    const stop = plan.stopPrice ?? Number.NaN;
    this.#side = Math.sign(plan.targetPosition);
    this.#stop = this.#side === 0 ? Number.NaN : stop;
  }

  /**
   * On a bar without a new plan: when the held position is on the protected side and the bar
   * traded through the stop, cancel pending orders and send a market order to flatten. Returns
   * whether it fired.
   */
  check(bars: BarHistory, account: AccountView, orders: OrderSink): boolean {
    const stop = this.#stop;
    if (Number.isNaN(stop)) return false;
    const position = account.position;
    // The entry may still be pending (a limit order): nothing to protect yet, keep the stop armed.
    if (Math.sign(position) !== this.#side) return false;
    const touched = this.#side > 0 ? bars.low(0) <= stop : bars.high(0) >= stop;
    if (!touched) return false;
    this.#stop = Number.NaN;
    orders.cancelPending();
    orders.submit(flatten(position));
    return true;
  }
}

function flatten(position: number): OrderRequest {
  return { side: position > 0 ? 'sell' : 'buy', quantity: Math.abs(position), type: 'market', reason: 'stop' };
}
