/**
 * A small bench for testing one worker at a time: a real TradingContextProvider, a
 * SeriesHistory over hand-made bars, a plain account the test edits, and an order sink that
 * records what execution workers ask for (standing in for the request's ExecutionManager).
 * Context DTOs a worker reads are set by a "feeder" the test declares on the provider.
 */
import { ManualClock } from '../../../src/clock/clock.js';
import type { DtoSlot, DtoType } from '../../../src/trading/context/dto-type.js';
import { TradingContextProvider } from '../../../src/trading/context/trading-context-provider.js';
import { SeriesHistory } from '../../../src/trading/market/bar-history.js';
import { BarSeries, type Bar } from '../../../src/trading/market/bar-series.js';
import type { AccountView } from '../../../src/trading/orders/account-view.js';
import type { OrderRequest, OrderSink } from '../../../src/trading/orders/order.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../../../src/trading/workers/trading-worker.js';

export const ASSET = 'BTC-PERP';
const START = Date.UTC(2022, 0, 1);
const MINUTE = 60_000;

/** Records every request and cancel, in order; pending orders stay until cancelled or {@link fillAll}. */
export class RecordingOrderSink implements OrderSink {
  readonly submitted: OrderRequest[] = [];
  /** 'cancel' and 'submit' in the order they were called. */
  readonly calls: ('cancel' | 'submit')[] = [];
  readonly #pending: OrderRequest[] = [];

  submit(request: OrderRequest): void {
    this.submitted.push(request);
    this.#pending.push(request);
    this.calls.push('submit');
  }

  cancelPending(): void {
    this.#pending.length = 0;
    this.calls.push('cancel');
  }

  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Forgets pending orders as if the engine had filled them. */
  fillAll(): void {
    this.#pending.length = 0;
  }
}

/** An AccountView the test writes to directly. */
export interface MutableAccount extends AccountView {
  cash: number;
  position: number;
  averagePrice: number;
  equity: number;
  peakEquity: number;
  initialCash: number;
}

export function flatAccount(cash = 10_000): MutableAccount {
  return { cash, position: 0, averagePrice: Number.NaN, equity: cash, peakEquity: cash, initialCash: cash };
}

/** One-minute bars with these (open, high, low, close), from 2022-01-01T00:00Z. */
export function ohlcBars(rows: readonly (readonly [number, number, number, number])[]): Bar[] {
  return rows.map(([open, high, low, close], i) => ({ time: START + i * MINUTE, open, high, low, close, volume: 1 }));
}

/** Bars that only matter for their close: open = high = low = close. */
export function closeBars(closes: readonly number[]): Bar[] {
  return ohlcBars(closes.map((c) => [c, c, c, c] as const));
}

export class WorkerBench {
  readonly provider = new TradingContextProvider();
  readonly history: SeriesHistory;
  readonly account: MutableAccount;
  readonly orders = new RecordingOrderSink();
  readonly services: WorkerServices;
  readonly #series: BarSeries;

  constructor(bars: readonly Bar[], account: MutableAccount = flatAccount()) {
    this.#series = BarSeries.fromBars(ASSET, bars);
    this.history = new SeriesHistory(this.#series);
    this.account = account;
    this.services = { context: this.provider, bars: this.history, account, orders: this.orders, clock: new ManualClock() };
  }

  /** A DTO the test itself produces each tick, standing in for a context (or upstream) worker. */
  feeder<T>(type: DtoType<T>, label?: string, worker = 'feeder'): DtoSlot<T> {
    return this.provider.declareOutput(worker, type, label);
  }

  /** A slot to read a worker's output through (declared as an input of a 'probe' worker). */
  probe<T>(type: DtoType<T>, label?: string): DtoSlot<T> {
    return this.provider.declareInput('probe', type, label);
  }

  /** Validates `params` as a blueprint would, and makes the worker on this bench. */
  create<P>(definition: WorkerDefinition<P>, name: string, params: unknown = {}): TradingWorker {
    return definition.create(name, definition.params.parse(params), this.services);
  }

  seal(): string[] {
    return this.provider.seal();
  }

  /** Index of the current bar (−1 before the first). */
  get index(): number {
    return this.history.index;
  }

  /** Moves to the next bar and opens its tick; `feed` then sets this tick's DTOs before the workers run. */
  step(feed: (bar: number) => void, ...workers: TradingWorker[]): void {
    this.history.index++;
    const i = this.history.index;
    if (i >= this.#series.length) throw new Error(`the bench has only ${this.#series.length} bars`);
    this.provider.startTick(ASSET, this.#series.time[i]!, this.#series.close[i]!);
    feed(i);
    for (const worker of workers) worker.onBar();
  }
}
