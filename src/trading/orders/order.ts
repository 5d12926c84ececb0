/** Buy or sell, as the sign of a quantity change. */
export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';

/** What an execution worker asks for; the execution manager turns it into a pending order. */
export interface OrderRequest {
  readonly side: Side;
  /** Units of the asset, > 0. */
  readonly quantity: number;
  readonly type: OrderType;
  /** Required for limit orders: buy at or below, sell at or above. */
  readonly limitPrice?: number;
  /** Why (the signal that led to it), for the event log and the trade list. */
  readonly reason: string;
}

/** Where execution workers send orders; the request's ExecutionManager behind it. */
export interface OrderSink {
  submit(request: OrderRequest): void;
  /** Cancels every pending order of the current asset (a new plan replaces the old one). */
  cancelPending(): void;
  /** Orders submitted and not yet filled or cancelled. */
  readonly pendingCount: number;
}

/** A fill: what the position monitor, the PnL calculator and reconciliation consume. */
export interface Fill {
  readonly orderId: number;
  readonly asset: string;
  readonly time: number;
  readonly side: Side;
  readonly quantity: number;
  /** Price after slippage. */
  readonly price: number;
  readonly commission: number;
  readonly reason: string;
}
