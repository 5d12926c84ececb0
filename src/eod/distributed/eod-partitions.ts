/**
 * What travels through Redis for a distributed EOD run: a partition job (which run, which
 * attempt, which positions, where the inputs are and what their bytes hashed to) and what a
 * worker answers when it has written the partition's results. Both are plain JSON, checked on
 * arrival: a queue is shared, and a job written by another version must fail loudly, not be
 * half-understood.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { DATABASE_PORTFOLIO_PREFIX } from '../eod-options.js';
import type { EodInputSources } from '../eod-inputs.js';
import type { ReportRow } from '../report-row.js';
import type { RunSummary } from '../run-summary.js';

/** Positions per partition when --partition-size is not given. */
export const DEFAULT_PARTITION_SIZE = 5_000;

/** Positions [from, to) of the portfolio, in its order. */
export interface PositionRange {
  readonly from: number;
  readonly to: number;
}

/** Consecutive ranges of at most `size` positions covering [0, total); none for an empty portfolio. */
export function partitionRanges(total: number, size: number): PositionRange[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a whole number ≥ 0, got ${total}`);
  if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`size must be a whole number > 0, got ${size}`);
  const ranges: PositionRange[] = [];
  for (let from = 0; from < total; from += size) ranges.push({ from, to: Math.min(total, from + size) });
  return ranges;
}

/**
 * The input references as a worker must see them: files as absolute paths (a worker's
 * working directory is its own), `db:<id>` as it is (the worker reads its own database).
 * Workers on other machines need the same paths, or the portfolio in the database.
 */
export function sharedInputSources(sources: EodInputSources): EodInputSources {
  return {
    portfolio: sources.portfolio.startsWith(DATABASE_PORTFOLIO_PREFIX) ? sources.portfolio : resolve(sources.portfolio),
    market: resolve(sources.market),
    effectiveDate: sources.effectiveDate,
    models: resolve(sources.models),
  };
}

const inputSourcesSchema = z.object({
  portfolio: z.string().min(1),
  market: z.string().min(1),
  effectiveDate: z.string().min(1),
  models: z.string().min(1),
});

const partitionJobSchema = z.object({
  runId: z.string().min(1),
  /** The run attempt (recordRunStart's startedAt): a job of an earlier attempt cannot write into a later one. */
  startedAt: z.string().min(1),
  partition: z.number().int().nonnegative(),
  partitions: z.number().int().positive(),
  from: z.number().int().nonnegative(),
  to: z.number().int().positive(),
  /** Positions in the whole portfolio, as the coordinator loaded it. */
  positions: z.number().int().positive(),
  inputs: inputSourcesSchema,
  /** What the coordinator's inputs hashed to: a worker that reads other bytes refuses. */
  inputHashes: z.record(z.string(), z.string()),
  /** Where the worker leaves the partition's lines of the results CSV (see eod-report-fragments). */
  reportKey: z.string().min(1),
}).refine((job) => job.from < job.to && job.to <= job.positions && job.partition < job.partitions, { message: 'needs from < to ≤ positions and partition < partitions' });

export type EodPartitionJob = z.infer<typeof partitionJobSchema>;

/** Reads a job's data, or throws a message naming what is wrong with it. */
export function parsePartitionJob(data: unknown): EodPartitionJob {
  const parsed = partitionJobSchema.safeParse(data);
  if (!parsed.success) throw new Error(`not an EOD partition job: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const totalsSchema = z.object({
  positions: z.number().int().nonnegative(),
  npv: z.number(),
  dv01: z.number(),
  shockUp100: z.number(),
  shockDown100: z.number(),
});

const measure = z.number().nullable();

const reportRowSchema = z.object({
  positionId: z.string(),
  kind: z.string(),
  npv: z.number(),
  cleanPrice: measure,
  dirtyPrice: measure,
  accrued: measure,
  yield: measure,
  modifiedDuration: measure,
  convexity: measure,
  dv01: measure,
  wal: measure,
  shockUp100: measure,
  shockDown100: measure,
  keyRateDurations: z.record(z.string(), z.number()).nullable(),
});

const partitionResultSchema = z.object({
  partition: z.number().int().nonnegative(),
  positions: z.number().int().nonnegative(),
  summary: z.object({
    total: totalsSchema,
    byKind: z.object({ bond: totalsSchema, mbs: totalsSchema, swap: totalsSchema }),
    keyRateDv01: z.record(z.string(), z.number()),
  }),
  /**
   * Milliseconds this attempt spent: loading the run's inputs (0 when cached), parsing the
   * partition's positions, enriching, valuing, upserting, formatting and storing its report lines.
   */
  milliseconds: z.object({ load: z.number(), parse: z.number(), enrich: z.number(), value: z.number(), persist: z.number(), report: z.number() }),
  /** The partition's largest |DV01| positions (largestByDv01), for the HTML report. */
  top: z.array(reportRowSchema),
  /** How many times a worker started this job (1 unless retried after a failure or a lost worker). */
  attemptsStarted: z.number().int().positive(),
  /** host:pid of the worker that finished it. */
  worker: z.string(),
});

/** A worker's answer for a finished partition: its results are in the database by then. */
export type EodPartitionResult = z.infer<typeof partitionResultSchema> & { readonly summary: RunSummary; readonly top: readonly ReportRow[] };

export function parsePartitionResult(value: unknown): EodPartitionResult {
  const parsed = partitionResultSchema.safeParse(value);
  if (!parsed.success) throw new Error(`a worker answered a partition with something unexpected: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
