/** The results CSV of a distributed run, joined from the workers' fragments on the real Redis, or from the stored rows when one is gone. */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { redisReportFragments, resultsCsvFromFragments } from '../../src/eod/distributed/eod-report-fragments.js';
import { resultsCsv, resultsCsvRows } from '../../src/eod/report-csv.js';
import { KEY_RATE_TENORS } from '../../src/valuation/suite/scenario-curves.js';
import { resultRows } from '../store/store-fixtures.js';
import { REDIS_TEST_URL, redisUnreachable } from './queue-test-services.js';

const skip = redisUnreachable !== undefined && process.env.CI !== 'true';
const fragments = redisReportFragments(REDIS_TEST_URL);
afterAll(() => fragments.close());

describe.skipIf(skip)(`report fragments on ${REDIS_TEST_URL}${skip ? ` (SKIPPED: ${redisUnreachable ?? ''})` : ''}`, () => {
  const rows = resultRows(30, 'F', 9);
  const keys = [0, 1, 2].map((i) => `tenure-test-fragments-${process.pid}-${randomBytes(4).toString('hex')}:${i}`);

  it('joins the parts under the header into the file one process writes, and removes them', async () => {
    for (let i = 0; i < 3; i++) await fragments.put(keys[i]!, resultsCsvRows(rows.slice(i * 10, i * 10 + 10), KEY_RATE_TENORS));
    const neverRead = (): Promise<never> => Promise.reject(new Error('the stored rows were read although every fragment was there'));
    expect(await resultsCsvFromFragments(fragments, keys, neverRead)).toBe(resultsCsv(rows, KEY_RATE_TENORS));
    await fragments.remove(keys);
    expect(await fragments.get(keys)).toEqual([undefined, undefined, undefined]);
  });

  it('writes the file from the stored rows when a part is missing', async () => {
    await fragments.put(keys[0]!, resultsCsvRows(rows.slice(0, 10), KEY_RATE_TENORS));
    let read = 0;
    const csv = await resultsCsvFromFragments(fragments, keys, () => { read++; return Promise.resolve(rows); });
    expect(read).toBe(1);
    expect(csv).toBe(resultsCsv(rows, KEY_RATE_TENORS));
    await fragments.remove(keys);
  });
});
