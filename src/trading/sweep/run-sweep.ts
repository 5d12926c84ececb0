import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { BarSeries } from '../market/bar-series.js';
import { runBacktest, type BacktestSpec } from '../engine/run-backtest.js';
import { toSweepOutcome, type SweepOutcome } from './sweep-outcome.js';
import type { SweepTaskInput } from './sweep-task.js';

export interface SweepOptions {
  /** Worker threads; 0 runs every variant in this thread, interleaved. Default: the core count. */
  readonly threads?: number;
  /** Keep each run's equity curve / trades in its outcome (default false: statistics only). */
  readonly keepEquity?: boolean;
  readonly keepTrades?: boolean;
  readonly signal?: AbortSignal;
}

/** The task module next to this one: the .ts source under tsx/vitest, the .js build otherwise. */
function taskModule(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './sweep-task.ts' : './sweep-task.js', import.meta.url).href;
  return { filename, execArgv: fromSource ? ['--import', 'tsx'] : [] };
}

/**
 * Runs every spec (variants of one strategy: a parameter sweep) on one series and returns the
 * outcomes in the order of `specs`. The series is moved into a SharedArrayBuffer once and read
 * by every run in every thread; each run gets fresh components. Memory stays bounded: the
 * threads are capped, tasks queue, and outcomes keep statistics only unless asked.
 */
export async function runSweep(specs: readonly BacktestSpec[], series: BarSeries, options: SweepOptions = {}): Promise<SweepOutcome[]> {
  const threads = options.threads ?? availableParallelism();
  const keepEquity = options.keepEquity ?? false;
  const keepTrades = options.keepTrades ?? false;
  if (threads === 0) {
    return Promise.all(
      specs.map(async (spec) => toSweepOutcome(await runBacktest(spec, series, { keepEvents: false, ...(options.signal ? { signal: options.signal } : {}) }), keepEquity, keepTrades)),
    );
  }
  const shared = series.shared();
  const { filename, execArgv } = taskModule();
  const pool = new Piscina<SweepTaskInput, SweepOutcome>({ filename, execArgv, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  try {
    const bars = shared.toTransfer();
    return await Promise.all(
      specs.map((spec) => pool.run({ spec, bars, keepEquity, keepTrades }, options.signal ? { signal: options.signal } : {})),
    );
  } finally {
    await pool.destroy();
  }
}
