/**
 * The store operations a distributed EOD run is built on — results written in parts
 * (upsertResults) and a run completed once they are all there (completeRun) — on SQLite and on
 * a real PostgreSQL, with the same guarantees.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  openResultsStore,
  ResultsIncompleteError,
  RunNotFoundError,
  RunStateError,
  StoreInputError,
  type PositionResultRow,
  type ResultsStore,
} from '../../src/store/index.js';
import { tempDir } from '../eod/eod-fixtures.js';
import { auditFor, byPositionId, finishedAudit, resultRows } from '../store/store-fixtures.js';
import { dropSchema, POSTGRES_TEST_URL, skipDistributed, skipNote, uniqueSchemaName } from './queue-test-services.js';

const dir = tempDir('distributed-store');
const schema = uniqueSchemaName('dist_store');
const stores: ResultsStore[] = [];

afterAll(async () => {
  for (const store of stores) await store.close();
  if (!skipDistributed) await dropSchema(schema);
  rmSync(dir, { recursive: true, force: true });
});

const engines: readonly { name: string; skip: boolean; open: () => Promise<ResultsStore> }[] = [
  { name: 'SQLite', skip: false, open: () => openResultsStore(join(dir, 'results.sqlite')) },
  { name: `PostgreSQL${skipNote}`, skip: skipDistributed, open: () => openResultsStore(POSTGRES_TEST_URL, { schema }) },
];

/** The rows with every number changed: what a second, different write of the same positions would leave. */
function changed(rows: readonly PositionResultRow[]): PositionResultRow[] {
  return rows.map((row) => ({ ...row, npv: row.npv + 1, dv01: row.dv01 === null ? null : row.dv01 * 2 }));
}

for (const engine of engines) {
  describe.skipIf(engine.skip)(`results written in parts, on ${engine.name}`, () => {
    async function open(): Promise<ResultsStore> {
      const store = await engine.open();
      stores.push(store);
      return store;
    }

    it('a partition written twice leaves one row per position, the last one; completeRun then makes them the run\'s', async () => {
      const store = await open();
      const runId = `parts-${engine.name.slice(0, 6)}`;
      const audit = auditFor(runId, 1, { positions: 30 });
      expect(await store.recordRunStart(audit)).toEqual({ outcome: 'started', previous: null });
      const rows = resultRows(30, 'Q', 5);
      await store.upsertResults(runId, rows.slice(0, 10), { startedAt: audit.startedAt });
      await store.upsertResults(runId, rows.slice(10, 20), { startedAt: audit.startedAt });
      // Partition 1 again (a retry), with different numbers: replaced, not duplicated.
      await store.upsertResults(runId, changed(rows.slice(0, 10)), { startedAt: audit.startedAt });
      await store.upsertResults(runId, rows.slice(20), { startedAt: audit.startedAt });
      expect((await store.getRun(runId))?.status).toBe('running');

      await store.completeRun(finishedAudit(runId, 1, { positions: 30 }), rows.map((row) => row.positionId));
      const run = await store.getRun(runId);
      expect(run).toMatchObject({ status: 'succeeded', failureReason: null, counts: finishedAudit(runId).counts });
      expect(await store.getResults(runId)).toEqual(byPositionId([...changed(rows.slice(0, 10)), ...rows.slice(10)]));
      // A succeeded run takes no more parts.
      await expect(store.upsertResults(runId, rows.slice(0, 1))).rejects.toThrow(RunStateError);
    });

    it('completeRun refuses while a position has no result or a result belongs to no position, naming them, and leaves the run running', async () => {
      const store = await open();
      const runId = `gaps-${engine.name.slice(0, 6)}`;
      const audit = auditFor(runId, 2);
      await store.recordRunStart(audit);
      const rows = resultRows(12, 'G', 6);
      await store.upsertResults(runId, rows.slice(0, 11));
      const ids = rows.map((row) => row.positionId);
      const missing = store.completeRun(finishedAudit(runId, 2), ids);
      await expect(missing).rejects.toThrow(ResultsIncompleteError);
      await expect(missing).rejects.toThrow(/no result for 1 position \("G000012"\)/);
      await expect(store.completeRun(finishedAudit(runId, 2), ids.slice(1, 11))).rejects.toThrow(/results for positions it does not hold: 1 position \("G000001"\)/);
      expect((await store.getRun(runId))?.status).toBe('running');
      await expect(store.completeRun(finishedAudit(runId, 2), ['A', 'A'])).rejects.toThrow(StoreInputError);

      // Failing the run removes every part written so far.
      await store.failRun(runId, 'partition 12 failed');
      expect(await store.getResults(runId)).toHaveLength(0);
      await expect(store.upsertResults(runId, rows.slice(11))).rejects.toThrow(/it is failed; results can only be added to a running run/);
      await expect(store.completeRun(finishedAudit(runId, 2), ids)).rejects.toThrow(RunStateError);
    });

    it('refuses parts for an unknown run, and parts of an earlier attempt of a run started again', async () => {
      const store = await open();
      await expect(store.upsertResults('no-such-run', resultRows(1))).rejects.toThrow(RunNotFoundError);
      const runId = `again-${engine.name.slice(0, 6)}`;
      const first = auditFor(runId, 3);
      await store.recordRunStart(first);
      await store.failRun(runId, 'the coordinator was interrupted');
      const second = auditFor(runId, 4);
      expect(await store.recordRunStart(second)).toEqual({ outcome: 'started', previous: 'failed' });
      const stale = store.upsertResults(runId, resultRows(2), { startedAt: first.startedAt });
      await expect(stale).rejects.toThrow(RunStateError);
      await expect(stale).rejects.toThrow(/belong to an earlier attempt/);
      await store.upsertResults(runId, resultRows(2), { startedAt: second.startedAt });
      expect(await store.getResults(runId)).toHaveLength(2);
      // Duplicates within one part are refused before anything is written.
      const twice = [...resultRows(1), ...resultRows(1)];
      await expect(store.upsertResults(runId, twice)).rejects.toThrow(StoreInputError);
    });
  });
}
