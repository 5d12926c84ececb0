import type { RequestComponents } from './request-components.js';

/**
 * One kernel for backtest and live (Nautilus's lesson): both feed it bars, one at a time, in
 * time order; only the source of the bars differs. The order of events in a bar is fixed:
 *
 * 0. the request's clock moves to the bar's time;
 * 1. orders from the previous bar fill at this bar's open (or, for limits, inside its range);
 * 2. the account is marked at the close;
 * 3. the strategy runs on the closed bar (its orders wait for the next bar);
 * 4. exposure and the equity curve record the bar.
 */
export class TradingKernel {
  readonly #c: RequestComponents;
  #bars = 0;

  constructor(components: RequestComponents) {
    this.#c = components;
  }

  get bars(): number {
    return this.#bars;
  }

  onBar(time: number, open: number, high: number, low: number, close: number): void {
    const c = this.#c;
    const bar = this.#bars++;
    c.clock.set(time);
    c.execution.fillOnBarOpen(bar, time, open, high, low);
    c.execution.setBar(bar, time, close);
    const equity = c.pnl.mark(close);
    c.strategy.onBar(time, close);
    c.exposure.onBarClose(close, equity);
    c.pnl.record(time);
  }
}
