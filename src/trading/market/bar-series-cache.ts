import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BoundedCache } from '../../cache/bounded-cache.js';
import type { CacheStats } from '../../cache/cache-stats.js';
import type { BarSeries } from './bar-series.js';
import { readBars } from './read-bars.js';

export interface BarSeriesCacheOptions {
  /** Most bytes of bars held at once (default 512 MiB); the least valuable series leave first. */
  readonly maxBytes?: number;
}

/**
 * The app-lifetime store of loaded bars. Loading a month of one-minute bars costs tens of
 * milliseconds; a server answering backtest requests, or a sweep of a hundred variants, loads
 * each file once. Series are read-only and in SharedArrayBuffers, so requests and worker
 * threads all read the same memory. The key includes the file's size and modification time:
 * a file rewritten on disk is read again. Concurrent first loads share one read.
 *
 * This is what the request's data provider draws from; the provider itself is fresh per
 * request (it holds only the request's range over the shared series).
 */
export class BarSeriesCache {
  readonly #cache: BoundedCache<string, BarSeries>;

  constructor(options: BarSeriesCacheOptions = {}) {
    this.#cache = new BoundedCache<string, BarSeries>({
      name: 'bar series',
      maxWeight: options.maxBytes ?? 512 * 1024 * 1024,
      weigher: (series) => series.buffer.byteLength,
    });
  }

  /** The bars of `file` (as asset `asset`, default the file name). */
  load(file: string, asset?: string): Promise<BarSeries> {
    const path = resolve(file);
    let version = 'missing';
    try {
      const stat = statSync(path);
      version = `${stat.size}:${stat.mtimeMs}`;
    } catch {
      // readBars reports the missing file with its path.
    }
    const key = `${path}|${version}|${asset ?? ''}`;
    return this.#cache.fetch(key, { loader: () => readBars(path, { shared: true, ...(asset === undefined ? {} : { asset }) }) });
  }

  stats(): CacheStats {
    return this.#cache.stats();
  }

  clear(): void {
    this.#cache.clear();
  }
}
