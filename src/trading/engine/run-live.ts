import type { LazyRegistry } from '../../lifetime/lazy-registry.js';
import type { DefaultLifetime } from '../../lifetime/default-lifetimes.js';
import type { Scope } from '../../lifetime/scope.js';
import { RingHistory } from '../market/bar-history.js';
import type { FeedBar } from '../feed/websocket-feed.js';
import { workerCatalog } from '../workers/worker-catalog.js';
import type { WorkerDefinition } from '../workers/trading-worker.js';
import type { BacktestResult } from './backtest-result.js';
import { createRequestComponents, ownComponents, type TradingSettings } from './request-components.js';
import { summarizeRun } from './summarize-run.js';
import { TradingKernel } from './trading-kernel.js';
import type { WorkerSpec } from './workforce.js';

/** A live (paper) strategy: the same blueprint and settings as a backtest, bars from a feed. */
export interface LiveSpec {
  readonly blueprint: string;
  readonly workers: readonly WorkerSpec[];
  readonly asset: string;
  readonly settings: TradingSettings;
  readonly periodsPerYear?: number | 'auto';
  readonly riskFreeRate?: number;
  /** Bars kept for workers to look back on (default 4096). */
  readonly historyCapacity?: number;
}

export interface RunLiveOptions {
  readonly scope?: Scope<DefaultLifetime>;
  readonly catalog?: LazyRegistry<WorkerDefinition>;
  readonly signal?: AbortSignal;
  /** Called after every processed bar (progress, tests). */
  readonly onBar?: (bars: number, equity: number) => void;
}

/**
 * Runs a strategy on a live feed with paper execution, through the same kernel and components
 * as a backtest: a fill happens at the next bar's open, as in the simulation. Bars of other
 * assets, and bars not later than the last one (a reconnect replaying), are skipped. Ends when
 * the feed ends or `signal` aborts; returns the statistics of the bars seen.
 */
export async function runLive(spec: LiveSpec, feed: AsyncIterable<FeedBar>, options: RunLiveOptions = {}): Promise<BacktestResult> {
  const history = new RingHistory(spec.historyCapacity ?? 4096);
  const components = await createRequestComponents({
    blueprint: spec.blueprint,
    workers: spec.workers,
    asset: spec.asset,
    settings: spec.settings,
    history,
    catalog: options.catalog ?? workerCatalog(),
  });
  ownComponents(options.scope, components);
  const kernel = new TradingKernel(components);
  let first = Number.NaN;
  let last = Number.NEGATIVE_INFINITY;
  for await (const { asset, bar } of feed) {
    if (options.signal?.aborted === true) break;
    if (asset !== spec.asset || !(bar.time > last)) continue;
    if (Number.isNaN(first)) first = bar.time;
    last = bar.time;
    history.append(bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume);
    kernel.onBar(bar.time, bar.open, bar.high, bar.low, bar.close);
    options.onBar?.(kernel.bars, components.pnl.equity);
  }
  return summarizeRun(
    { blueprint: spec.blueprint, asset: spec.asset, startTime: first, endTime: last, initialCash: spec.settings.cash, periodsPerYear: spec.periodsPerYear, riskFreeRate: spec.riskFreeRate },
    components,
  );
}
