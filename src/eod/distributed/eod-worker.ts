/**
 * The worker's side of a distributed EOD run: one partition job → its positions valued with
 * the same code as a single-process run → their results upserted into the run in one
 * transaction → the partition's report lines left for the coordinator → a small answer
 * (counts, partial sums, the largest risks, timings).
 *
 * Writing is idempotent (upsert by run id and position id), so a partition valued twice — a
 * retry after a failure, or after its worker was killed and the job's lock expired — leaves
 * exactly one result per position. A job of a run that is no longer running (it failed, timed
 * out, or a later attempt replaced it) is refused by the store and not retried.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { resultsCsvRows } from '../report-csv.js';
import { largestByDv01, REPORT_TOP } from '../report-html.js';
import type { ReportRow } from '../report-row.js';
import { summarise } from '../run-summary.js';
import { enrichAndValue } from '../value-positions.js';
import type { ResultsStore } from '../../store/index.js';
import { KEY_RATE_TENORS } from '../../valuation/suite/scenario-curves.js';
import type { PositionValuation } from '../../valuation/valuation-result.js';
import type { EodInputCache } from './eod-input-cache.js';
import { parsePartitionJob, type EodPartitionResult } from './eod-partitions.js';
import type { ReportFragments } from './eod-report-fragments.js';
import { asJobFailure } from '../../distributed/worker-failures.js';

/** Positions valued between two yields to the event loop: short, so the job's lock is renewed on time. */
const WORKER_CHUNK = 500;

export interface EodWorkerContext {
  readonly inputs: EodInputCache;
  /** The results database, opened on first use. */
  readonly store: () => Promise<ResultsStore>;
  readonly fragments: ReportFragments;
  readonly logger: Logger;
}

/** BullMQ's processor for the EOD queue. */
export async function processEodPartition(job: Job, context: EodWorkerContext): Promise<EodPartitionResult> {
  const { logger } = context;
  const attempt = job.attemptsStarted;
  let data;
  try {
    data = parsePartitionJob(job.data);
  } catch (error) {
    // Malformed job data: no attempt will read it better.
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
  const where = { runId: data.runId, partition: data.partition, partitions: data.partitions, from: data.from, to: data.to, attempt, jobId: job.id };
  logger.info(where, 'partition started');
  try {
    const started = performance.now();
    const store = await context.store();
    const lease = await context.inputs.acquire(data, store);
    try {
      const loaded = performance.now();
      const positions = lease.inputs.portfolio.slice(data.from, data.to);
      const parsed = performance.now();
      const slice = await enrichAndValue(positions, lease.inputs, { chunk: WORKER_CHUNK });
      const valued = performance.now();
      await store.upsertResults(data.runId, slice.valuations, { startedAt: data.startedAt });
      const persisted = performance.now();
      // After the commit: the lines describe exactly what the database now holds.
      await context.fragments.put(data.reportKey, resultsCsvRows(slice.valuations, KEY_RATE_TENORS));
      const reported = performance.now();
      const result: EodPartitionResult = {
        partition: data.partition,
        positions: slice.valuations.length,
        summary: summarise(slice.valuations),
        top: largestByDv01(slice.valuations, REPORT_TOP).map((valuation) => reportRow(valuation as PositionValuation)),
        milliseconds: {
          load: round(loaded - started),
          parse: round(parsed - loaded),
          enrich: round(slice.enrichMilliseconds),
          value: round(slice.valueMilliseconds),
          persist: round(persisted - valued),
          report: round(reported - persisted),
        },
        attemptsStarted: Math.max(1, attempt),
        worker: `${hostname()}:${process.pid}`,
      };
      logger.info({ ...where, loadedInputs: lease.loaded, milliseconds: result.milliseconds }, 'partition done');
      return result;
    } finally {
      lease.release();
    }
  } catch (error) {
    const failure = asJobFailure(error);
    logger.warn({ ...where, error: failure.message, retry: failure.name !== 'UnrecoverableError' }, 'partition failed');
    throw failure;
  }
}

/** The report's fields of a valuation (not its key-rate DV01s, which only the summary needs). */
function reportRow(v: PositionValuation): ReportRow {
  return {
    positionId: v.positionId, kind: v.kind, npv: v.npv, cleanPrice: v.cleanPrice, dirtyPrice: v.dirtyPrice, accrued: v.accrued, yield: v.yield,
    modifiedDuration: v.modifiedDuration, convexity: v.convexity, dv01: v.dv01, wal: v.wal, shockUp100: v.shockUp100, shockDown100: v.shockDown100,
    keyRateDurations: v.keyRateDurations,
  };
}

function round(milliseconds: number): number {
  return Math.round(milliseconds * 10) / 10;
}
