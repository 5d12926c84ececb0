import type { Fill } from '../orders/order.js';
import type { TradeRecord } from './trade-record.js';

/**
 * Turns fills into round trips: a trade opens when the position leaves zero and closes when it
 * returns to zero; a flip closes one trade and opens the next with the remainder.
 */
export class TradeTracker {
  readonly asset: string;
  readonly trades: TradeRecord[] = [];
  #position = 0;
  #direction: 1 | -1 = 1;
  #entryTime = 0;
  #entryBar = 0;
  #entryQuantity = 0;
  #entryCost = 0;
  #exitQuantity = 0;
  #exitProceeds = 0;
  #commission = 0;
  #maxQuantity = 0;
  #entryReason = '';

  constructor(asset: string) {
    this.asset = asset;
  }

  get open(): boolean {
    return this.#position !== 0;
  }

  onFill(fill: Fill, bar: number): void {
    let signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    let commission = fill.commission;
    if (this.#position !== 0 && Math.sign(signed) !== this.#direction) {
      const closing = Math.min(Math.abs(signed), Math.abs(this.#position));
      const share = closing / Math.abs(signed);
      this.#exitQuantity += closing;
      this.#exitProceeds += closing * fill.price;
      this.#commission += commission * share;
      commission -= commission * share;
      this.#position += Math.sign(signed) * closing;
      signed -= Math.sign(signed) * closing;
      if (Math.abs(this.#position) < 1e-12) this.#close(fill.time, bar, fill.reason, false);
    }
    if (Math.abs(signed) < 1e-12) return;
    if (this.#position === 0) {
      this.#direction = signed > 0 ? 1 : -1;
      this.#entryTime = fill.time;
      this.#entryBar = bar;
      this.#entryQuantity = 0;
      this.#entryCost = 0;
      this.#exitQuantity = 0;
      this.#exitProceeds = 0;
      this.#commission = 0;
      this.#maxQuantity = 0;
      this.#entryReason = fill.reason;
    }
    this.#entryQuantity += Math.abs(signed);
    this.#entryCost += Math.abs(signed) * fill.price;
    this.#commission += commission;
    this.#position += signed;
    this.#maxQuantity = Math.max(this.#maxQuantity, Math.abs(this.#position));
  }

  /** Closes an open trade at `price` without a fill, at the end of a run. */
  markOpenAtEnd(time: number, bar: number, price: number): void {
    if (this.#position === 0) return;
    const remaining = Math.abs(this.#position);
    this.#exitQuantity += remaining;
    this.#exitProceeds += remaining * price;
    this.#position = 0;
    this.#close(time, bar, 'end of run', true);
  }

  #close(time: number, bar: number, reason: string, openAtEnd: boolean): void {
    const entryPrice = this.#entryCost / this.#entryQuantity;
    const exitPrice = this.#exitProceeds / this.#exitQuantity;
    const gross = this.#direction * (this.#exitProceeds - this.#entryCost * (this.#exitQuantity / this.#entryQuantity));
    this.trades.push({
      asset: this.asset,
      direction: this.#direction === 1 ? 'long' : 'short',
      entryTime: this.#entryTime,
      exitTime: time,
      entryPrice,
      exitPrice,
      quantity: this.#maxQuantity,
      pnl: gross - this.#commission,
      commission: this.#commission,
      bars: bar - this.#entryBar,
      openAtEnd,
      entryReason: this.#entryReason,
      exitReason: reason,
    });
    this.#position = 0;
  }
}
