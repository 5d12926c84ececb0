import type { BarSeries } from './bar-series.js';

/**
 * What a worker may read of the bars so far: the current bar is `back = 0`, the one before it
 * `back = 1`. Workers keep their own incremental state (an SMA's running sum), so they look back
 * only a few bars (a fair value gap needs three); history is never copied per bar.
 */
export interface BarHistory {
  /** Bars seen so far in this run, the current one included. */
  readonly count: number;
  /** The most bars one can look back (count may be larger in live mode, which keeps a ring). */
  readonly capacity: number;
  time(back: number): number;
  open(back: number): number;
  high(back: number): number;
  low(back: number): number;
  close(back: number): number;
  volume(back: number): number;
}

/** Backtest history: a cursor over a loaded (possibly shared) series; nothing is copied. */
export class SeriesHistory implements BarHistory {
  readonly #series: BarSeries;
  readonly #start: number;
  /** Index of the current bar in the series; the engine moves it. */
  index: number;

  constructor(series: BarSeries, start = 0) {
    this.#series = series;
    this.#start = start;
    this.index = start - 1;
  }

  get count(): number {
    return this.index - this.#start + 1;
  }

  get capacity(): number {
    return this.count;
  }

  time(back: number): number {
    return this.#series.time[this.index - back]!;
  }
  open(back: number): number {
    return this.#series.open[this.index - back]!;
  }
  high(back: number): number {
    return this.#series.high[this.index - back]!;
  }
  low(back: number): number {
    return this.#series.low[this.index - back]!;
  }
  close(back: number): number {
    return this.#series.close[this.index - back]!;
  }
  volume(back: number): number {
    return this.#series.volume[this.index - back]!;
  }
}

/** Live history: the last `capacity` bars in a ring, appended as the feed delivers them. */
export class RingHistory implements BarHistory {
  readonly capacity: number;
  readonly #columns: Float64Array[];
  #count = 0;

  constructor(capacity = 4096) {
    this.capacity = capacity;
    this.#columns = Array.from({ length: 6 }, () => new Float64Array(capacity));
  }

  get count(): number {
    return this.#count;
  }

  append(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    const slot = this.#count % this.capacity;
    const [t, o, h, l, c, v] = this.#columns as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    t[slot] = time;
    o[slot] = open;
    h[slot] = high;
    l[slot] = low;
    c[slot] = close;
    v[slot] = volume;
    this.#count++;
  }

  #at(column: number, back: number): number {
    if (back >= this.capacity || back >= this.#count) return Number.NaN;
    return this.#columns[column]![(this.#count - 1 - back) % this.capacity]!;
  }

  time(back: number): number {
    return this.#at(0, back);
  }
  open(back: number): number {
    return this.#at(1, back);
  }
  high(back: number): number {
    return this.#at(2, back);
  }
  low(back: number): number {
    return this.#at(3, back);
  }
  close(back: number): number {
    return this.#at(4, back);
  }
  volume(back: number): number {
    return this.#at(5, back);
  }
}
