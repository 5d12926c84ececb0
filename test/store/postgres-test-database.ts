import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The real PostgreSQL the store tests run against. Where it cannot be reached the tests are
 * skipped with the reason, except on CI (CI=true), where they run and fail: a CI job that
 * silently skipped its database tests would prove nothing.
 */
export const POSTGRES_TEST_URL = process.env.TENURE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const POSTGRES_REQUIRED = process.env.CI === 'true';

async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why PostgreSQL is unusable, or undefined when it answers. */
export const postgresUnreachable = await probe();
export const skipPostgres = postgresUnreachable !== undefined && !POSTGRES_REQUIRED;

if (skipPostgres) {
  console.warn(`PostgreSQL store tests SKIPPED: cannot reach ${POSTGRES_TEST_URL} (${postgresUnreachable ?? ''}). Set CI=true to make this a failure, or TENURE_TEST_POSTGRES_URL to point elsewhere.`);
}

/** A schema name no other test file, test or run will pick: pid, time and random bits. */
export function uniqueSchemaName(label: string): string {
  return `tenure_test_${label}_${process.pid}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Runs SQL with `search_path` set to the schema (when given), on a connection of its own. */
export async function queryPostgres(sql: string, schema?: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }) });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await queryPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}
