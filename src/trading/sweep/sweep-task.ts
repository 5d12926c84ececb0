/**
 * The body of one sweep run in a worker thread (piscina). The bars arrive as a
 * SharedArrayBuffer: every thread reads the one copy the sweep loaded, none parses or copies
 * them. Each task builds its own components, so runs in one thread share nothing but the bars
 * and the (immutable) worker definitions.
 */
import { BarSeries, type BarSeriesTransfer } from '../market/bar-series.js';
import { runBacktest, type BacktestSpec } from '../engine/run-backtest.js';
import { toSweepOutcome, type SweepOutcome } from './sweep-outcome.js';

export interface SweepTaskInput {
  readonly spec: BacktestSpec;
  readonly bars: BarSeriesTransfer;
  readonly keepEquity: boolean;
  readonly keepTrades: boolean;
}

export default async function sweepTask(input: SweepTaskInput): Promise<SweepOutcome> {
  const series = BarSeries.fromTransfer(input.bars);
  const result = await runBacktest(input.spec, series, { yieldEvery: 0, keepEvents: false });
  return toSweepOutcome(result, input.keepEquity, input.keepTrades);
}
