import { computeStatistics } from '../statistics/compute-statistics.js';
import { inferPeriodsPerYear } from '../statistics/periods-per-year.js';
import type { BacktestResult } from './backtest-result.js';
import type { RequestComponents } from './request-components.js';

export interface RunSummaryInput {
  readonly blueprint: string;
  readonly asset: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly initialCash: number;
  readonly periodsPerYear: number | 'auto' | undefined;
  readonly riskFreeRate: number | undefined;
}

/**
 * Closes the books of a run, backtest or live alike: a position still open is marked at the
 * last price as a trade "open at end", and the statistics are computed on the equity curve.
 */
export function summarizeRun(input: RunSummaryInput, c: RequestComponents): BacktestResult {
  const curve = c.pnl.curve();
  c.trades.markOpenAtEnd(input.endTime, c.exposure.bars - 1, c.pnl.lastPrice);
  const trades = c.trades.trades;
  const periodsPerYear = input.periodsPerYear === undefined || input.periodsPerYear === 'auto' ? inferPeriodsPerYear(curve.time) : input.periodsPerYear;
  return {
    blueprint: input.blueprint,
    asset: input.asset,
    bars: c.exposure.bars,
    startTime: input.startTime,
    endTime: input.endTime,
    statistics: computeStatistics({
      equity: curve.equity,
      initialEquity: input.initialCash,
      trades,
      barsWithPosition: c.exposure.barsWithPosition,
      periodsPerYear,
      riskFreeRate: input.riskFreeRate ?? 0,
    }),
    trades,
    equity: curve,
    eventCounts: c.log.counts(),
    reconciliation: c.reconciliation.check(),
  };
}
