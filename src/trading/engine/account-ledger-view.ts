import type { AccountView } from '../orders/account-view.js';
import type { PnLCalculator } from './pnl-calculator.js';
import type { PositionMonitor } from './position-monitor.js';

/** The AccountView workers get: live read-only numbers from the request's own monitors. */
export class AccountLedgerView implements AccountView {
  readonly #positions: PositionMonitor;
  readonly #pnl: PnLCalculator;

  constructor(positions: PositionMonitor, pnl: PnLCalculator) {
    this.#positions = positions;
    this.#pnl = pnl;
  }

  get cash(): number {
    return this.#positions.cash;
  }
  get position(): number {
    return this.#positions.position;
  }
  get averagePrice(): number {
    return this.#positions.averagePrice;
  }
  get equity(): number {
    return this.#pnl.equity;
  }
  get peakEquity(): number {
    return this.#pnl.peakEquity;
  }
  get initialCash(): number {
    return this.#positions.initialCash;
  }
}
