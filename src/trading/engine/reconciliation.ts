import type { Fill } from '../orders/order.js';
import type { PositionMonitor } from './position-monitor.js';

export interface ReconciliationReport {
  readonly ok: boolean;
  readonly fills: number;
  /** Position and cash by the independent ledger, and by the position monitor. */
  readonly ledgerPosition: number;
  readonly monitorPosition: number;
  readonly ledgerCash: number;
  readonly monitorCash: number;
}

/**
 * Keeps an independent ledger of fills (what the venue says happened: the simulated fills in
 * a backtest, the paper venue's in live mode) and checks that the position monitor agrees with
 * it. A mismatch means a fill was lost or applied twice: a bug, reported rather than hidden.
 */
export class Reconciliation {
  readonly #positions: PositionMonitor;
  #fills = 0;
  #position = 0;
  #cash: number;

  constructor(positions: PositionMonitor) {
    this.#positions = positions;
    this.#cash = positions.initialCash;
  }

  onFill(fill: Fill): void {
    this.#fills++;
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    this.#position += signed;
    this.#cash -= signed * fill.price + fill.commission;
  }

  check(): ReconciliationReport {
    const monitorPosition = this.#positions.position;
    const monitorCash = this.#positions.cash;
    const tolerance = 1e-6 * Math.max(1, Math.abs(this.#cash));
    const ok = Math.abs(this.#position - monitorPosition) < 1e-9 && Math.abs(this.#cash - monitorCash) <= tolerance;
    return { ok, fills: this.#fills, ledgerPosition: this.#position, monitorPosition, ledgerCash: this.#cash, monitorCash };
  }
}
