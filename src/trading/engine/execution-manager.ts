import type { Fill, OrderRequest, OrderSink, Side } from '../orders/order.js';
import type { CurrentBar } from './current-bar.js';
import type { EventLogger } from './event-logger.js';
import type { PositionMonitor } from './position-monitor.js';
import type { Reconciliation } from './reconciliation.js';
import type { RiskMonitor } from './risk-monitor.js';
import type { TradeTracker } from './trade-tracker.js';

/** How simulated (backtest) and paper (live) orders fill. */
export interface FillModel {
  /** Commission as a fraction of notional, per fill. */
  readonly commission: number;
  /** Slippage as a fraction of price, always against the trader (market orders only). */
  readonly slippage: number;
}

interface PendingOrder {
  readonly id: number;
  readonly side: Side;
  readonly quantity: number;
  readonly type: 'market' | 'limit';
  readonly limitPrice: number;
  readonly reason: string;
}

/**
 * The request's order book and fill model. Orders submitted while a bar is processed fill on
 * the NEXT bar, never on the bar that produced the signal (no look-ahead): a market order at
 * that bar's open plus slippage; a limit order when the bar trades through its price, at the
 * limit or at the open if the open is better. Unfilled limit orders wait until cancelled.
 * Fills go to the position monitor, the trade tracker, reconciliation and the event log.
 */
export class ExecutionManager implements OrderSink {
  readonly #model: FillModel;
  readonly #positions: PositionMonitor;
  readonly #risk: RiskMonitor;
  readonly #trades: TradeTracker;
  readonly #reconciliation: Reconciliation;
  readonly #log: EventLogger;
  readonly #pending: PendingOrder[] = [];
  #nextId = 1;
  #asset: string;
  /** The bar being processed: its open and range fill orders, its time stamps events. */
  readonly #current: CurrentBar;
  fills = 0;

  constructor(
    model: FillModel,
    asset: string,
    parts: { positions: PositionMonitor; risk: RiskMonitor; trades: TradeTracker; reconciliation: Reconciliation; log: EventLogger; bar: CurrentBar },
  ) {
    this.#current = parts.bar;
    this.#model = model;
    this.#asset = asset;
    this.#positions = parts.positions;
    this.#risk = parts.risk;
    this.#trades = parts.trades;
    this.#reconciliation = parts.reconciliation;
    this.#log = parts.log;
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  submit(request: OrderRequest): void {
    if (!(request.quantity > 0) || !Number.isFinite(request.quantity)) {
      this.#log.log('reject', this.#current.time, () => `order refused: quantity ${request.quantity} is not a positive number (${request.reason})`);
      return;
    }
    const order: PendingOrder = {
      id: this.#nextId++,
      side: request.side,
      quantity: request.quantity,
      type: request.type,
      limitPrice: request.limitPrice ?? Number.NaN,
      reason: request.reason,
    };
    if (order.type === 'limit' && !(order.limitPrice > 0)) {
      this.#log.log('reject', this.#current.time, () => `limit order refused: no valid limit price (${request.reason})`);
      return;
    }
    this.#pending.push(order);
    this.#log.log('order', this.#current.time, () => `#${order.id} ${order.type} ${order.side} ${order.quantity}${order.type === 'limit' ? ` @ ${order.limitPrice}` : ''} (${order.reason})`);
  }

  cancelPending(): void {
    if (this.#pending.length === 0) return;
    for (const order of this.#pending) this.#log.log('cancel', this.#current.time, () => `#${order.id} cancelled`);
    this.#pending.length = 0;
  }

  /** Fills what can be filled on the new bar (see CurrentBar), before the strategy sees it. */
  fillOnBarOpen(): void {
    if (this.#pending.length === 0) return;
    const { index: bar, time, open, high, low } = this.#current;
    let kept = 0;
    for (let i = 0; i < this.#pending.length; i++) {
      const order = this.#pending[i]!;
      let price = Number.NaN;
      if (order.type === 'market') {
        price = order.side === 'buy' ? open * (1 + this.#model.slippage) : open * (1 - this.#model.slippage);
      } else if (order.side === 'buy' ? low <= order.limitPrice : high >= order.limitPrice) {
        price = order.side === 'buy' ? Math.min(open, order.limitPrice) : Math.max(open, order.limitPrice);
      }
      if (Number.isNaN(price)) {
        this.#pending[kept++] = order;
        continue;
      }
      this.#fill(order, bar, time, price);
    }
    this.#pending.length = kept;
  }

  #fill(order: PendingOrder, bar: number, time: number, price: number): void {
    const quantity = this.#risk.allowedQuantity(order, price, time);
    if (quantity === 0) return;
    const fill: Fill = {
      orderId: order.id,
      asset: this.#asset,
      time,
      side: order.side,
      quantity,
      price,
      commission: quantity * price * this.#model.commission,
      reason: order.reason,
    };
    this.fills++;
    this.#positions.applyFill(fill);
    this.#trades.onFill(fill, bar);
    this.#reconciliation.onFill(fill);
    this.#log.log('fill', time, () => `#${order.id} ${fill.side} ${fill.quantity} @ ${fill.price} (commission ${fill.commission})`);
  }
}
