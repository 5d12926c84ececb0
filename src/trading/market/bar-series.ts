/**
 * Bars as columns: one Float64Array per field over a single buffer. A series is read-only once
 * built, so a parameter sweep loads it once and every run (and, through a SharedArrayBuffer,
 * every worker thread) reads the same memory instead of its own copy.
 */
export const BAR_FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
export type BarField = (typeof BAR_FIELDS)[number];

/** One bar as a plain object: for feeds, tests and the edges of the engine (not the hot path). */
export interface Bar {
  /** Epoch milliseconds (UTC) of the bar's open. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** What crosses a thread boundary: the buffer is shared, not copied, when it is a SharedArrayBuffer. */
export interface BarSeriesTransfer {
  readonly asset: string;
  readonly length: number;
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
}

export class BarSeries {
  readonly asset: string;
  readonly length: number;
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  readonly buffer: SharedArrayBuffer | ArrayBuffer;

  private constructor(asset: string, length: number, buffer: SharedArrayBuffer | ArrayBuffer) {
    this.asset = asset;
    this.length = length;
    this.buffer = buffer;
    const column = (index: number): Float64Array => new Float64Array(buffer, index * length * 8, length);
    this.time = column(0);
    this.open = column(1);
    this.high = column(2);
    this.low = column(3);
    this.close = column(4);
    this.volume = column(5);
    Object.freeze(this);
  }

  /** An empty series of `length` bars to fill column by column; `shared` puts it in a SharedArrayBuffer. */
  static allocate(asset: string, length: number, shared = false): BarSeries {
    const bytes = Math.max(1, length) * 8 * BAR_FIELDS.length;
    return new BarSeries(asset, length, shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  }

  /** A series from plain bars (which must already be in time order). */
  static fromBars(asset: string, bars: readonly Bar[], shared = false): BarSeries {
    const series = BarSeries.allocate(asset, bars.length, shared);
    bars.forEach((bar, i) => {
      series.time[i] = bar.time;
      series.open[i] = bar.open;
      series.high[i] = bar.high;
      series.low[i] = bar.low;
      series.close[i] = bar.close;
      series.volume[i] = bar.volume;
    });
    return series;
  }

  /** Rebuilds a series on the other side of postMessage, over the same (shared) memory. */
  static fromTransfer(transfer: BarSeriesTransfer): BarSeries {
    return new BarSeries(transfer.asset, transfer.length, transfer.buffer);
  }

  toTransfer(): BarSeriesTransfer {
    return { asset: this.asset, length: this.length, buffer: this.buffer };
  }

  /** This series in a SharedArrayBuffer (itself if it already is one). */
  shared(): BarSeries {
    if (this.buffer instanceof SharedArrayBuffer) return this;
    const copy = BarSeries.allocate(this.asset, this.length, true);
    new Float64Array(copy.buffer).set(new Float64Array(this.buffer));
    return copy;
  }

  bar(index: number): Bar {
    return {
      time: this.time[index]!,
      open: this.open[index]!,
      high: this.high[index]!,
      low: this.low[index]!,
      close: this.close[index]!,
      volume: this.volume[index]!,
    };
  }

  /** Index of the first bar at or after `time` (binary search; `length` if none). */
  lowerBound(time: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
