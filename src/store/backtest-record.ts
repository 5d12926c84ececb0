/**
 * What the results database keeps of a backtest request: who asked for what (blueprint,
 * environment, asset, the request's overrides and resolved config), where it is (running,
 * succeeded, failed), and, once it succeeded, its statistics, trades and equity curve.
 */
import type { TradeRecord } from '../trading/engine/trade-record.js';
import type { BacktestStatistics } from '../trading/statistics/backtest-statistics.js';

/** Submitted and not finished, finished with results, or finished without. */
export type BacktestStatus = 'running' | 'succeeded' | 'failed';

/** A backtest as it is submitted; it starts `running`. */
export interface BacktestSubmission {
  readonly id: string;
  readonly blueprint: string;
  readonly environment: string;
  readonly asset: string;
  /**
   * The request as JSON: its overrides and the resolved config slice, so a result can be
   * reproduced. Stored as JSON: undefined members are dropped and non-finite numbers become null.
   */
  readonly request: unknown;
  readonly submittedAt: Date;
}

/** The equity curve: one point per bar, time in epoch milliseconds. */
export interface BacktestEquityCurve {
  readonly time: Float64Array;
  readonly equity: Float64Array;
}

/** Everything a succeeded backtest leaves behind, written in one transaction. */
export interface BacktestResult {
  readonly statistics: BacktestStatistics;
  readonly trades: readonly TradeRecord[];
  readonly equity: BacktestEquityCurve;
  readonly finishedAt: Date;
  /** Bars the run processed. */
  readonly bars: number;
  /** Anything else worth keeping as JSON (e.g. the event log's summary); read back with getBacktestEvents. */
  readonly events?: unknown;
}

/** A backtest as the database holds it (without its trades, equity curve and events, which are read separately). */
export interface BacktestRecord {
  readonly id: string;
  readonly status: BacktestStatus;
  readonly blueprint: string;
  readonly environment: string;
  readonly asset: string;
  readonly request: unknown;
  /** Set exactly when the status is `succeeded`; NaN and ±Infinity come back as they went in. */
  readonly statistics: BacktestStatistics | null;
  /** Bars processed; set exactly when the status is `succeeded`. */
  readonly bars: number | null;
  /** Millisecond precision (both engines keep exactly that). */
  readonly submittedAt: Date;
  /** Null while running. */
  readonly finishedAt: Date | null;
  /** Why it failed; set exactly when the status is `failed`. */
  readonly error: string | null;
}
