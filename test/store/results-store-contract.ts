import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  MIGRATIONS_TABLE,
  PortfolioNotFoundError,
  ResultsCommitError,
  RunNotFoundError,
  RunStateError,
  StoreClosedError,
  StoreInputError,
  StoreMigrationError,
  type PositionResultRow,
  type ResultsStore,
} from '../../src/store/index.js';
import { auditFor, byPositionId, finishedAudit, resultRows, samplePositions } from './store-fixtures.js';

/** One empty database for one test, in whichever engine. */
export interface StoreHarness {
  /** Opens a store on this test's database; every call opens the same database. */
  open(options?: { readonly now?: () => Date }): Promise<ResultsStore>;
  /** Raw SQL on the same database, for what the interface deliberately does not expose. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Drops the database (schema or file). */
  dispose(): Promise<void>;
}

/**
 * Larger than the PostgreSQL store's default batch (5000 rows), so a failure in the last row
 * happens after earlier batches were already sent inside the transaction.
 */
const BEYOND_ONE_BATCH = 12_345;

/**
 * The guarantees every results store gives, run against a real database of each dialect:
 * migrations once, atomic commits, idempotent re-runs, failed runs without results.
 */
export function describeResultsStoreContract(name: string, newHarness: () => Promise<StoreHarness>): void {
  describe(name, () => {
    let harness: StoreHarness;
    let opened: ResultsStore[];

    async function open(options?: { readonly now?: () => Date }): Promise<ResultsStore> {
      const store = await harness.open(options);
      opened.push(store);
      return store;
    }

    async function resultCount(runId: string): Promise<number> {
      const rows = await harness.query(`SELECT count(*) AS n FROM results WHERE run_id = '${runId}'`);
      return Number(rows[0]?.n);
    }

    beforeEach(async () => {
      harness = await newHarness();
      opened = [];
    });

    afterEach(async () => {
      for (const store of opened) await store.close();
      await harness.dispose();
    });

    describe('migrations', () => {
      it('applies every migration once, in order, recording version and applied_at', async () => {
        await open();
        const applied = await harness.query(`SELECT version, name, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY version`);
        expect(applied.map((row) => [Number(row.version), row.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
        for (const row of applied) expect(row.applied_at).toBeTruthy();

        await open();
        await open();
        const again = await harness.query(`SELECT version, name, applied_at FROM ${MIGRATIONS_TABLE} ORDER BY version`);
        expect(again).toEqual(applied);
      });

      it('refuses a database migrated by a newer build, naming the version', async () => {
        const store = await open();
        await store.close();
        await harness.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00.000Z')`);
        const failure = harness.open();
        await expect(failure).rejects.toBeInstanceOf(StoreMigrationError);
        await expect(failure).rejects.toThrow(/schema version 99 is newer than this build knows/);
      });
    });

    describe('runs', () => {
      it('records a run start as running, with the audit facts normalised to UTC', async () => {
        const store = await open();
        const audit = auditFor('run-1', 0, { startedAt: '2024-06-28T23:15:30.5+02:00' });
        expect(await store.recordRunStart(audit)).toEqual({ outcome: 'started', previous: null });
        expect(await store.getRun('run-1')).toEqual({
          runId: 'run-1',
          effectiveDate: '2024-06-28',
          status: 'running',
          startedAt: new Date(Date.parse(audit.startedAt)).toISOString(),
          finishedAt: null,
          failureReason: null,
          inputHashes: audit.inputHashes,
          versions: audit.versions,
          counts: {},
          timings: {},
          peakRssBytes: null,
          positions: 3,
        });
        expect(await store.getRun('no-such-run')).toBeUndefined();
      });

      it('commits the results and the succeeded audit record together', async () => {
        const store = await open();
        const rows = resultRows(BEYOND_ONE_BATCH);
        const audit = finishedAudit('run-1', 0, { positions: rows.length });
        await store.recordRunStart(audit);
        await store.commitRun(audit, rows);
        expect(await store.getRun('run-1')).toEqual({
          runId: 'run-1',
          effectiveDate: audit.effectiveDate,
          status: 'succeeded',
          startedAt: audit.startedAt,
          finishedAt: audit.finishedAt,
          failureReason: null,
          inputHashes: audit.inputHashes,
          versions: audit.versions,
          counts: audit.counts,
          timings: audit.timings,
          peakRssBytes: audit.peakRssBytes,
          positions: rows.length,
        });
        expect(await store.getResults('run-1')).toEqual(byPositionId(rows));
      });

      it('stamps the finish time from its clock when the audit has none', async () => {
        const finish = new Date(Date.UTC(2024, 5, 28, 22, 0, 0, 7));
        const store = await open({ now: () => finish });
        await store.recordRunStart(auditFor('run-1'));
        await store.commitRun(auditFor('run-1'), resultRows(3));
        expect((await store.getRun('run-1'))?.finishedAt).toBe(finish.toISOString());
      });

      it('returns every finite double exactly as written', async () => {
        const store = await open();
        const measure = fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)));
        let run = 0;
        await fc.assert(fc.asyncProperty(fc.array(measure, { minLength: 11, maxLength: 11 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), async (values, npv) => {
          const runId = `prop-${run++}`;
          const [cleanPrice, dirtyPrice, accrued, yieldValue, modifiedDuration, convexity, dv01, wal, shockUp100, shockDown100] = values;
          const row: PositionResultRow = {
            positionId: 'only', kind: 'bond', npv: Object.is(npv, -0) ? 0 : npv,
            cleanPrice: cleanPrice!, dirtyPrice: dirtyPrice!, accrued: accrued!, yield: yieldValue!, modifiedDuration: modifiedDuration!,
            convexity: convexity!, dv01: dv01!, wal: wal!, shockUp100: shockUp100!, shockDown100: shockDown100!,
            keyRateDurations: { '2Y': values[10] ?? 0 },
          };
          await store.commitRun(auditFor(runId), [row]);
          expect(await store.getResults(runId)).toEqual([row]);
        }), { numRuns: 40 });
      });

      it('detects a re-run of a succeeded run id and leaves that run untouched', async () => {
        const store = await open();
        const rows = resultRows(30);
        await store.recordRunStart(auditFor('eod-2024-06-28'));
        await store.commitRun(finishedAudit('eod-2024-06-28'), rows);
        const before = await store.getRun('eod-2024-06-28');

        const rerun = await store.recordRunStart(auditFor('eod-2024-06-28', 45, { versions: { tenure: '0.2.0' } }));
        expect(rerun).toEqual({ outcome: 'already-succeeded', run: before });
        expect(await store.getRun('eod-2024-06-28')).toEqual(before);
        expect(await store.getResults('eod-2024-06-28')).toEqual(byPositionId(rows));
      });

      it('restarts a succeeded run only when forced, deleting its results', async () => {
        const store = await open();
        await store.recordRunStart(auditFor('eod'));
        await store.commitRun(finishedAudit('eod'), resultRows(12));
        expect(await store.recordRunStart(auditFor('eod', 20), { force: true })).toEqual({ outcome: 'started', previous: 'succeeded' });
        expect(await store.getRun('eod')).toMatchObject({ status: 'running', finishedAt: null, startedAt: auditFor('eod', 20).startedAt });
        expect(await store.getResults('eod')).toEqual([]);

        await store.failRun('eod', 'forced re-run failed');
        expect(await store.getRun('eod')).toMatchObject({ status: 'failed', failureReason: 'forced re-run failed' });
      });

      it('restarts a run that failed, or that a crash left running, from an empty slate', async () => {
        const store = await open();
        await store.recordRunStart(auditFor('failed-once'));
        await store.failRun('failed-once', 'curve file missing');
        expect(await store.recordRunStart(auditFor('failed-once', 10))).toEqual({ outcome: 'started', previous: 'failed' });
        const restarted = await store.getRun('failed-once');
        expect(restarted).toMatchObject({ status: 'running', failureReason: null, finishedAt: null, startedAt: auditFor('failed-once', 10).startedAt });

        await store.recordRunStart(auditFor('crashed'));
        expect(await store.recordRunStart(auditFor('crashed', 5))).toEqual({ outcome: 'started', previous: 'running' });
        expect((await store.getRun('crashed'))?.status).toBe('running');
      });

      it('failRun records why, and leaves no results for the run', async () => {
        const store = await open();
        await store.recordRunStart(auditFor('run-1'));
        const poisoned = [...resultRows(50), { ...resultRows(1, 'Z')[0]!, npv: null as unknown as number }];
        await expect(store.commitRun(finishedAudit('run-1'), poisoned)).rejects.toBeInstanceOf(ResultsCommitError);
        await store.failRun('run-1', 'commit rejected: npv missing for Z000001');

        const run = await store.getRun('run-1');
        expect(run).toMatchObject({ status: 'failed', failureReason: 'commit rejected: npv missing for Z000001' });
        expect(run?.finishedAt).toEqual(expect.any(String));
        expect(await store.getResults('run-1')).toEqual([]);
        expect(await resultCount('run-1')).toBe(0);
      });

      it('failRun refuses a succeeded run (keeping its results) and an unknown run id', async () => {
        const store = await open();
        const rows = resultRows(6);
        await store.recordRunStart(auditFor('done'));
        await store.commitRun(finishedAudit('done'), rows);
        await expect(store.failRun('done', 'late failure')).rejects.toBeInstanceOf(RunStateError);
        expect((await store.getRun('done'))?.status).toBe('succeeded');
        expect(await store.getResults('done')).toEqual(byPositionId(rows));

        await expect(store.failRun('never-started', 'boom')).rejects.toBeInstanceOf(RunNotFoundError);
        await expect(store.failRun('done', '  ')).rejects.toBeInstanceOf(StoreInputError);
      });

      it('keeps different runs apart and lists them newest first', async () => {
        const store = await open();
        const first = resultRows(20, 'P', 1);
        const second = resultRows(20, 'P', 2);
        await store.recordRunStart(auditFor('A', 0));
        await store.recordRunStart(auditFor('B', 30));
        await store.commitRun(finishedAudit('A', 0), first);
        await store.commitRun(finishedAudit('B', 30), second);

        expect(await store.getResults('A')).toEqual(byPositionId(first));
        expect(await store.getResults('B')).toEqual(byPositionId(second));
        expect((await store.listRuns()).map((run) => run.runId)).toEqual(['B', 'A']);
        expect((await store.listRuns({ limit: 1 })).map((run) => run.runId)).toEqual(['B']);
        await expect(store.listRuns({ limit: 0 })).rejects.toBeInstanceOf(StoreInputError);
      });

      it('replaces every earlier result of the run on a second commit', async () => {
        const store = await open();
        const [p1, p2, p3, p4] = resultRows(4);
        await store.commitRun(finishedAudit('run-1'), [p1!, p2!, p3!]);
        const revised = { ...p2!, npv: p2!.npv + 1, keyRateDurations: null };
        await store.commitRun(finishedAudit('run-1', 1), [p4!, revised]);
        expect(await store.getResults('run-1')).toEqual(byPositionId([revised, p4!]));
        expect((await store.getRun('run-1'))?.startedAt).toBe(finishedAudit('run-1', 1).startedAt);
      });
    });

    describe('atomic commit', () => {
      it('a constraint violation in the last row leaves neither results nor the succeeded status, and other runs untouched', async () => {
        const store = await open();
        const earlier = resultRows(40, 'P', 7);
        await store.recordRunStart(auditFor('earlier'));
        await store.commitRun(finishedAudit('earlier'), earlier);
        const earlierRun = await store.getRun('earlier');

        await store.recordRunStart(auditFor('doomed', 5));
        const startedRun = await store.getRun('doomed');
        const rows = resultRows(BEYOND_ONE_BATCH, 'P', 8);
        const last = rows.length - 1;
        rows[last] = { ...rows[last]!, npv: null as unknown as number };

        const commit = store.commitRun(finishedAudit('doomed', 5), rows);
        await expect(commit).rejects.toBeInstanceOf(ResultsCommitError);
        await expect(commit).rejects.toThrow(/run "doomed".*nothing was written.*npv/s);

        expect(await store.getRun('doomed')).toEqual(startedRun);
        expect(await store.getResults('doomed')).toEqual([]);
        expect(await resultCount('doomed')).toBe(0);
        expect(await store.getRun('earlier')).toEqual(earlierRun);
        expect(await store.getResults('earlier')).toEqual(byPositionId(earlier));
      });

      it('a failed re-commit keeps the results and audit of the earlier commit', async () => {
        const store = await open();
        const committed = resultRows(25, 'P', 3);
        await store.commitRun(finishedAudit('run-1'), committed);
        const before = await store.getRun('run-1');

        const replacement = resultRows(BEYOND_ONE_BATCH, 'Q', 4);
        replacement.push({ ...replacement[0]!, positionId: 'Q-last', kind: '' as never });
        await expect(store.commitRun(finishedAudit('run-1', 9), replacement)).rejects.toBeInstanceOf(ResultsCommitError);

        expect(await store.getRun('run-1')).toEqual(before);
        expect(await store.getResults('run-1')).toEqual(byPositionId(committed));
      });

      it('refuses malformed input with the field named, writing nothing', async () => {
        const store = await open();
        await store.recordRunStart(auditFor('run-1'));
        const before = await store.getRun('run-1');
        const rows = resultRows(5);

        const duplicate = [...rows, { ...rows[1]! }];
        await expect(store.commitRun(finishedAudit('run-1'), duplicate)).rejects.toThrow(/results\[5\]\.positionId "P000002" repeats results\[1\]/);
        const notANumber = rows.map((row, i) => (i === 3 ? { ...row, dv01: Number.NaN } : row));
        await expect(store.commitRun(finishedAudit('run-1'), notANumber)).rejects.toThrow(/results\[3\]\.dv01 must be a finite number or null; got NaN/);
        const missing = rows.map((row, i) => (i === 2 ? { ...row, wal: undefined as unknown as null } : row));
        await expect(store.commitRun(finishedAudit('run-1'), missing)).rejects.toThrow(/results\[2\]\.wal .*use null for a measure that does not apply/);
        await expect(store.commitRun(finishedAudit('run-1', 0, { effectiveDate: '2024-02-30' }), rows)).rejects.toThrow(/audit\.effectiveDate must be a calendar date/);
        await expect(store.commitRun(finishedAudit('run-1', 0, { startedAt: '2024-06-28 21:00' }), rows)).rejects.toThrow(/audit\.startedAt must be an ISO-8601 timestamp with a time zone/);
        await expect(store.recordRunStart(auditFor(''))).rejects.toThrow(/audit\.runId must be a non-empty string/);

        expect(await store.getRun('run-1')).toEqual(before);
        expect(await resultCount('run-1')).toBe(0);
      });
    });

    describe('portfolios', () => {
      it('saves positions as JSON and loads them back in saved order', async () => {
        const store = await open();
        const positions = samplePositions();
        await store.savePortfolio('book-a', positions);
        await store.savePortfolio('book-b', positions.slice(1));
        expect(await store.loadPortfolio('book-a')).toEqual(positions);
        expect(await store.loadPortfolio('book-b')).toEqual(positions.slice(1));

        await store.savePortfolio('book-a', [positions[2]!]);
        expect(await store.loadPortfolio('book-a')).toEqual([positions[2]]);
        await store.savePortfolio('book-a', []);
        expect(await store.loadPortfolio('book-a')).toEqual([]);
      });

      it('tells an unknown portfolio from an empty one, and refuses duplicate ids', async () => {
        const store = await open();
        await expect(store.loadPortfolio('nope')).rejects.toBeInstanceOf(PortfolioNotFoundError);
        const [first] = samplePositions();
        await expect(store.savePortfolio('dup', [first!, { ...first! }])).rejects.toThrow(/positions\[1\]\.id "zz-swap-1" repeats positions\[0\]/);
        await expect(store.loadPortfolio('dup')).rejects.toBeInstanceOf(PortfolioNotFoundError);
      });
    });

    it('close is idempotent, and a closed store says so', async () => {
      const store = await open();
      await store.close();
      await store.close();
      await expect(store.getRun('x')).rejects.toBeInstanceOf(StoreClosedError);
      await expect(store.commitRun(auditFor('x'), [])).rejects.toBeInstanceOf(StoreClosedError);
    });
  });
}
