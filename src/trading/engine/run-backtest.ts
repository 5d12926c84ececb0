import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { LazyRegistry } from '../../lifetime/lazy-registry.js';
import type { DefaultLifetime } from '../../lifetime/default-lifetimes.js';
import type { Scope } from '../../lifetime/scope.js';
import { SeriesHistory } from '../market/bar-history.js';
import type { BarSeries } from '../market/bar-series.js';
import { workerCatalog } from '../workers/worker-catalog.js';
import type { WorkerDefinition } from '../workers/trading-worker.js';
import type { BacktestResult } from './backtest-result.js';
import { BacktestAbortedError, EmptyBacktestRangeError } from './backtest-errors.js';
import type { EquityStorage } from './pnl-calculator.js';
import { createRequestComponents, ownComponents, type TradingSettings } from './request-components.js';
import { summarizeRun } from './summarize-run.js';
import { TradingKernel } from './trading-kernel.js';
import type { WorkerSpec } from './workforce.js';

/** Everything one backtest needs to know, already validated and with overrides applied. */
export interface BacktestSpec {
  readonly blueprint: string;
  readonly workers: readonly WorkerSpec[];
  readonly settings: TradingSettings;
  /** Epoch ms: first bar at or after `from`, bars before `to`. */
  readonly from?: number;
  readonly to?: number;
  /** Periods per year for annualising; `auto` infers it from the bars. */
  readonly periodsPerYear?: number | 'auto';
  /** Annual risk-free rate for the Sharpe ratio. */
  readonly riskFreeRate?: number;
}

export interface RunBacktestOptions {
  /** The request's scope: it owns the components, so its leak check covers them. */
  readonly scope?: Scope<DefaultLifetime>;
  readonly catalog?: LazyRegistry<WorkerDefinition>;
  readonly signal?: AbortSignal;
  /**
   * Bars between yields to the event loop (default 8192), so many backtests interleave in one
   * process and a server stays responsive; 0 runs without yielding.
   */
  readonly yieldEvery?: number;
  /** Replays the range this many times back to back, times shifted (benchmarks). Default 1. */
  readonly repeat?: number;
  /** Keep event texts (default true). */
  readonly keepEvents?: boolean;
  /**
   * Memory for the equity curve, reused from run to run by a sweep thread; the result's curve
   * is a view of it, valid until the memory is lent to the next run.
   */
  readonly equityStorage?: EquityStorage;
}

/**
 * Runs one backtest on a loaded series: fresh components for this request only, the kernel fed
 * bar by bar, statistics with the standard definitions. The series is only read, so a sweep
 * can run many backtests (and threads) on one copy of it.
 */
export async function runBacktest(spec: BacktestSpec, series: BarSeries, options: RunBacktestOptions = {}): Promise<BacktestResult> {
  const start = spec.from === undefined ? 0 : series.lowerBound(spec.from);
  const end = spec.to === undefined ? series.length : series.lowerBound(spec.to);
  if (end <= start) throw new EmptyBacktestRangeError(series.asset, spec.from, spec.to, series.length);
  const repeat = Math.max(1, Math.floor(options.repeat ?? 1));
  const count = end - start;
  const history = new SeriesHistory(series, start);
  const components = await createRequestComponents({
    blueprint: spec.blueprint,
    workers: spec.workers,
    asset: series.asset,
    settings: spec.settings,
    history,
    catalog: options.catalog ?? workerCatalog(),
    expectedBars: count * repeat,
    keepEvents: options.keepEvents ?? true,
    ...(options.equityStorage === undefined ? {} : { equityStorage: options.equityStorage }),
  });
  ownComponents(options.scope, components);
  const kernel = new TradingKernel(components);
  const yieldEvery = options.yieldEvery ?? 8192;
  const { time } = series;
  // A replay shifts times by the range's span plus one bar, so time keeps increasing.
  const span = count > 1 ? time[end - 1]! - time[start]! + (time[end - 1]! - time[end - 2]!) : 60_000;
  const chunk = yieldEvery > 0 ? yieldEvery : end - start;
  for (let pass = 0; pass < repeat; pass++) {
    const shift = pass * span;
    for (let from = start; from < end; from += chunk) {
      feedBars(kernel, history, series, from, Math.min(end, from + chunk), shift);
      if (yieldEvery > 0) {
        await yieldToEventLoop();
        if (options.signal?.aborted === true) throw new BacktestAbortedError(spec.blueprint, kernel.bars);
      }
    }
    // A replay starts its history again (indicators see the jump like a gap in the data).
    if (pass + 1 < repeat) history.index = start - 1;
  }
  return summarizeRun(
    {
      blueprint: spec.blueprint,
      asset: series.asset,
      startTime: time[start]!,
      endTime: time[end - 1]! + (repeat - 1) * span,
      initialCash: spec.settings.cash,
      periodsPerYear: spec.periodsPerYear,
      riskFreeRate: spec.riskFreeRate,
    },
    components,
  );
}

/**
 * Feeds bars `from`..`to` − 1 to the kernel. A plain function, not part of the async loop
 * around it: locals of an async function live in its heap-allocated context, where every
 * double written is a new object.
 */
function feedBars(kernel: TradingKernel, history: SeriesHistory, series: BarSeries, from: number, to: number, shift: number): void {
  const { time, open, high, low, close } = series;
  const bar = kernel.bar;
  for (let i = from; i < to; i++) {
    history.index = i;
    bar.time = time[i]! + shift;
    bar.open = open[i]!;
    bar.high = high[i]!;
    bar.low = low[i]!;
    bar.close = close[i]!;
    kernel.step();
  }
}
