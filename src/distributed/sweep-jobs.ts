/**
 * Backtest parameter sweeps on the job queue: one job per variant (a BacktestSpec, which is
 * plain data, plus the bar file it runs on), run by `tenure worker` processes on any machine
 * that reaches Redis and the file. The worker loads each bar file once (the app-lifetime
 * BarSeriesCache) and runs the spec with runBacktest, as an in-process sweep does; the
 * outcomes come back in the order of the specs, statistics exactly (NaN and ±Infinity
 * included, which JSON alone would turn into null).
 */
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Queue, QueueEvents, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { z } from 'zod';
import { TenureError } from '../errors/tenure-error.js';
import { decodeStatistics, encodeStatistics } from '../store/backtest-encoding.js';
import { runBacktest, type BacktestSpec } from '../trading/engine/run-backtest.js';
import type { BarSeriesCache } from '../trading/market/bar-series-cache.js';
import type { SweepOutcome } from '../trading/sweep/sweep-outcome.js';
import { toSweepOutcome } from '../trading/sweep/sweep-outcome.js';
import { checkQueuePrefix, queueConnection } from './queue-connection.js';
import { awaitJobs, QueueJobFailedError } from './queue-job-tracker.js';
import { DEFAULT_QUEUE_PREFIX, SWEEP_BACKTEST_JOB, SWEEP_QUEUE } from './queue-names.js';
import { asJobFailure } from './worker-failures.js';

/** A spec that would not survive the trip through the queue as it is (JSON). */
export class SweepSpecError extends TenureError {
  readonly code = 'BAD_SWEEP_SPEC';

  constructor(index: number, problem: string) {
    super(`sweep spec [${index}]: ${problem}`);
  }
}

/** A variant of the sweep failed on the worker (after its attempts). */
export class SweepJobFailedError extends TenureError {
  readonly code = 'SWEEP_JOB_FAILED';

  constructor(readonly index: number, reason: string, options?: ErrorOptions) {
    super(`sweep variant [${index}] failed: ${reason}`, options);
  }
}

export interface DistributedSweepOptions {
  /** Redis URL the workers listen on. */
  readonly redis: string;
  /** BullMQ key prefix (default "bull"); workers must use the same. */
  readonly prefix?: string;
  /** Give up if not every variant finished this long after queueing (default ten minutes). */
  readonly timeoutMs?: number;
  /** Attempts per variant (default 3). */
  readonly attempts?: number;
  readonly signal?: AbortSignal;
}

interface SweepJobData {
  readonly spec: BacktestSpec;
  /** Absolute path of the bar file: the worker reads it itself. */
  readonly data: string;
  readonly asset: string;
}

/** What a worker answers: the outcome with its statistics as NaN-safe JSON text. */
interface EncodedOutcome {
  readonly statistics: string;
  readonly bars: number;
  readonly numberOfTrades: number;
}

/**
 * Runs every spec on the bars of `dataFile` (as asset `asset`) on the queue's workers and
 * returns the outcomes (statistics, bars, trade count) in the order of `specs`. The first
 * variant that fails after its attempts fails the sweep; the other variants' jobs are removed.
 */
export async function runDistributedSweep(specs: readonly BacktestSpec[], dataFile: string, asset: string, options: DistributedSweepOptions): Promise<SweepOutcome[]> {
  specs.forEach((spec, index) => {
    let copy: unknown;
    try {
      copy = JSON.parse(JSON.stringify(spec)) as unknown;
    } catch (error) {
      throw new SweepSpecError(index, `cannot be written as JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!isDeepStrictEqual(copy, spec)) throw new SweepSpecError(index, 'does not survive JSON unchanged (a function, undefined, NaN, Infinity or a class instance in it?)');
  });
  const connection = queueConnection(options.redis);
  const prefix = checkQueuePrefix(options.prefix ?? DEFAULT_QUEUE_PREFIX);
  const queue = new Queue(SWEEP_QUEUE, { connection, prefix });
  const events = new QueueEvents(SWEEP_QUEUE, { connection, prefix });
  let jobIds: string[] = [];
  try {
    await events.waitUntilReady();
    const data = resolve(dataFile);
    const jobs = await queue.addBulk(specs.map((spec) => ({
      name: SWEEP_BACKTEST_JOB,
      data: { spec, data, asset } satisfies SweepJobData,
      opts: { attempts: options.attempts ?? 3, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } },
    })));
    jobIds = jobs.map((job) => job.id!);
    let answers: Map<string, unknown>;
    try {
      answers = await awaitJobs(queue, events, jobIds, { timeoutMs: options.timeoutMs ?? 600_000, ...(options.signal === undefined ? {} : { signal: options.signal }) });
    } catch (error) {
      if (error instanceof QueueJobFailedError) throw new SweepJobFailedError(jobIds.indexOf(error.jobId), error.reason, { cause: error });
      throw error;
    }
    return jobIds.map((id) => decodeOutcome(answers.get(id)));
  } finally {
    await Promise.all(jobIds.map((id) => queue.remove(id).catch(() => 0)));
    await events.close();
    await queue.close();
  }
}

const sweepJobSchema = z.object({
  spec: z.object({ blueprint: z.string(), workers: z.array(z.object({ name: z.string(), type: z.string() }).loose()), settings: z.object({ cash: z.number() }).loose() }).loose(),
  data: z.string().min(1),
  asset: z.string().min(1),
});

/** BullMQ's processor for the sweep queue: one backtest, statistics only. */
export async function processSweepJob(job: Job, bars: BarSeriesCache, logger: Logger): Promise<EncodedOutcome> {
  const parsed = sweepJobSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`not a sweep job: ${z.prettifyError(parsed.error)}`);
  // The schema checks the shape a queue can garble; the spec itself is the coordinator's, checked there.
  const { spec, data, asset } = parsed.data as unknown as SweepJobData;
  logger.info({ jobId: job.id, blueprint: spec.blueprint, data }, 'sweep variant started');
  try {
    const series = await bars.load(data, asset);
    const outcome = toSweepOutcome(await runBacktest(spec, series, { keepEvents: false }), false, false);
    return { statistics: encodeStatistics('sweep', outcome.statistics), bars: outcome.bars, numberOfTrades: outcome.numberOfTrades };
  } catch (error) {
    const failure = asJobFailure(error);
    logger.warn({ jobId: job.id, error: failure.message }, 'sweep variant failed');
    throw failure;
  }
}

function decodeOutcome(value: unknown): SweepOutcome {
  const encoded = value as Partial<EncodedOutcome> | undefined;
  if (typeof encoded?.statistics !== 'string' || typeof encoded.bars !== 'number' || typeof encoded.numberOfTrades !== 'number') {
    throw new Error('a worker answered a sweep variant with something unexpected');
  }
  return { statistics: decodeStatistics(encoded.statistics), bars: encoded.bars, numberOfTrades: encoded.numberOfTrades };
}
