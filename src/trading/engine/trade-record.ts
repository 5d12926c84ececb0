/**
 * A round trip: a position opened and closed (or still open at the end of a run, closed at the
 * last price). Statistics count these as "trades", as backtrader, LEAN and vectorbt do.
 */
export interface TradeRecord {
  readonly asset: string;
  readonly direction: 'long' | 'short';
  readonly entryTime: number;
  readonly exitTime: number;
  /** Quantity-weighted average entry and exit prices (after slippage). */
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** The largest absolute position held during the trade. */
  readonly quantity: number;
  /** Profit net of all commissions paid on the trade's fills. */
  readonly pnl: number;
  readonly commission: number;
  /** Bars from the entry fill to the exit fill. */
  readonly bars: number;
  /** True when the run ended with the position open and it was marked, not traded. */
  readonly openAtEnd: boolean;
  readonly entryReason: string;
  readonly exitReason: string;
}
