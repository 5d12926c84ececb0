import { BoundedCache } from '../cache/index.js';
import type { Clock } from '../clock/clock.js';
import { loadMarketData, type MarketData } from '../valuation/market/market-data.js';

/** Which market data: a par-yield file (real path) and the effective date, YYYY-MM-DD. */
export interface MarketSource {
  readonly file: string;
  readonly date: string;
}

/** Dates a session keeps at once: the current one and a few it moved between. */
const MAX_DATES = 4;

/**
 * A session's market data, on the `ttl` lifetime: held for `ttlMs` after it was read, then
 * read again on the next use, so a long session picks up a corrected or re-published file.
 * A changed file shows as a new sourceHash, which makes the next iteration a full run.
 */
export class MarketDataCache implements Disposable {
  readonly #cache: BoundedCache<string, MarketData>;

  /**
   * `load` reads one file's date (default: loadMarketData from the file); the server passes
   * the shared tier's loader when Redis is configured, so sessions in every process fill from it.
   */
  constructor(options: {
    readonly ttlMs: number;
    readonly clock: Clock;
    readonly name: string;
    readonly load?: (file: string, date: string) => Promise<MarketData> | MarketData;
  }) {
    const load = options.load ?? loadMarketData;
    this.#cache = new BoundedCache<string, MarketData>({
      name: `market data (${options.name})`,
      maxSize: MAX_DATES,
      ttl: options.ttlMs,
      clock: options.clock,
      loader: (key) => {
        const source = JSON.parse(key) as [string, string];
        return load(source[0], source[1]);
      },
    });
  }

  /** The market data of `source`, read on first use and again once its time to live passed. */
  get(source: MarketSource): Promise<MarketData> {
    return this.#cache.fetch(JSON.stringify([source.file, source.date]));
  }

  [Symbol.dispose](): void {
    this.#cache[Symbol.dispose]();
  }
}
