/**
 * The strategy's account as workers may see it: read-only numbers kept by the request's
 * PositionMonitor and PnLCalculator. Planning sizes positions from it; threat workers watch its
 * drawdown.
 */
export interface AccountView {
  readonly cash: number;
  /** Signed units held of the current asset (negative when short). */
  readonly position: number;
  /** Average entry price of the open position; NaN when flat. */
  readonly averagePrice: number;
  /** Cash plus the position marked at the latest price. */
  readonly equity: number;
  /** Highest equity so far in this run. */
  readonly peakEquity: number;
  readonly initialCash: number;
}
