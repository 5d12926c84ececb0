/**
 * The real Redis and PostgreSQL the distributed tests run against. Where either cannot be
 * reached the tests are skipped with the reason, except on CI (CI=true), where they run and
 * fail: a CI job that silently skipped them would prove nothing. Every test gets its own queue
 * prefix and schema, so parallel files and runs never see each other's jobs or rows.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { probeRedis, queueConnection } from '../../src/distributed/queue-connection.js';
import { EOD_QUEUE, SWEEP_QUEUE } from '../../src/distributed/queue-names.js';
import { POSTGRES_REQUIRED, POSTGRES_TEST_URL, postgresUnreachable } from '../store/postgres-test-database.js';

export { dropSchema, POSTGRES_TEST_URL, queryPostgres, uniqueSchemaName } from '../store/postgres-test-database.js';

export const REDIS_TEST_URL = process.env.TENURE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisProblem(): Promise<string | undefined> {
  try {
    await probeRedis(REDIS_TEST_URL, 2000);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export const redisUnreachable = await redisProblem();
const problems = [
  postgresUnreachable === undefined ? undefined : `PostgreSQL ${POSTGRES_TEST_URL}: ${postgresUnreachable}`,
  redisUnreachable === undefined ? undefined : `Redis ${REDIS_TEST_URL}: ${redisUnreachable}`,
].filter((problem) => problem !== undefined);

/** Why the tests cannot run here, or undefined. */
export const servicesUnreachable = problems.length === 0 ? undefined : problems.join('; ');
export const skipDistributed = servicesUnreachable !== undefined && !POSTGRES_REQUIRED;
export const skipNote = skipDistributed ? ` (SKIPPED: ${servicesUnreachable ?? ''}; set CI=true to make this a failure)` : '';

if (skipDistributed) console.warn(`distributed tests SKIPPED: ${servicesUnreachable ?? ''}. Set CI=true to make this a failure, TENURE_TEST_REDIS_URL / TENURE_TEST_POSTGRES_URL to point elsewhere.`);

/** A BullMQ key prefix no other test or run uses. */
export function uniqueQueuePrefix(label: string): string {
  return `tenure-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key of both queues under the prefix. */
export async function obliterateQueues(prefix: string): Promise<void> {
  for (const name of [EOD_QUEUE, SWEEP_QUEUE]) {
    const queue = new Queue(name, { connection: queueConnection(REDIS_TEST_URL), prefix });
    try {
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  }
}
