import type { BacktestStatistics } from '../statistics/backtest-statistics.js';
import type { TradingEventKind } from './event-logger.js';
import type { ReconciliationReport } from './reconciliation.js';
import type { TradeRecord } from './trade-record.js';

/** What one backtest request produces; saved to the results database by the service. */
export interface BacktestResult {
  readonly blueprint: string;
  readonly asset: string;
  readonly bars: number;
  /** Times of the first and last bar processed (epoch ms). */
  readonly startTime: number;
  readonly endTime: number;
  readonly statistics: BacktestStatistics;
  readonly trades: readonly TradeRecord[];
  readonly equity: { readonly time: Float64Array; readonly equity: Float64Array };
  readonly eventCounts: Readonly<Record<TradingEventKind, number>>;
  readonly reconciliation: ReconciliationReport;
}
