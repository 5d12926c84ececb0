import type { Fill } from '../orders/order.js';

/**
 * Cash and the position in the request's asset, changed only by fills. Fresh per request: it
 * starts from the environment's cash (backtest) or the paper account's (live).
 */
export class PositionMonitor {
  readonly initialCash: number;
  cash: number;
  /** Signed units. */
  position = 0;
  /** Average entry price of the open position; NaN when flat. */
  averagePrice = Number.NaN;
  /** Realised profit (before commission) of closed quantity, and commission paid, over the run. */
  realised = 0;
  commissionPaid = 0;

  constructor(initialCash: number) {
    this.initialCash = initialCash;
    this.cash = initialCash;
  }

  applyFill(fill: Fill): void {
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    this.cash -= signed * fill.price + fill.commission;
    this.commissionPaid += fill.commission;
    const before = this.position;
    const after = before + signed;
    if (before === 0 || Math.sign(before) === Math.sign(signed)) {
      // Opening or adding: the average moves toward the fill price.
      const base = before === 0 ? 0 : Math.abs(before) * this.averagePrice;
      this.averagePrice = (base + Math.abs(signed) * fill.price) / Math.abs(after);
    } else {
      // Reducing, closing or flipping: realise the closed part at the old average.
      const closed = Math.min(Math.abs(signed), Math.abs(before));
      this.realised += closed * (fill.price - this.averagePrice) * Math.sign(before);
      if (Math.abs(signed) > Math.abs(before)) this.averagePrice = fill.price;
      else if (Math.abs(after) < 1e-12) this.averagePrice = Number.NaN;
    }
    this.position = Math.abs(after) < 1e-12 ? 0 : after;
    if (this.position === 0) this.averagePrice = Number.NaN;
  }

  /** Cash plus the position at `price`. */
  equityAt(price: number): number {
    return this.cash + this.position * price;
  }
}
