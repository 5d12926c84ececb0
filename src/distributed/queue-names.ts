/**
 * The BullMQ queues tenure uses, one per kind of work, so a deployment can run workers for one
 * and not the other, and a queue's dashboard shows one kind of job. Every process of one
 * deployment must agree on these names and on the key prefix.
 */

/** EOD partitions: one job per slice of a distributed run's portfolio. */
export const EOD_QUEUE = 'tenure-eod';
/** Backtest sweep variants: one job per BacktestSpec. */
export const SWEEP_QUEUE = 'tenure-sweep';

/** Job names within the queues (a queue holds one kind; the name makes a listing readable). */
export const EOD_PARTITION_JOB = 'eod-partition';
export const SWEEP_BACKTEST_JOB = 'sweep-backtest';

/**
 * The Redis key prefix of the queues (BullMQ's own default): `bull:tenure-eod:…`. Another
 * prefix keeps two environments, or parallel test runs, apart on one Redis.
 */
export const DEFAULT_QUEUE_PREFIX = 'bull';
