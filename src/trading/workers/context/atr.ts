/**
 * Volatility: Wilder's average true range and the spread of close-to-close log returns.
 *
 * ATR: the true range of the first bar is its high − low (there is no previous close); the
 * first ATR is the mean of the first `period` true ranges, then ATR += (TR − ATR) / period.
 * This is Wilder's definition and what trading-signals' ATR computes. returnStdev is the
 * sample standard deviation of ln(close / previous close) over the last `returnWindow` returns.
 * The reading is published once both are warm: from bar max(period, returnWindow + 1).
 *
 * The reading is ONE object per worker, updated in place every bar, so the hot path allocates
 * nothing. Like every DTO it is valid for the tick it was set in: a consumer that keeps a value
 * for later copies the number, not the object.
 */
import { z } from 'zod';
import type { TradingContextProvider } from '../../context/trading-context-provider.js';
import type { DtoSlot } from '../../context/dto-type.js';
import type { BarHistory } from '../../market/bar-history.js';
import { Volatility, type VolatilityReading } from '../context-dtos.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { barCount, outputLabel } from './context-params.js';
import { RollingVariance } from './rolling-variance.js';

export const atrParams = z.strictObject({
  period: barCount(1, 14),
  returnWindow: barCount(2, 20),
  output: outputLabel,
});
export type AtrParams = z.infer<typeof atrParams>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

class AtrWorker implements TradingWorker {
  readonly kind = 'context';
  readonly name: string;
  readonly #context: TradingContextProvider;
  readonly #bars: BarHistory;
  readonly #slot: DtoSlot<VolatilityReading>;
  readonly #period: number;
  readonly #returns: RollingVariance;
  readonly #reading: Mutable<VolatilityReading> = { atr: 0, atrFraction: 0, returnStdev: 0 };
  /** True ranges seen, up to `period`. */
  #seen = 0;
  /** The sum of the first true ranges while warming up, Wilder's average afterwards. */
  #atr = 0;
  #previousClose = Number.NaN;

  constructor(name: string, params: AtrParams, services: WorkerServices) {
    this.name = name;
    this.#context = services.context;
    this.#bars = services.bars;
    this.#slot = services.context.declareOutput(name, Volatility, params.output);
    this.#period = params.period;
    this.#returns = new RollingVariance(params.returnWindow);
  }

  onBar(): void {
    const bars = this.#bars;
    const high = bars.high(0);
    const low = bars.low(0);
    const close = bars.close(0);
    const previous = this.#previousClose;
    this.#previousClose = close;

    let trueRange = high - low;
    if (!Number.isNaN(previous)) {
      trueRange = Math.max(trueRange, Math.abs(high - previous), Math.abs(low - previous));
      this.#returns.push(Math.log(close / previous));
    }
    const period = this.#period;
    if (this.#seen === period) {
      this.#atr += (trueRange - this.#atr) / period;
    } else {
      this.#atr += trueRange;
      if (++this.#seen === period) this.#atr /= period;
      else return;
    }
    if (!this.#returns.full) return;
    const reading = this.#reading;
    reading.atr = this.#atr;
    reading.atrFraction = this.#atr / close;
    reading.returnStdev = this.#returns.stdev;
    this.#context.set(this.#slot, reading);
  }
}

export const atrWorker: WorkerDefinition<AtrParams> = {
  type: 'atr',
  kind: 'context',
  description:
    "Volatility: Wilder's ATR over `period` bars, ATR as a fraction of the close, and the sample stdev of log returns over `returnWindow` bars.",
  params: atrParams,
  create: (name, params, services) => new AtrWorker(name, params, services),
};
