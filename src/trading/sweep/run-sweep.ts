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
 * A fixed set of worker threads for sweeps (piscina). Keep one open to run several sweeps
 * without paying for thread start-up each time; close it when done.
 */
export class SweepPool implements AsyncDisposable {
  readonly threads: number;
  readonly #pool: Piscina<SweepTaskInput, SweepOutcome[]>;

  constructor(threads: number) {
    this.threads = threads;
    const { filename, execArgv } = taskModule();
    this.#pool = new Piscina<SweepTaskInput, SweepOutcome[]>({ filename, execArgv, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  }

  /**
   * Runs every spec on `series`, outcomes in the order of `specs`. The series is moved into a
   * SharedArrayBuffer once (if it is not in one already) and read by every run in every thread.
   */
  async run(specs: readonly BacktestSpec[], series: BarSeries, options: Omit<SweepOptions, 'threads'> = {}): Promise<SweepOutcome[]> {
    const bars = series.shared().toTransfer();
    const keepEquity = options.keepEquity ?? false;
    const keepTrades = options.keepTrades ?? false;
    const runOptions = options.signal === undefined ? {} : { signal: options.signal };
    // Batches of runs, about four per thread: each batch is one message each way, so the main
    // thread (which shares the cores with the workers) is woken a few times per thread rather
    // than once per run, and the threads still finish together.
    const batch = Math.max(1, Math.ceil(specs.length / (this.threads * 4)));
    const batches: (readonly BacktestSpec[])[] = [];
    for (let i = 0; i < specs.length; i += batch) batches.push(specs.slice(i, i + batch));
    const outcomes = await Promise.all(batches.map((group) => this.#pool.run({ specs: group, bars, keepEquity, keepTrades }, runOptions)));
    return outcomes.flat();
  }

  close(): Promise<void> {
    return this.#pool.destroy();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Runs every spec (variants of one strategy: a parameter sweep) on one series and returns the
 * outcomes in the order of `specs`. Each run gets fresh components; the bars are shared.
 * Memory stays bounded: the threads are capped, tasks queue, and outcomes keep statistics only
 * unless asked.
 */
export async function runSweep(specs: readonly BacktestSpec[], series: BarSeries, options: SweepOptions = {}): Promise<SweepOutcome[]> {
  const threads = options.threads ?? availableParallelism();
  const keepEquity = options.keepEquity ?? false;
  const keepTrades = options.keepTrades ?? false;
  if (threads === 0) {
    const runOptions = { keepEvents: false, ...(options.signal === undefined ? {} : { signal: options.signal }) };
    return Promise.all(specs.map(async (spec) => toSweepOutcome(await runBacktest(spec, series, runOptions), keepEquity, keepTrades)));
  }
  await using pool = new SweepPool(threads);
  return await pool.run(specs, series, options);
}
