import { afterAll, describe, expect, it } from 'vitest';
import { openSharedTier } from '../../src/distributed/shared-tier.js';
import { deleteKeys, inspector, REDIS_TEST_URL, redisUnreachable, skipRedis, uniquePrefix } from '../distributed/shared-tier-fixtures.js';
import { createSession, dataDir, iterate, startTestServer } from './server-fixtures.js';

const prefix = uniquePrefix('server');
afterAll(async () => {
  if (skipRedis) return;
  const client = await inspector();
  await deleteKeys(client, prefix);
  client.disconnect();
});

describe.skipIf(skipRedis)(`sessions on the shared tier${skipRedis ? ` (skipped: Redis unreachable: ${redisUnreachable ?? ''})` : ''}`, () => {
  it('fill the market data of a second server (another process) from Redis, with the same results', async () => {
    const data = dataDir('shared-tier');
    const results: unknown[] = [];
    for (const label of ['first', 'second']) {
      await using tier = await openSharedTier({ url: REDIS_TEST_URL, prefix });
      const server = await startTestServer(`shared-${label}`, { sharedTier: tier }, data);
      try {
        const session = await createSession(server);
        results.push((await iterate(server, session)).results.items);
      } finally {
        await server[Symbol.asyncDispose]();
      }
    }
    expect(results[1]).toEqual(results[0]);
    const client = await inspector();
    try {
      const keys = await client.keys(`${prefix}*market-data*`);
      expect(keys.length).toBe(1);
    } finally {
      client.disconnect();
    }
  });
});
