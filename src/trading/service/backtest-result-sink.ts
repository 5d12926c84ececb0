import type { BacktestStatistics } from '../statistics/backtest-statistics.js';
import type { TradeRecord } from '../engine/trade-record.js';

/**
 * Where the backtest service saves what it runs: the results database implements it (the
 * store's ResultsStore), so the domain does not depend on the adapter.
 */
export interface BacktestResultSink {
  recordBacktestSubmitted(run: {
    id: string;
    blueprint: string;
    environment: string;
    asset: string;
    request: unknown;
    submittedAt: Date;
  }): Promise<void>;
  completeBacktest(
    id: string,
    result: {
      statistics: BacktestStatistics;
      trades: readonly TradeRecord[];
      equity: { time: Float64Array; equity: Float64Array };
      finishedAt: Date;
      bars: number;
      events?: unknown;
    },
  ): Promise<void>;
  failBacktest(id: string, reason: string, finishedAt: Date): Promise<void>;
}
