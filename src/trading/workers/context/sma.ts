/**
 * Simple moving average: the mean of the last `period` prices, one running sum per bar. It
 * publishes a MovingAverage (a plain number, so nothing is allocated per bar) under the label
 * `output`, or the worker's name when no output is given, so a blueprint can hold a `fast` and
 * a `slow` one side by side.
 */
import type { TradingContextProvider } from '../../context/trading-context-provider.js';
import type { DtoSlot } from '../../context/dto-type.js';
import type { BarHistory } from '../../market/bar-history.js';
import { MovingAverage } from '../context-dtos.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { movingAverageParams, type MovingAverageParams } from './moving-average-params.js';
import { priceSourceCode, readPrice } from './price-source.js';
import { RollingSum } from './rolling-sum.js';

export const smaParams = movingAverageParams;
export type SmaParams = MovingAverageParams;

class SmaWorker implements TradingWorker {
  readonly kind = 'context';
  readonly name: string;
  readonly #context: TradingContextProvider;
  readonly #bars: BarHistory;
  readonly #slot: DtoSlot<number>;
  readonly #source: number;
  readonly #window: RollingSum;

  constructor(name: string, params: SmaParams, services: WorkerServices) {
    this.name = name;
    this.#context = services.context;
    this.#bars = services.bars;
    this.#slot = services.context.declareOutput(name, MovingAverage, params.output ?? name);
    this.#source = priceSourceCode(params.source);
    this.#window = new RollingSum(params.period);
  }

  onBar(): void {
    const window = this.#window;
    window.push(readPrice(this.#bars, this.#source));
    if (window.full) this.#context.setNumber(this.#slot, window.sum / window.length);
  }
}

export const smaWorker: WorkerDefinition<SmaParams> = {
  type: 'sma',
  kind: 'context',
  description: 'Simple moving average of a bar price over `period` bars (MovingAverage, labelled by `output` or the worker name).',
  params: smaParams,
  create: (name, params, services) => new SmaWorker(name, params, services),
};
