import type { Clock } from '../../clock/clock.js';
import type { CurrentBar } from './current-bar.js';

/**
 * The request's one clock: the time of the bar being processed. Every component and worker of
 * a request reads time here, so a backtest runs on the data's time and a live strategy on the
 * feed's, and no part of a request can disagree with another about what time it is.
 */
export class BarClock implements Clock {
  readonly #bar: CurrentBar;

  constructor(bar: CurrentBar) {
    this.#bar = bar;
  }

  /** Epoch ms of the current bar (NaN before the first). */
  now(): number {
    return this.#bar.time;
  }
}
