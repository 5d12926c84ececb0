import type { CurrentBar } from './current-bar.js';
import type { PositionMonitor } from './position-monitor.js';

/** Memory for an equity curve, lent to a run (see the PnLCalculator constructor). */
export interface EquityStorage {
  readonly time: Float64Array;
  readonly equity: Float64Array;
}

/**
 * Marks the account to market at every close and keeps the equity curve: one point per bar, in
 * typed arrays that grow by doubling (a backtest sizes them to its bars up front, so they never
 * grow). Also the running peak, for drawdown.
 */
export class PnLCalculator {
  readonly #positions: PositionMonitor;
  readonly #bar: CurrentBar;
  #times: Float64Array;
  #equity: Float64Array;
  #length = 0;
  equity: number;
  peakEquity: number;
  lastPrice = Number.NaN;

  /**
   * `storage`: arrays to write the curve into instead of new ones (a sweep thread reuses one
   * pair for run after run: fresh memory for every curve costs page faults that two threads of
   * one process take in turn). The curve the run returns is then a view of them.
   */
  constructor(positions: PositionMonitor, bar: CurrentBar, expectedBars = 1024, storage?: EquityStorage) {
    this.#positions = positions;
    this.#bar = bar;
    const size = Math.max(16, expectedBars);
    const reusable = storage !== undefined && storage.time.length >= size && storage.equity.length >= size;
    this.#times = reusable ? storage.time : new Float64Array(size);
    this.#equity = reusable ? storage.equity : new Float64Array(size);
    this.equity = positions.cash;
    this.peakEquity = positions.cash;
  }

  /** Marks at the current bar's close, without recording a point; the result is in `equity`. */
  mark(): void {
    const price = this.#bar.close;
    this.lastPrice = price;
    const equity = this.#positions.cash + this.#positions.position * price;
    this.equity = equity;
    if (equity > this.peakEquity) this.peakEquity = equity;
  }

  /** Records the current equity as the point of the current bar. */
  record(): void {
    if (this.#length === this.#times.length) this.#grow();
    this.#times[this.#length] = this.#bar.time;
    this.#equity[this.#length] = this.equity;
    this.#length++;
  }

  get points(): number {
    return this.#length;
  }

  /**
   * The curve, at the end of a run: views of the calculator's own arrays, not copies (a
   * backtest sized them to its bars, so they are exactly full, and a sweep of many runs would
   * otherwise allocate every curve twice). Record no more points after taking it.
   */
  curve(): { time: Float64Array; equity: Float64Array } {
    return { time: this.#times.subarray(0, this.#length), equity: this.#equity.subarray(0, this.#length) };
  }

  #grow(): void {
    const times = new Float64Array(this.#times.length * 2);
    const equity = new Float64Array(this.#equity.length * 2);
    times.set(this.#times);
    equity.set(this.#equity);
    this.#times = times;
    this.#equity = equity;
  }
}
