/**
 * A `tenure worker` process: BullMQ workers on the EOD partition queue and the backtest sweep
 * queue, with what they share for the process's lifetime — the results database connection,
 * the loaded inputs of the current EOD run, the loaded bar files.
 *
 * Job locks are short (5 s by default, renewed every half of it while a job runs), and every
 * worker checks for stalled jobs as often: a worker that dies mid-job (SIGKILL, a lost
 * machine) has its job back in the queue within seconds, for another worker to retry. Valuing
 * yields to the event loop every few hundred positions so that renewals are never late.
 */
import { Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { TenureError } from '../../errors/tenure-error.js';
import { openResultsStore, resolveStoreLocation, type ResultsStore } from '../../store/index.js';
import { BarSeriesCache } from '../../trading/market/bar-series-cache.js';
import { EodInputCache } from './eod-input-cache.js';
import { processEodPartition } from './eod-worker.js';
import { redisReportFragments } from './eod-report-fragments.js';
import { checkQueuePrefix, describeRedisUrl, queueConnection } from '../../distributed/queue-connection.js';
import { QueueOptionError } from '../../distributed/queue-errors.js';
import { DEFAULT_QUEUE_PREFIX, EOD_QUEUE, SWEEP_QUEUE } from '../../distributed/queue-names.js';
import { processSweepJob } from '../../distributed/sweep-jobs.js';

/** Default job lock, in ms: short enough that a dead worker's job is retried within seconds. */
export const DEFAULT_LOCK_DURATION_MS = 5_000;

/** The worker has no shared results database to write EOD results to. */
export class NoResultsDatabaseError extends TenureError {
  readonly code = 'NO_RESULTS_DATABASE';

  constructor(problem: string) {
    super(`this worker cannot take EOD partitions: ${problem}`);
  }
}

export interface WorkerServiceOptions {
  readonly redisUrl: string;
  /** BullMQ key prefix (default "bull"); the same as the coordinators'. */
  readonly queuePrefix?: string;
  /** A postgres:// URL; without one, EOD partitions fail (sweeps still run). */
  readonly database?: string;
  readonly databaseSchema?: string;
  /** Jobs processed at once per queue (default 1: valuation is CPU-bound; run one worker per core). */
  readonly concurrency?: number;
  readonly lockDurationMs?: number;
  readonly logger: Logger;
}

export interface WorkerService extends AsyncDisposable {
  /** Lets the jobs in progress finish, then disconnects. Idempotent. */
  close(): Promise<void>;
}

/** Starts the workers; resolves once both are connected and taking jobs. */
export async function startWorkerService(options: WorkerServiceOptions): Promise<WorkerService> {
  const { logger } = options;
  const connection = queueConnection(options.redisUrl);
  const prefix = checkQueuePrefix(options.queuePrefix ?? DEFAULT_QUEUE_PREFIX);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new QueueOptionError('--concurrency', `must be a positive whole number, got ${concurrency}`);
  const lockDuration = options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS;
  if (!Number.isSafeInteger(lockDuration) || lockDuration < 500) throw new QueueOptionError('--lock-duration', `must be at least 500 ms, got ${lockDuration}`);
  if (options.database !== undefined && resolveStoreLocation(options.database, 'unused').dialect !== 'postgres') {
    throw new QueueOptionError('--database', 'a worker writes to the database the coordinator reads: give a postgres:// URL (SQLite cannot be shared between machines)');
  }

  let store: Promise<ResultsStore> | undefined;
  const openStore = (): Promise<ResultsStore> => {
    if (options.database === undefined) return Promise.reject(new NoResultsDatabaseError('no results database (give --database postgres://… or set DATABASE_URL)'));
    // A failed open is forgotten, so the next job (a retry) tries again.
    store ??= openResultsStore(options.database, options.databaseSchema === undefined ? {} : { schema: options.databaseSchema })
      .catch((error: unknown) => { store = undefined; throw error; });
    return store;
  };
  // Open the database first: a worker that cannot reach it should say so at once, not at its first job.
  if (options.database !== undefined) await openStore();
  const inputs = new EodInputCache();
  const fragments = redisReportFragments(options.redisUrl, (error) => { logger.warn({ error: error.message }, 'report fragment connection error'); });
  const bars = new BarSeriesCache();
  const workerOptions = {
    connection,
    prefix,
    concurrency,
    lockDuration,
    stalledInterval: Math.max(250, Math.floor(lockDuration / 2)),
    // A job may lose its worker twice before it counts as failed.
    maxStalledCount: 2,
    autorun: false,
  };
  const workers = [
    new Worker(EOD_QUEUE, (job: Job) => processEodPartition(job, { inputs, store: openStore, fragments, logger }), workerOptions),
    new Worker(SWEEP_QUEUE, (job: Job) => processSweepJob(job, bars, logger), workerOptions),
  ];
  for (const worker of workers) {
    worker.on('error', (error) => { logger.error({ queue: worker.name, error: error.message }, 'queue connection error'); });
    void worker.run();
  }
  try {
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.close(true)));
    await fragments.close();
    if (store !== undefined) await (await store.catch(() => undefined))?.close();
    throw error;
  }
  logger.info({ queues: workers.map((w) => `${prefix}:${w.name}`), redis: describeRedisUrl(options.redisUrl), concurrency, lockDurationMs: lockDuration, pid: process.pid }, 'worker ready');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      inputs.clear();
      bars.clear();
      await fragments.close();
      if (store !== undefined) await (await store.catch(() => undefined))?.close();
      logger.info({ pid: process.pid }, 'worker stopped');
    })();
    return closing;
  };
  return { close, [Symbol.asyncDispose]: close };
}
