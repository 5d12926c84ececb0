import type { OrderRequest } from '../orders/order.js';
import type { EventLogger } from './event-logger.js';
import type { PositionMonitor } from './position-monitor.js';

export interface RiskLimits {
  /** Most |position × price| / equity an order may lead to (1 = no leverage). */
  readonly maxLeverage: number;
  /** Shorts allowed at all. */
  readonly allowShort: boolean;
}

/**
 * Pre-trade checks: an order that would take the position past the leverage limit is cut down
 * to the limit, one that would open a short where shorts are not allowed is cut to flat, and
 * what is left of an order below a minimum is rejected. Every change is logged.
 */
export class RiskMonitor {
  readonly limits: RiskLimits;
  readonly #positions: PositionMonitor;
  readonly #log: EventLogger;
  rejected = 0;
  clipped = 0;

  constructor(limits: RiskLimits, positions: PositionMonitor, log: EventLogger) {
    this.limits = limits;
    this.#positions = positions;
    this.#log = log;
  }

  /** The quantity of `order` allowed at `price` (0 = rejected). */
  allowedQuantity(order: OrderRequest, price: number, time: number): number {
    const position = this.#positions.position;
    const equity = this.#positions.equityAt(price);
    const signed = order.side === 'buy' ? order.quantity : -order.quantity;
    let target = position + signed;
    const cap = equity > 0 ? (this.limits.maxLeverage * equity) / price : 0;
    if (!this.limits.allowShort && target < 0) target = 0;
    // Reducing exposure is always allowed; only growth is capped.
    if (Math.abs(target) > cap && Math.abs(target) > Math.abs(position)) target = Math.sign(target) * Math.max(cap, Math.abs(position));
    const allowed = Math.abs(target - position);
    if (allowed < 1e-12) {
      this.rejected++;
      this.#log.log('reject', time, () => `${order.side} ${order.quantity} rejected: limits (leverage ≤ ${this.limits.maxLeverage}, shorts ${this.limits.allowShort ? 'allowed' : 'not allowed'})`);
      return 0;
    }
    if (allowed < order.quantity - 1e-12) {
      this.clipped++;
      this.#log.log('adjust', time, () => `${order.side} ${order.quantity} cut to ${allowed} by the limits`);
    }
    return Math.min(allowed, order.quantity);
  }
}
