/** A worker's cache of the current run's inputs: loaded once per run, checked against the coordinator's hashes, dropped for the next run. */
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { EodInputCache, EodInputsChangedError } from '../../src/eod/distributed/eod-input-cache.js';
import type { EodPartitionJob } from '../../src/eod/distributed/eod-partitions.js';
import { loadEodInputs, type PortfolioSource } from '../../src/eod/eod-inputs.js';
import { EFFECTIVE_DATE, MARKET_FILE, MODELS_DIR, portfolioFile, tempDir } from '../eod/eod-fixtures.js';

const dir = tempDir('input-cache');
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const noDatabase: PortfolioSource = { location: 'none', loadPortfolio: () => Promise.reject(new Error('no database in this test')) };

async function jobFor(runId: string, portfolio: string): Promise<EodPartitionJob> {
  const inputs = { portfolio, market: MARKET_FILE, effectiveDate: EFFECTIVE_DATE, models: MODELS_DIR };
  const loaded = await loadEodInputs(inputs, noDatabase);
  loaded.models[Symbol.dispose]();
  return { runId, startedAt: '2024-01-01T00:00:00.000Z', partition: 0, partitions: 1, from: 0, to: loaded.portfolio.positions.length, positions: loaded.portfolio.positions.length, inputs, inputHashes: loaded.inputHashes, reportKey: `report:${runId}` };
}

describe('EodInputCache', () => {
  it('loads a run\'s inputs once for all its partitions, even when they ask at the same time', async () => {
    using cache = new EodInputCache();
    const job = await jobFor('run-a', portfolioFile(dir, 300, 31));
    const [first, second] = await Promise.all([cache.acquire(job, noDatabase), cache.acquire({ ...job, partition: 1 }, noDatabase)]);
    expect(first.inputs).toBe(second.inputs);
    expect([first.loaded, second.loaded].filter(Boolean)).toHaveLength(1);
    const third = await cache.acquire(job, noDatabase);
    expect(third.loaded).toBe(false);
    expect(third.inputs.portfolio.length).toBe(300);
    for (const lease of [first, second, third]) lease.release();
  });

  it('drops a run\'s inputs when a job of another run arrives, disposing its models once no partition uses them', async () => {
    using cache = new EodInputCache();
    const jobA = await jobFor('run-a', portfolioFile(dir, 200, 32));
    const jobB = await jobFor('run-b', portfolioFile(dir, 200, 33));
    const leaseA = await cache.acquire(jobA, noDatabase);
    leaseA.inputs.models.get('refi-standard');
    expect(leaseA.inputs.models.stats().cached).toBe(1);
    // Run A's partition is still valuing: its models stay until it lets go.
    const leaseB = await cache.acquire(jobB, noDatabase);
    expect(cache.size).toBe(1);
    expect(leaseA.inputs.models.stats().cached).toBe(1);
    leaseA.release();
    expect(leaseA.inputs.models.stats().cached).toBe(0);
    leaseB.release();
    // Back to run A: loaded afresh.
    const again = await cache.acquire(jobA, noDatabase);
    expect(again.loaded).toBe(true);
    again.release();
  });

  it('refuses inputs whose bytes differ from the ones the run started with, and caches nothing', async () => {
    using cache = new EodInputCache();
    const file = portfolioFile(dir, 100, 34);
    const job = await jobFor('run-c', file);
    writeFileSync(file, 'kind,id,face,coupon,issueDate,maturityDate,frequency,dayCount,calendar\n');
    const refused = cache.acquire(job, noDatabase);
    await expect(refused).rejects.toThrow(EodInputsChangedError);
    await expect(refused).rejects.toThrow(/portfolio \(.*portfolio-100-34\.csv\) hashes to [0-9a-f]{64} here, but to [0-9a-f]{64} when the run started/);
    expect(cache.size).toBe(0);
  });
});
