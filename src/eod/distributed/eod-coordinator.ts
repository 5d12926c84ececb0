/**
 * `tenure eod --distributed`: the coordinator of an EOD run whose positions are valued by
 * `tenure worker` processes, on this machine or others, through a BullMQ queue on Redis.
 *
 * It loads and checks the inputs as a single-process run does (bad input throws before
 * anything is written), records the run start, splits the portfolio into partitions (one job
 * each: run id, attempt, position range, where the inputs are and what they hashed to), and
 * waits. Workers upsert each partition's results into the run in PostgreSQL (a shared
 * database: SQLite is refused). When every partition is done the coordinator completes the run
 * — the store checks that every position has exactly one result — and writes the reports
 * (the workers' formatted lines of the results CSV joined in order, their largest risks
 * merged: the single-process run's files, byte for byte); when a partition fails after its retries, the wait times out, or a signal
 * arrives, it fails the run with the reason, and the failed run keeps no results.
 *
 * Workers read the input files themselves: they need the same paths (a shared file system)
 * or, for `--portfolio db:<id>`, the same database.
 */
import { join } from 'node:path';
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { checkPrepaymentModels, deriveRunId, loadEodInputs } from '../eod-inputs.js';
import { DEFAULT_EOD_DATABASE, DEFAULT_REPORTS_DIR, type EodOptions } from '../eod-options.js';
import { peakRssBytes, prefixed, sharedInputsFor, type EodDependencies, type EodOutcome } from '../eod-run.js';
import { mergeSummaries } from '../run-summary.js';
import { StageTimer } from '../stage-timer.js';
import { writeReports } from '../write-reports.js';
import { TenureError } from '../../errors/tenure-error.js';
import { createRootScope, defaultLifetimes, LeakSentinel, ProviderRegistry, type DefaultLifetime, type Scope } from '../../lifetime/index.js';
import { openResultsStore, resolveStoreLocation, type ResultsStore } from '../../store/index.js';
import { DEFAULT_PARTITION_SIZE, parsePartitionResult, partitionRanges, sharedInputSources, type EodPartitionJob, type EodPartitionResult } from './eod-partitions.js';
import { redisReportFragments, resultsCsvFromFragments, type ReportFragments } from './eod-report-fragments.js';
import { checkQueuePrefix, describeRedisUrl, probeRedis, queueConnection } from '../../distributed/queue-connection.js';
import { QueueOptionError } from '../../distributed/queue-errors.js';
import { awaitJobs, QueueJobFailedError } from '../../distributed/queue-job-tracker.js';
import { DEFAULT_QUEUE_PREFIX, EOD_PARTITION_JOB, EOD_QUEUE } from '../../distributed/queue-names.js';

/** A distributed run needs a database every worker can write to. */
export class DistributedDatabaseError extends TenureError {
  readonly code = 'BAD_DISTRIBUTED_DATABASE';

  constructor(problem: string) {
    super(`--distributed: ${problem}`);
  }
}

export interface DistributedEodOptions extends EodOptions {
  readonly redisUrl: string;
  /** BullMQ key prefix (default "bull"); workers must use the same. */
  readonly queuePrefix?: string;
  /** Positions per partition job (default 5,000). */
  readonly partitionSize?: number;
  /** Fail the run if the partitions are not all done this long after they were queued (default one hour). */
  readonly waitTimeoutMs?: number;
  /** Attempts per partition before it counts as failed (default 3). */
  readonly attempts?: number;
}

/** Runs one distributed EOD run; the outcome has the single-process run's shape. */
export async function runDistributedEod(options: DistributedEodOptions, deps: EodDependencies): Promise<EodOutcome> {
  const location = resolveStoreLocation(options.database, DEFAULT_EOD_DATABASE);
  if (location.dialect !== 'postgres') {
    throw new DistributedDatabaseError(`the results database is the SQLite file ${location.path}; workers in other processes and on other machines need a shared database: give --database postgres://… (or DATABASE_URL)`);
  }
  queueConnection(options.redisUrl);
  checkQueuePrefix(options.queuePrefix ?? DEFAULT_QUEUE_PREFIX);
  checkPositiveInteger('--partition-size', options.partitionSize);
  checkPositiveInteger('--attempts', options.attempts);
  if (options.waitTimeoutMs !== undefined && !(options.waitTimeoutMs > 0)) throw new QueueOptionError('--wait-timeout', `must be a positive number of seconds, got ${options.waitTimeoutMs / 1000}`);

  const sentinel = new LeakSentinel({ gc: deps.gc });
  const app = createRootScope({ providers: new ProviderRegistry(defaultLifetimes), name: 'eod-coordinator', leakSentinel: sentinel });
  try {
    const store = app.own(await openResultsStore(options.database, { ...(options.databaseSchema === undefined ? {} : { schema: options.databaseSchema }) }), { label: 'results store', dispose: (s) => s.close() });
    const outcome = await coordinate(app.child('run', { name: 'eod-run' }), store, options, deps);
    if (outcome.status !== 'succeeded') return outcome;
    const leaks = await sentinel.check();
    if (leaks.status !== 'clean') deps.logger.error({ leaks }, 'the run left objects reachable after its scope closed');
    return { ...outcome, leaks };
  } finally {
    await app.close();
  }
}

