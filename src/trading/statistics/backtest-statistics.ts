/**
 * A backtest's summary statistics, with the standard definitions (those of pyfolio/empyrical
 * and QuantStats), so figures can be compared with other engines. Per-bar simple returns r_t =
 * E_t / E_{t-1} - 1 of the equity curve; N bars; P periods per year.
 */
export interface BacktestStatistics {
  readonly initialEquity: number;
  readonly finalEquity: number;
  /** E_N / E_0 - 1. */
  readonly totalReturn: number;
  /** (E_N / E_0)^(P / N) - 1 (compound annual growth rate). */
  readonly annualisedReturn: number;
  /** Sample standard deviation (ddof = 1) of r, times sqrt(P). */
  readonly annualisedVolatility: number;
  /** mean(r - rf_per_period) / std(r, ddof = 1) * sqrt(P); NaN when std is 0. */
  readonly sharpeRatio: number;
  /** max over t of 1 - E_t / max_{s<=t} E_s, as a positive fraction. */
  readonly maxDrawdown: number;
  /** Closed round trips with pnl > 0, over all round trips; NaN with no trades. */
  readonly winRate: number;
  /** Gross profit of winning trades over gross loss of losing ones; Infinity with no losses, NaN with no trades. */
  readonly profitFactor: number;
  readonly numberOfTrades: number;
  /** Fraction of bars with a non-zero position. */
  readonly exposureTime: number;
  readonly bars: number;
  /** P used for annualising. */
  readonly periodsPerYear: number;
  readonly riskFreeRate: number;
}
