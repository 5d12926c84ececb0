import { afterAll, describe, expect, it } from 'vitest';
import { runEod } from '../../src/eod/eod-run.js';
import { openResultsStore } from '../../src/store/index.js';
import { dropSchema, POSTGRES_TEST_URL, postgresUnreachable, skipPostgres, uniqueSchemaName } from '../store/postgres-test-database.js';
import { abortingProgress, eodDeps, eodOptions, portfolioFile, tempDir } from './eod-fixtures.js';

const schema = uniqueSchemaName('eod');
const skipNote = skipPostgres ? ` (SKIPPED: ${POSTGRES_TEST_URL} unreachable: ${postgresUnreachable ?? ''})` : '';

describe.skipIf(skipPostgres)(`the EOD run on PostgreSQL at ${POSTGRES_TEST_URL}${skipNote}`, () => {
  afterAll(async () => {
    await dropSchema(schema);
  });

  it('commits the same results as on SQLite, and an interrupted run keeps none', async () => {
    const dir = tempDir('pg');
    const portfolio = portfolioFile(dir, 200, 3);
    const onPostgres = await runEod(eodOptions(dir, { portfolio, database: POSTGRES_TEST_URL, databaseSchema: schema }), eodDeps());
    const onSqlite = await runEod(eodOptions(dir, { portfolio }), eodDeps());
    expect(onPostgres.status).toBe('succeeded');
    expect(onSqlite.status).toBe('succeeded');
    expect(onPostgres.runId).toBe(onSqlite.runId);

    await using postgres = await openResultsStore(POSTGRES_TEST_URL, { schema });
    await using sqlite = await openResultsStore(eodOptions(dir, { portfolio }).database);
    const fromPostgres = await postgres.getResults(onPostgres.runId);
    expect(fromPostgres).toHaveLength(200);
    expect(fromPostgres).toEqual(await sqlite.getResults(onSqlite.runId));
    expect((await postgres.getRun(onPostgres.runId))?.status).toBe('succeeded');

    const controller = new AbortController();
    const interrupted = await runEod(eodOptions(dir, { portfolio: portfolioFile(dir, 4000, 4), database: POSTGRES_TEST_URL, databaseSchema: schema }),
      eodDeps({ signal: controller.signal, progress: abortingProgress(controller) }));
    expect(interrupted.status).toBe('failed');
    expect(await postgres.getResults(interrupted.runId)).toHaveLength(0);
    expect((await postgres.getRun(interrupted.runId))?.status).toBe('failed');
    expect(await postgres.getResults(onPostgres.runId)).toHaveLength(200);
  }, 60_000);
});
