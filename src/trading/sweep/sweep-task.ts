/**
 * The body of one sweep run in a worker thread (piscina). The bars arrive as a
 * SharedArrayBuffer: every thread reads the one copy the sweep loaded, none parses or copies
 * them. Each task builds its own components, so runs in one thread share nothing but the bars
 * and the (immutable) worker definitions.
 */
import { BarSeries, type BarSeriesTransfer } from '../market/bar-series.js';
import type { EquityStorage } from '../engine/pnl-calculator.js';
import { runBacktest, type BacktestSpec } from '../engine/run-backtest.js';
import { toSweepOutcome, type SweepOutcome } from './sweep-outcome.js';

export interface SweepTaskInput {
  /** Several runs per task: one message each way per batch, not per run (see SweepPool). */
  readonly specs: readonly BacktestSpec[];
  readonly bars: BarSeriesTransfer;
  readonly keepEquity: boolean;
  readonly keepTrades: boolean;
}

/**
 * This thread's memory for equity curves, lent to one run after another when the outcome does
 * not keep the curve (statistics are computed from it before the task returns). Grows to the
 * longest run seen; never shared between threads.
 */
let storage: EquityStorage | undefined;

function storageFor(bars: number): EquityStorage {
  if (storage === undefined || storage.time.length < bars) storage = { time: new Float64Array(bars), equity: new Float64Array(bars) };
  return storage;
}

export default async function sweepTask(input: SweepTaskInput): Promise<SweepOutcome[]> {
  const series = BarSeries.fromTransfer(input.bars);
  const outcomes: SweepOutcome[] = [];
  for (const spec of input.specs) {
    const reuse = input.keepEquity ? {} : { equityStorage: storageFor(series.length) };
    const result = await runBacktest(spec, series, { yieldEvery: 0, keepEvents: false, ...reuse });
    outcomes.push(toSweepOutcome(result, input.keepEquity, input.keepTrades));
  }
  return outcomes;
}
