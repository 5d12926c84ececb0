import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSharedTier, type SharedTier } from '../../src/distributed/shared-tier.js';
import { SharedValuationCaches } from '../../src/distributed/shared-valuation-caches.js';
import { loadMarketData } from '../../src/valuation/market/market-data.js';
import { MarketDataError } from '../../src/valuation/market/market-data-error.js';
import { loadModelRegistry, readModelFile } from '../../src/valuation/prepayment/index.js';
import { deleteKeys, inspector, REDIS_TEST_URL, skipRedis, uniquePrefix } from './shared-tier-fixtures.js';

const MARKET = resolve(import.meta.dirname, '../../examples/market/ust-par-yields-2023.csv');
const MODELS = resolve(import.meta.dirname, '../../examples/models');

describe.skipIf(skipRedis)('valuation inputs through the shared tier', () => {
  const prefix = uniquePrefix('valuation');
  const tiers: SharedTier[] = [];
  const caches: SharedValuationCaches[] = [];
  let redis: Redis;
  let scratch: string;

  beforeAll(async () => {
    redis = await inspector();
    scratch = mkdtempSync(join(tmpdir(), 'tenure-shared-valuation-'));
  });

  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await Promise.all(tiers.map((tier) => tier.close()));
    await deleteKeys(redis, prefix);
    await redis.quit();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The caches of one process: a tier on its own connection. */
  async function processCaches(): Promise<SharedValuationCaches> {
    const tier = await openSharedTier({ url: REDIS_TEST_URL, prefix, timeoutMs: 1_000 });
    tiers.push(tier);
    const caches_ = new SharedValuationCaches(tier);
    caches.push(caches_);
    return caches_;
  }

  it('gives a second process the market data the first loaded, with the same curve bit for bit and its own path', async () => {
    const first = await processCaches();
    const second = await processCaches();
    const copy = join(scratch, 'par-yields.csv');
    copyFileSync(MARKET, copy);
    const loaded = await first.marketData(MARKET, '2023-12-29');
    const shared = await second.marketData(copy, '2023-12-29');
    expect(first.stats().marketData).toMatchObject({ loads: 1, l2Hits: 0 });
    expect(second.stats().marketData).toMatchObject({ loads: 0, l2Hits: 1 });
    const local = loadMarketData(copy, '2023-12-29');
    expect(shared.sourceFile).toBe(copy);
    expect(shared.sourceHash).toBe(local.sourceHash);
    expect(shared.parYields).toEqual(local.parYields);
    for (let day = local.effectiveDate; day <= local.effectiveDate + 30 * 366; day += 5) {
      if (!Object.is(shared.curve.discount(day), local.curve.discount(day))) expect.fail(`discount(${day}) differs`);
    }
    expect(loaded.sourceFile).toBe(MARKET);
    expect(await redis.keys(`${prefix}data:market-data:v1:2023-12-29:*`)).toEqual([`${prefix}data:market-data:v1:2023-12-29:${local.sourceHash}`]);
  });

  it('treats a changed file as a new key, and reports bad input as the ordinary load does', async () => {
    const caches_ = await processCaches();
    const file = join(scratch, 'edited.csv');
    copyFileSync(MARKET, file);
    const before = await caches_.marketData(file, '2023-12-29');
    writeFileSync(file, readFileSync(MARKET, 'utf8').replace('2023-12-29,5.6,', '2023-12-29,5.7,'));
    const after = await caches_.marketData(file, '2023-12-29');
    expect(after.sourceHash).not.toBe(before.sourceHash);
    expect(after.parYields[0]!.rate).toBe(0.057);
    await expect(caches_.marketData(file, '2031-01-02')).rejects.toThrow(MarketDataError);
    await expect(caches_.marketData(join(scratch, 'missing.csv'), '2023-12-29')).rejects.toThrow(/cannot read par yield file/);
  });

  it('shares the model definitions of a directory, equal to what the registry reads', async () => {
    const first = await processCaches();
    const second = await processCaches();
    const expected = (() => {
      using registry = loadModelRegistry(MODELS);
      return registry.names().map((name) => readModelFile(registry.fileOf(name)));
    })();
    expect(await first.modelDefinitions(MODELS)).toEqual(expected);
    expect(await second.modelDefinitions(MODELS)).toEqual(expected);
    expect(second.stats().models).toMatchObject({ loads: 0, l2Hits: 1 });
  });
});
