import { afterEach, describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  MIGRATIONS_TABLE,
  openResultsStore,
  StoreInputError,
  StoreUnreachableError,
  type ResultsStore,
} from '../../src/store/index.js';
import {
  dropSchema,
  POSTGRES_TEST_URL,
  postgresUnreachable,
  queryPostgres,
  skipPostgres,
  uniqueSchemaName,
} from './postgres-test-database.js';
import { describeResultsStoreContract } from './results-store-contract.js';

const skipNote = skipPostgres ? ` (SKIPPED: ${POSTGRES_TEST_URL} unreachable: ${postgresUnreachable ?? ''})` : '';

describe.skipIf(skipPostgres)(`PostgreSQL store tests against ${POSTGRES_TEST_URL}${skipNote}`, () => {
  it('can reach the test server', () => {
    // On CI an unreachable server fails here first, with the reason, before the contract does.
    expect(postgresUnreachable).toBeUndefined();
  });

  describeResultsStoreContract('PostgreSQL results store (a real server, one schema per test)', () => {
    const schema = uniqueSchemaName('contract');
    return Promise.resolve({
      open: (options) => openResultsStore(POSTGRES_TEST_URL, { ...options, schema }),
      query: (sql) => queryPostgres(sql, schema),
      dispose: () => dropSchema(schema),
    });
  });

  describe('PostgreSQL specifics', () => {
    const schemas: string[] = [];
    const stores: ResultsStore[] = [];

    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      for (const schema of schemas.splice(0)) await dropSchema(schema);
    });

    function schemaForTest(): string {
      const schema = uniqueSchemaName('pg');
      schemas.push(schema);
      return schema;
    }

    it('migrates once when several processes open a fresh database at the same moment', async () => {
      const schema = schemaForTest();
      const opened = await Promise.all(Array.from({ length: 4 }, () => openResultsStore(POSTGRES_TEST_URL, { schema })));
      stores.push(...opened);
      const applied = await queryPostgres(`SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`, schema);
      expect(applied.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it('keeps its tables in the schema it was given', async () => {
      const schema = schemaForTest();
      const store = await openResultsStore(POSTGRES_TEST_URL, { schema });
      stores.push(store);
      expect(store.dialect).toBe('postgres');
      expect(store.location).toContain(`schema ${schema}`);
      const tables = await queryPostgres(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' ORDER BY table_name`);
      expect(tables.map((row) => row.table_name)).toEqual(['backtest_equity', 'backtest_trades', 'backtests', 'portfolios', 'positions', 'results', 'runs', MIGRATIONS_TABLE]);
    });

    it('names a database that does not exist, without the password', async () => {
      const failure = openResultsStore('postgres://postgres:pa55word@127.0.0.1:5432/tenure_no_such_database');
      await expect(failure).rejects.toBeInstanceOf(StoreUnreachableError);
      await expect(failure).rejects.toThrow(/PostgreSQL at 127\.0\.0\.1:5432, database tenure_no_such_database, user postgres: .*does not exist/);
      await expect(failure).rejects.not.toThrow(/pa55word/);
    });

    it('refuses a schema name that is not a plain identifier', async () => {
      await expect(openResultsStore(POSTGRES_TEST_URL, { schema: 'x; DROP TABLE runs' })).rejects.toBeInstanceOf(StoreInputError);
    });
  });
});

describe('PostgreSQL store without a server', () => {
  it('names host and port of an unreachable server, never the password', async () => {
    const failure = openResultsStore('postgres://tenure:hunter2@127.0.0.1:1/results', { connectionTimeoutMs: 2000 });
    await expect(failure).rejects.toBeInstanceOf(StoreUnreachableError);
    await expect(failure).rejects.toThrow(/Cannot connect to the results database PostgreSQL at 127\.0\.0\.1:1, database results, user tenure: /);
    const error: unknown = await failure.catch((caught: unknown) => caught);
    expect(error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : 'not an Error').not.toContain('hunter2');
  });
});
