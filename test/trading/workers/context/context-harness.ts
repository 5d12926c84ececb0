/**
 * Drives one context worker the way the strategy manager does: a real TradingContextProvider,
 * a SeriesHistory cursor over a BarSeries, and per bar `startTick` then `onBar`; the worker's
 * DTO is read back through a probe consumer declared before the provider is sealed.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DtoType } from '../../../../src/trading/context/dto-type.js';
import { TradingContextProvider } from '../../../../src/trading/context/trading-context-provider.js';
import { SeriesHistory } from '../../../../src/trading/market/bar-history.js';
import { BarSeries, type Bar } from '../../../../src/trading/market/bar-series.js';
import { ManualClock } from '../../../../src/clock/clock.js';
import type { AccountView } from '../../../../src/trading/orders/account-view.js';
import type { OrderSink } from '../../../../src/trading/orders/order.js';
import type { WorkerDefinition } from '../../../../src/trading/workers/trading-worker.js';

const MARKET_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/market');

/**
 * Bars of a data file: the first column is the time (a date or `YYYY-MM-DD HH:MM:SS.ffffff`,
 * read as UTC), then open, high, low, close, volume. Minimal on purpose: the files are known.
 */
export function loadBars(file: string, limit = Number.POSITIVE_INFINITY): Bar[] {
  const lines = readFileSync(resolve(MARKET_DIR, file), 'utf8').trim().split('\n').slice(1);
  const bars: Bar[] = [];
  for (const line of lines) {
    if (bars.length >= limit) break;
    const [time = '', open, high, low, close, volume] = line.split(',');
    const iso = time.includes(' ') ? `${time.replace(' ', 'T').slice(0, 23)}Z` : `${time}T00:00:00Z`;
    bars.push({ time: Date.parse(iso), open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) });
  }
  return bars;
}

/** Bars from [high, low, close] triples (open = previous close), one minute apart: for hand-built cases. */
export function barsFrom(triples: readonly (readonly [number, number, number])[]): Bar[] {
  return triples.map(([high, low, close], i) => ({
    time: Date.UTC(2024, 0, 1) + i * 60_000,
    open: i === 0 ? close : triples[i - 1]![2],
    high,
    low,
    close,
    volume: 1,
  }));
}

/** An account and an order sink that fail loudly: context workers must not touch them. */
export const account: AccountView = {
  get cash(): number {
    throw new Error('a context worker read the account');
  },
  position: 0,
  averagePrice: Number.NaN,
  equity: 0,
  peakEquity: 0,
  initialCash: 0,
};
export const orders: OrderSink = {
  submit() {
    throw new Error('a context worker submitted an order');
  },
  cancelPending() {
    throw new Error('a context worker cancelled orders');
  },
  pendingCount: 0,
};

/**
 * Runs `definition` with `rawParams` (parsed by its own schema) over `bars` and returns, per
 * bar, `read(dto)` of the DTO `dto` (under `label`) the worker set in that tick, or of
 * undefined. `read` copies what it needs: some readings are updated in place.
 */
export function drive<P, T, R>(
  definition: WorkerDefinition<P>,
  rawParams: unknown,
  bars: readonly Bar[],
  dto: DtoType<T>,
  label: string | undefined,
  read: (value: T | undefined) => R,
  name = 'worker',
): R[] {
  const provider = new TradingContextProvider();
  const series = BarSeries.fromBars('TEST', bars);
  const history = new SeriesHistory(series);
  const worker = definition.create(name, definition.params.parse(rawParams), { context: provider, bars: history, account, orders, clock: new ManualClock() });
  const slot = provider.declareInput('probe', dto, label);
  provider.seal([worker.name, 'probe']);
  const out: R[] = [];
  for (let i = 0; i < series.length; i++) {
    history.index = i;
    provider.startTick('TEST', series.time[i]!, series.close[i]!);
    worker.onBar();
    out.push(read(provider.get(slot)));
  }
  return out;
}

/** The index of the first defined entry (-1 if none). */
export function firstDefined(values: readonly unknown[]): number {
  return values.findIndex((v) => v !== undefined);
}
