import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSharedTier } from '../../src/distributed/shared-tier.js';
import { runEod } from '../../src/eod/eod-run.js';
import { openResultsStore } from '../../src/store/index.js';
import { deleteKeys, inspector, REDIS_TEST_URL, redisUnreachable, skipRedis, uniquePrefix } from '../distributed/shared-tier-fixtures.js';
import { eodDeps, eodOptions, portfolioFile, tempDir } from './eod-fixtures.js';

const prefix = uniquePrefix('eod');
afterAll(async () => {
  if (skipRedis) return;
  const client = await inspector();
  await deleteKeys(client, prefix);
  client.disconnect();
});

async function resultsOf(database: string, runId: string) {
  const store = await openResultsStore(database);
  try {
    return await store.getResults(runId);
  } finally {
    await store.close();
  }
}

describe.skipIf(skipRedis)(`the EOD run on the shared tier${skipRedis ? ` (skipped: Redis unreachable: ${redisUnreachable ?? ''})` : ''}`, () => {
  it('puts market data and models in Redis once, fills the next process from it, and values exactly as without it', async () => {
    const dir = tempDir('shared-tier');
    const portfolio = portfolioFile(dir, 200);
    const plain = await runEod(eodOptions(dir, { portfolio, database: join(dir, 'plain.sqlite') }), eodDeps());
    expect(plain.status).toBe('succeeded');

    const outcomes = [];
    for (const label of ['first', 'second']) {
      // A tier of its own each time: the second run is another process as far as Redis can tell.
      await using tier = await openSharedTier({ url: REDIS_TEST_URL, prefix });
      outcomes.push(await runEod(eodOptions(dir, { portfolio, database: join(dir, `${label}.sqlite`) }), eodDeps({ sharedTier: tier })));
    }
    const client = await inspector();
    try {
      expect(await client.keys(`${prefix}*market-data*`)).toHaveLength(1);
      expect(await client.keys(`${prefix}*model-definitions*`)).toHaveLength(1);
    } finally {
      client.disconnect();
    }
    for (const [index, outcome] of outcomes.entries()) {
      expect(outcome.status).toBe('succeeded');
      if (outcome.status !== 'succeeded' || plain.status !== 'succeeded') continue;
      expect(outcome.runId).toBe(plain.runId);
      // The run scope closed and released its view of the tier: nothing of the run is reachable.
      expect(outcome.leaks.status).toBe('clean');
      expect(await resultsOf(join(dir, `${['first', 'second'][index]!}.sqlite`), outcome.runId)).toEqual(await resultsOf(join(dir, 'plain.sqlite'), plain.runId));
    }
  });
});
