/**
 * Exponential moving average with alpha = 2 / (period + 1). Convention: it is seeded with the
 * simple average of the first `period` prices and published from that bar on (nothing during
 * the warm-up), as in TA-Lib and most charting packages. trading-signals' EMA instead seeds
 * with the first price; the two converge as (1 − alpha)^n. Publishes a MovingAverage labelled
 * `output` or the worker's name.
 */
import type { TradingContextProvider } from '../../context/trading-context-provider.js';
import type { DtoSlot } from '../../context/dto-type.js';
import type { BarHistory } from '../../market/bar-history.js';
import { MovingAverage } from '../context-dtos.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { movingAverageParams, type MovingAverageParams } from './moving-average-params.js';
import { priceSourceCode, readPrice } from './price-source.js';

export const emaParams = movingAverageParams;
export type EmaParams = MovingAverageParams;

class EmaWorker implements TradingWorker {
  readonly kind = 'context';
  readonly name: string;
  readonly #context: TradingContextProvider;
  readonly #bars: BarHistory;
  readonly #slot: DtoSlot<number>;
  readonly #source: number;
  readonly #period: number;
  readonly #alpha: number;
  #seen = 0;
  /** The sum of the first prices while warming up, the average afterwards. */
  #value = 0;

  constructor(name: string, params: EmaParams, services: WorkerServices) {
    this.name = name;
    this.#context = services.context;
    this.#bars = services.bars;
    this.#slot = services.context.declareOutput(name, MovingAverage, params.output ?? name);
    this.#source = priceSourceCode(params.source);
    this.#period = params.period;
    this.#alpha = 2 / (params.period + 1);
  }

  onBar(): void {
    const price = readPrice(this.#bars, this.#source);
    if (this.#seen >= this.#period) {
      this.#value += this.#alpha * (price - this.#value);
    } else {
      this.#value += price;
      if (++this.#seen < this.#period) return;
      this.#value /= this.#period;
    }
    this.#context.setNumber(this.#slot, this.#value);
  }
}

export const emaWorker: WorkerDefinition<EmaParams> = {
  type: 'ema',
  kind: 'context',
  description:
    'Exponential moving average (alpha 2/(period+1), seeded with the SMA of the first `period` prices) of a bar price (MovingAverage, labelled by `output` or the worker name).',
  params: emaParams,
  create: (name, params, services) => new EmaWorker(name, params, services),
};