type CoordinatorResult = Exclude<EodOutcome, { status: 'succeeded' }> | Omit<Extract<EodOutcome, { status: 'succeeded' }>, 'leaks'>;

async function coordinate(run: Scope<DefaultLifetime>, store: ResultsStore, options: DistributedEodOptions, deps: EodDependencies): Promise<CoordinatorResult> {
  const { logger, progress, signal } = deps;
  const timer = new StageTimer();
  const startedAt = new Date().toISOString();
  const prefix = options.queuePrefix ?? DEFAULT_QUEUE_PREFIX;
  const connection = queueConnection(options.redisUrl);
  let runId = options.runId ?? '';
  let started = false;
  let queue: Queue | undefined;
  let jobIds: string[] = [];
  let fragments: ReportFragments | undefined;
  let reportKeys: string[] = [];
  try {
    // ---- load and check, as a single-process run does: bad input stops here ----
    progress.stage('load');
    const inputs = await timer.time('load', () => loadEodInputs(options, store, (part, label) => run.own(part, { label }), sharedInputsFor(run, deps.sharedTier)));
    // The workers enrich; an unknown prepayment model is still caught here, before anything is written.
    checkPrepaymentModels(inputs.portfolio.positions, inputs.models);
    const positions = inputs.portfolio.positions;
    runId ||= deriveRunId(options.effectiveDate, inputs.inputHashes);
    const audit = { runId, effectiveDate: options.effectiveDate, startedAt, inputHashes: inputs.inputHashes, versions: deps.versions, positions: positions.length };
    // Redis must answer before the run is recorded: a run that cannot be queued is not started.
    await probeRedis(options.redisUrl);

    const start = await store.recordRunStart(audit, { force: options.force === true });
    if (start.outcome === 'already-succeeded') {
      logger.info({ runId }, 'this run id already succeeded: nothing to do');
      return { status: 'already-succeeded', runId, database: store.location };
    }
    started = true;

    // ---- distribute: one job per partition ----
    queue = run.own(new Queue(EOD_QUEUE, { connection, prefix }), { label: 'eod queue', dispose: (q) => q.close() });
    const events = run.own(new QueueEvents(EOD_QUEUE, { connection, prefix }), { label: 'eod queue events', dispose: (e) => e.close() });
    await events.waitUntilReady();
    const ranges = partitionRanges(positions.length, options.partitionSize ?? DEFAULT_PARTITION_SIZE);
    fragments = run.own(redisReportFragments(options.redisUrl), { label: 'report fragments', dispose: (f) => f.close() });
    reportKeys = ranges.map((_, partition) => `${prefix}:${EOD_QUEUE}:report:${runId}:${startedAt}:${partition}`);
    const sources = sharedInputSources(options);
    const jobOptions: JobsOptions = {
      attempts: options.attempts ?? 3,
      backoff: { type: 'exponential', delay: 500 },
      // The coordinator removes its jobs when the run ends; these bound what a crashed one leaves.
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
    const jobs = await queue.addBulk(ranges.map((range, partition) => ({
      name: EOD_PARTITION_JOB,
      data: {
        runId, startedAt, partition, partitions: ranges.length, from: range.from, to: range.to,
        positions: positions.length, inputs: sources, inputHashes: inputs.inputHashes, reportKey: reportKeys[partition]!,
      } satisfies EodPartitionJob,
      opts: jobOptions,
    })));
    jobIds = jobs.map((job) => job.id!);
    const partitionOf = new Map(jobIds.map((id, partition) => [id, partition]));
    logger.info({ runId, partitions: ranges.length, queue: `${prefix}:${EOD_QUEUE}`, redis: describeRedisUrl(options.redisUrl) }, 'partitions queued');
    if (await queue.getWorkersCount() === 0) logger.warn({ queue: `${prefix}:${EOD_QUEUE}` }, 'no worker is listening on the queue yet: start `tenure worker` (same --redis and --queue-prefix)');

    // ---- wait: every partition done, or the first that failed for good ----
    progress.stage('value');
    let valued = 0;
    const answers = await timer.time('value', async () => {
      try {
        return await awaitJobs(queue!, events, jobIds, {
          timeoutMs: options.waitTimeoutMs ?? 3600_000,
          signal,
          onCompleted: (jobId, value) => {
            const partition = partitionOf.get(jobId)!;
            valued += ranges[partition]!.to - ranges[partition]!.from;
            progress.advance(valued, positions.length);
            logger.debug({ runId, partition, value }, 'partition done');
          },
        });
      } catch (error) {
        if (!(error instanceof QueueJobFailedError)) throw error;
        const partition = partitionOf.get(error.jobId)!;
        const range = ranges[partition]!;
        throw new Error(`partition ${partition + 1} of ${ranges.length} (positions ${range.from + 1}–${range.to}) failed: ${error.reason}`, { cause: error });
      }
    });
    progress.finish();
    const results = jobIds.map((id) => parsePartitionResult(answers.get(id)));

    // ---- aggregate and complete: the store checks every position has exactly one result ----
    progress.stage('aggregate');
    const summary = await timer.time('aggregate', () => mergeSummaries(results.map((result) => result.summary)));
    signal.throwIfAborted();
    progress.stage('persist');
    const counts = {
      positions: positions.length,
      ...prefixed('kind.', inputs.portfolio.counts),
      partitions: ranges.length,
      partitionAttempts: results.reduce((sum, result) => sum + result.attemptsStarted, 0),
      workers: new Set(results.map((result) => result.worker)).size,
    };
    await timer.time('persist', () => store.completeRun({
      ...audit, counts, timings: { ...timer.snapshot(), ...workerTimings(results) }, peakRssBytes: peakRssBytes(), finishedAt: new Date().toISOString(),
    }, positions.map((position) => position.id)));

    // ---- report: from the rows the workers stored, in portfolio order ----
    progress.stage('report');
    const reportDir = options.reportDir ?? join(DEFAULT_REPORTS_DIR, runId);
    const reportFiles = await timer.time('report', async () => {
      const csv = await resultsCsvFromFragments(fragments!, reportKeys, async () => {
        logger.warn({ runId }, 'report lines missing from Redis: reading the results back from the database');
        const stored = new Map((await store.getResults(runId)).map((row) => [row.positionId, row]));
        return positions.map((position) => stored.get(position.id)!);
      });
      const topCandidates = results.flatMap((result) => result.top);
      return writeReports(reportDir, { runId, effectiveDate: options.effectiveDate, csv, topCandidates, summary, stageMilliseconds: timer.snapshot() });
    });
    await fragments.remove(reportKeys);
    await removeJobs(queue, jobIds);
    logger.info({ runId, positions: positions.length, partitions: ranges.length, timings: timer.snapshot() }, 'run succeeded');
    return { status: 'succeeded', runId, summary, timings: timer.snapshot(), reportFiles, database: store.location, positions: positions.length, partitions: ranges.length };
  } catch (error) {
    progress.finish();
    if (!started) throw error;
    const reason = signal.aborted ? describe(signal.reason) : describe(error);
    // Jobs not started yet are withdrawn; one a worker is valuing now is refused by the store
    // when it tries to write into the failed run.
    if (queue !== undefined) await removeJobs(queue, jobIds);
    await fragments?.remove(reportKeys).catch(() => undefined);
    await store.failRun(runId, reason);
    logger.error({ runId, reason }, 'run failed');
    return { status: 'failed', runId, reason, database: store.location, timings: timer.snapshot() };
  } finally {
    await run.close();
  }
}

/** The workers' time, summed over partitions (CPU spent, not wall time): `workers.enrich`, … */
function workerTimings(results: readonly EodPartitionResult[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const result of results) {
    for (const [stage, ms] of Object.entries(result.milliseconds)) sums[`workers.${stage}`] = (sums[`workers.${stage}`] ?? 0) + ms;
  }
  for (const key of Object.keys(sums)) sums[key] = Math.round(sums[key]! * 10) / 10;
  return sums;
}

/** Removes the jobs (a locked, active one stays: its worker finishes or the store refuses it). */
async function removeJobs(queue: Queue, jobIds: readonly string[]): Promise<void> {
  await Promise.all(jobIds.map((id) => queue.remove(id).catch(() => 0)));
}

function checkPositiveInteger(option: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) throw new QueueOptionError(option, `must be a positive whole number, got ${value}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
