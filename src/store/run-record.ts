import type { RunAudit, RunAuditInput, RunStatus } from './run-audit.js';
import { checkCount, checkDate, checkId, describe, normaliseTimestamp } from './input-checks.js';
import { StoreInputError } from './store-errors.js';

/**
 * A `runs` row as both dialects read it back: PostgreSQL's SELECT casts dates, timestamps,
 * jsonb and bigint to these shapes, so one decoder serves both.
 */
export interface RunRow {
  readonly run_id: string;
  readonly effective_date: string;
  readonly status: RunStatus;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly failure_reason: string | null;
  readonly input_hashes: string;
  readonly versions: string;
  readonly counts: string;
  readonly timings: string;
  readonly peak_rss_bytes: number | null;
  readonly positions: number;
}

/** A run's values checked and normalised, ready to bind (JSON columns as text). */
export interface RunValues {
  readonly runId: string;
  readonly effectiveDate: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly inputHashes: string;
  readonly versions: string;
  readonly counts: string;
  readonly timings: string;
  readonly peakRssBytes: number | null;
  readonly positions: number;
}

export function decodeRun(row: RunRow): RunAudit {
  return {
    runId: row.run_id,
    effectiveDate: row.effective_date,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    failureReason: row.failure_reason,
    inputHashes: JSON.parse(row.input_hashes) as Record<string, string>,
    versions: JSON.parse(row.versions) as Record<string, string>,
    counts: JSON.parse(row.counts) as Record<string, number>,
    timings: JSON.parse(row.timings) as Record<string, number>,
    peakRssBytes: row.peak_rss_bytes,
    positions: row.positions,
  };
}

/**
 * Checks a caller's audit record and normalises it for storage: timestamps to UTC with
 * milliseconds (what both dialects give back), absent facts to empty objects and zero.
 */
export function encodeRun(operation: string, audit: RunAuditInput, finishedAt: string | null): RunValues {
  checkId(operation, 'audit.runId', audit.runId);
  return {
    runId: audit.runId,
    effectiveDate: checkDate(operation, 'audit.effectiveDate', audit.effectiveDate),
    startedAt: normaliseTimestamp(operation, 'audit.startedAt', audit.startedAt),
    finishedAt: finishedAt === null ? null : normaliseTimestamp(operation, 'audit.finishedAt', finishedAt),
    inputHashes: encodeRecord(operation, 'audit.inputHashes', audit.inputHashes, 'string'),
    versions: encodeRecord(operation, 'audit.versions', audit.versions, 'string'),
    counts: encodeRecord(operation, 'audit.counts', audit.counts, 'number'),
    timings: encodeRecord(operation, 'audit.timings', audit.timings, 'number'),
    peakRssBytes: checkCount(operation, 'audit.peakRssBytes', audit.peakRssBytes ?? null),
    positions: checkCount(operation, 'audit.positions', audit.positions ?? 0) ?? 0,
  };
}

function encodeRecord(operation: string, field: string, value: unknown, valueType: 'string' | 'number'): string {
  if (value === undefined) return '{}';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StoreInputError(operation, field, `must be an object of ${valueType}s; got ${describe(value)}`);
  }
  for (const [key, entry] of Object.entries(value)) {
    const ok = valueType === 'string' ? typeof entry === 'string' : typeof entry === 'number' && Number.isFinite(entry);
    if (!ok) throw new StoreInputError(operation, `${field}.${key}`, `must be a ${valueType === 'number' ? 'finite number' : 'string'}; got ${describe(entry)}`);
  }
  return JSON.stringify(value);
}
