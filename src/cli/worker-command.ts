import { InvalidArgumentError, type Command } from 'commander';
import { pino } from 'pino';
import { probeRedis, resolveRedisUrl } from '../distributed/queue-connection.js';
import { DEFAULT_QUEUE_PREFIX } from '../distributed/queue-names.js';
import { DEFAULT_LOCK_DURATION_MS, startWorkerService } from '../eod/distributed/worker-service.js';

export interface WorkerCommandOptions {
  readonly redis?: string;
  readonly queuePrefix: string;
  readonly database?: string;
  readonly databaseSchema?: string;
  readonly concurrency: number;
  readonly lockDuration: number;
}

/** Registers `tenure worker`. */
export function registerWorkerCommand(program: Command, out: (line: string) => void): void {
  program
    .command('worker')
    .description('process distributed work from the Redis job queues until SIGTERM/SIGINT: EOD partitions of `tenure eod --distributed` (results upserted into the PostgreSQL results database) and backtest sweep variants. Input files are read by path: workers need the same files as the coordinator (or the portfolio in the database)')
    .option('--redis <url>', 'Redis the queues live on (default: REDIS_URL, else redis://127.0.0.1:6379)')
    .option('--queue-prefix <prefix>', 'key prefix of the queues; the same as the coordinator\'s', DEFAULT_QUEUE_PREFIX)
    .option('--database <url>', 'results database for EOD partitions: a postgres://… URL (default: DATABASE_URL)')
    .option('--database-schema <name>', 'PostgreSQL schema of the results tables (the coordinator\'s --database-schema)')
    .option('--concurrency <n>', 'jobs at once per queue (valuation is CPU-bound: run one worker process per core instead)', parseWholeNumber, 1)
    .option('--lock-duration <ms>', 'job lock; a worker that dies has its job retried by another within about 1.5× this', parseWholeNumber, DEFAULT_LOCK_DURATION_MS)
    .action(async (options: WorkerCommandOptions) => {
      await workerCommand(options, out);
    });
}

/**
 * `tenure worker`: runs until SIGTERM or SIGINT, then lets the jobs in progress finish, closes
 * its connections and returns (exit 0). Logs go to stderr as JSON lines, one when a job starts
 * and one when it ends, so an operator (or a test) can follow each partition.
 */
export async function workerCommand(options: WorkerCommandOptions, out: (line: string) => void): Promise<void> {
  const logger = pino({ name: 'tenure-worker', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination({ dest: 2, sync: true }));
  const redisUrl = resolveRedisUrl(options.redis);
  // Fail at start with a clear message rather than wait forever for a Redis that is not there.
  await probeRedis(redisUrl);
  const stop = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  const database = options.database ?? (process.env.DATABASE_URL || undefined);
  const service = await startWorkerService({
    redisUrl,
    queuePrefix: options.queuePrefix,
    ...(database === undefined ? {} : { database }),
    ...(options.databaseSchema === undefined ? {} : { databaseSchema: options.databaseSchema }),
    concurrency: options.concurrency,
    lockDurationMs: options.lockDuration,
    logger,
  });
  out(`worker ${process.pid}: taking jobs (stop with SIGTERM or Ctrl-C)`);
  const signal = await stop;
  logger.info({ signal }, 'stopping: letting the jobs in progress finish');
  await service.close();
}

function parseWholeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new InvalidArgumentError(`expected a positive whole number, got "${text}"`);
  return value;
}
