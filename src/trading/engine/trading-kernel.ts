import type { CurrentBar } from './current-bar.js';
import type { RequestComponents } from './request-components.js';

/**
 * One kernel for backtest and live (Nautilus's lesson): both feed it bars, one at a time, in
 * time order; only the source of the bars differs. The order of events in a bar is fixed:
 *
 * 0. the request's clock (the bar's time) moves forward;
 * 1. orders from the previous bar fill at this bar's open (or, for limits, inside its range);
 * 2. the account is marked at the close;
 * 3. the strategy runs on the closed bar (its orders wait for the next bar);
 * 4. exposure and the equity curve record the bar.
 */
export class TradingKernel {
  readonly #c: RequestComponents;
  #bars = 0;
  #lastTime = Number.NEGATIVE_INFINITY;

  constructor(components: RequestComponents) {
    this.#c = components;
  }

  get bars(): number {
    return this.#bars;
  }

  /** The bar the next {@link step} processes: a feed writes its fields, then calls step(). */
  get bar(): CurrentBar {
    return this.#c.bar;
  }

  /** Processes the bar in {@link bar}. */
  step(): void {
    const c = this.#c;
    const bar = c.bar;
    // Time only moves forward in a request (its clock is the bar's time).
    if (!(bar.time >= this.#lastTime)) throw new RangeError(`bar time ${bar.time} is earlier than the previous bar's ${this.#lastTime}`);
    this.#lastTime = bar.time;
    bar.index = this.#bars++;
    c.execution.fillOnBarOpen();
    c.pnl.mark();
    c.strategy.onBar(bar);
    c.exposure.onBarClose();
    c.pnl.record();
  }

  /** Sets the bar and processes it (live feeds and tests; a backtest writes the fields itself). */
  onBar(time: number, open: number, high: number, low: number, close: number): void {
    const bar = this.#c.bar;
    bar.time = time;
    bar.open = open;
    bar.high = high;
    bar.low = low;
    bar.close = close;
    this.step();
  }
}
