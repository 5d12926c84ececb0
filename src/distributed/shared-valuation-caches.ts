import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TieredCache } from '../cache/tiered-cache.js';
import type { TieredCacheStats } from '../cache/tiered-cache-stats.js';
import type { Clock } from '../clock/clock.js';
import { MARKET_DATA_CODEC_VERSION, marketDataCodec } from '../valuation/codecs/market-data-codec.js';
import { MODEL_DEFINITION_CODEC_VERSION, modelDefinitionsCodec } from '../valuation/codecs/model-definition-codec.js';
import { formatDay, type Day } from '../valuation/dates/day.js';
import { loadMarketData, type MarketData } from '../valuation/market/market-data.js';
import { loadModelRegistry, readModelFile, type ModelDefinition } from '../valuation/prepayment/index.js';
import type { SharedTier } from './shared-tier.js';

export interface SharedValuationCachesOptions {
  /** How long values live in the shared tier, in ms. Default 24 hours. */
  readonly ttlMs?: number;
  /** Longest a value stays in this process's L1, in ms. Default: as long as it has left in L2. */
  readonly l1MaxTtlMs?: number;
  /** The L1 clock (tests move it by hand). */
  readonly clock?: Clock;
}

const DAY_MS = 24 * 60 * 60_000;
/** Effective dates one process holds decoded at once (a server's sessions move between a few). */
const MARKET_DATES = 16;
/** Model directories (with distinct contents) held decoded at once. */
const MODEL_DIRECTORIES = 4;

/**
 * The valuation inputs that every process of a machine (or a cluster) can share: market data
 * with its bootstrapped curve, and prepayment model definitions, through the shared tier.
 *
 * Keys are content hashes, never paths: `market-data:v1:<date>:<sha256 of the par yield
 * file>` and `model-definitions:v1:<sha256 of the model files' names and bytes>`. Processes
 * with different paths to the same bytes share one entry, and a corrected file is a new key,
 * so nothing stale is ever served; invalidation is for bytes that change in place elsewhere.
 * Bad input still fails as without the tier: the loaders are the ordinary ones.
 */
export class SharedValuationCaches implements AsyncDisposable {
  readonly #marketData: TieredCache<MarketData>;
  readonly #models: TieredCache<readonly ModelDefinition[]>;

  constructor(tier: SharedTier, options: SharedValuationCachesOptions = {}) {
    const common = {
      ttlMs: options.ttlMs ?? DAY_MS,
      ...(options.l1MaxTtlMs === undefined ? {} : { l1MaxTtlMs: options.l1MaxTtlMs }),
    };
    const clock = options.clock === undefined ? {} : { clock: options.clock };
    this.#marketData = tier.cache<MarketData>({
      ...common,
      namespace: 'market-data',
      version: MARKET_DATA_CODEC_VERSION,
      codec: marketDataCodec,
      l1: { maxSize: MARKET_DATES, ...clock },
    });
    this.#models = tier.cache<readonly ModelDefinition[]>({
      ...common,
      namespace: 'model-definitions',
      version: MODEL_DEFINITION_CODEC_VERSION,
      codec: modelDefinitionsCodec,
      l1: { maxSize: MODEL_DIRECTORIES, ...clock },
    });
  }

  /** The market data of `date` in the par yield file `file`, as loadMarketData(file, date) gives it. */
  async marketData(file: string, date: Day | string): Promise<MarketData> {
    let key: string;
    try {
      const day = typeof date === 'string' ? date : formatDay(date);
      key = `${day}:${sha256(readFileSync(file))}`;
    } catch {
      // An unreadable file or a bad date: the ordinary load reports it as usual.
      return loadMarketData(file, date);
    }
    const market = await this.#marketData.fetch(key, { loader: () => loadMarketData(file, date) });
    // The entry may come from a process that read the same bytes under another path.
    return market.sourceFile === file ? market : Object.freeze({ ...market, sourceFile: file });
  }

  /**
   * The definitions of every model file in `directory`, in name order: what a registry over
   * the directory would read. Throws what loadModelRegistry and readModelFile throw.
   */
  async modelDefinitions(directory: string): Promise<readonly ModelDefinition[]> {
    const files = modelFiles(directory);
    const hash = createHash('sha256');
    for (const file of files) hash.update(file.name).update('\0').update(readFileSync(file.path)).update('\0');
    return this.#models.fetch(hash.digest('hex'), { loader: () => files.map((file) => readModelFile(file.path)) });
  }

  stats(): { readonly marketData: TieredCacheStats; readonly models: TieredCacheStats } {
    return { marketData: this.#marketData.stats(), models: this.#models.stats() };
  }

  /** Closes the caches (not the tier, which may serve others). */
  async close(): Promise<void> {
    await Promise.all([this.#marketData.close(), this.#models.close()]);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** The model files of `directory` as the registry finds them (and with its errors). */
function modelFiles(directory: string): { readonly name: string; readonly path: string }[] {
  using registry = loadModelRegistry(directory);
  return registry.names().map((name) => ({ name, path: registry.fileOf(name) }));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
