import type { BacktestResult } from '../engine/backtest-result.js';

/**
 * What a sweep keeps of each run: the statistics always; the trades and the equity curve only
 * when asked, so a sweep of thousands of variants holds kilobytes per run, not megabytes.
 */
export interface SweepOutcome {
  readonly statistics: BacktestResult['statistics'];
  readonly bars: number;
  readonly numberOfTrades: number;
  readonly trades?: BacktestResult['trades'];
  readonly equity?: BacktestResult['equity'];
}

export function toSweepOutcome(result: BacktestResult, keepEquity: boolean, keepTrades: boolean): SweepOutcome {
  return {
    statistics: result.statistics,
    bars: result.bars,
    numberOfTrades: result.trades.length,
    ...(keepTrades ? { trades: result.trades } : {}),
    ...(keepEquity ? { equity: result.equity } : {}),
  };
}
