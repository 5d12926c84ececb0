import type { TradingContextProvider } from '../context/trading-context-provider.js';
import type { TradingWorker } from '../workers/trading-worker.js';
import type { CurrentBar } from './current-bar.js';
import { StrategyFailedError } from './strategy-errors.js';

/**
 * Runs one strategy's workforce on each bar: opens the tick in the strategy's own provider,
 * then calls every worker in order. A worker that throws stops this strategy (and only it):
 * the error names the worker and the bar.
 */
export class StrategyManager {
  readonly asset: string;
  readonly #provider: TradingContextProvider;
  readonly #workers: readonly TradingWorker[];

  constructor(asset: string, provider: TradingContextProvider, workers: readonly TradingWorker[]) {
    this.asset = asset;
    this.#provider = provider;
    this.#workers = workers;
  }

  get workerNames(): string[] {
    return this.#workers.map((w) => w.name);
  }

  onBar(bar: CurrentBar): void {
    const time = bar.time;
    this.#provider.startBar(this.asset, bar);
    const workers = this.#workers;
    let i = 0;
    try {
      for (; i < workers.length; i++) workers[i]!.onBar();
    } catch (error) {
      throw new StrategyFailedError(workers[i]!.name, time, error);
    }
  }
}
