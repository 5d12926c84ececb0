/** Where a run is: started and not finished, finished with results, or finished without. */
export type RunStatus = 'running' | 'succeeded' | 'failed';

/**
 * The audit record of one EOD run, as the database holds it: enough to tell what was valued
 * (effective date, input file hashes, versions), whether it worked, and what it cost.
 * Timestamps are ISO-8601 in UTC with milliseconds (`2024-06-28T21:05:00.000Z`).
 */
export interface RunAudit {
  readonly runId: string;
  /** The business date valued, YYYY-MM-DD. */
  readonly effectiveDate: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  /** Null while running. */
  readonly finishedAt: string | null;
  /** Set exactly when the status is `failed`. */
  readonly failureReason: string | null;
  /** Input name → content hash (e.g. portfolio file → sha256), to prove what was valued. */
  readonly inputHashes: Readonly<Record<string, string>>;
  /** Component → version (tenure, node, models, ...). */
  readonly versions: Readonly<Record<string, string>>;
  /** What the run counted: positions valued, skipped, failed, per kind, ... */
  readonly counts: Readonly<Record<string, number>>;
  /** Stage → milliseconds. */
  readonly timings: Readonly<Record<string, number>>;
  readonly peakRssBytes: number | null;
  /** Number of positions in the portfolio the run valued. */
  readonly positions: number;
}

/**
 * What a caller supplies about a run. The store decides status, failure reason and (unless
 * given) the finish time itself, so a record can never claim a status its writes do not back.
 * Fields not known yet when a run starts (counts, timings, peak RSS) may be left out.
 */
export interface RunAuditInput {
  readonly runId: string;
  readonly effectiveDate: string;
  readonly startedAt: string;
  /** For `commitRun`: when the run finished; the store's clock when left out. */
  readonly finishedAt?: string | null;
  readonly inputHashes?: Readonly<Record<string, string>>;
  readonly versions?: Readonly<Record<string, string>>;
  readonly counts?: Readonly<Record<string, number>>;
  readonly timings?: Readonly<Record<string, number>>;
  readonly peakRssBytes?: number | null;
  readonly positions?: number;
}

export interface RecordRunStartOptions {
  /**
   * Start again even if the run id already succeeded: its results are deleted and it is
   * running again (for a deliberate re-run, e.g. after corrected market data).
   */
  readonly force?: boolean;
}

/**
 * What `recordRunStart` found. A run id that already succeeded is left alone, results and all
 * (unless forced), so re-running a batch for the same run id is idempotent: the caller skips
 * the work. `previous` tells a fresh start (null) from a retry after a failure or a crash, or
 * a forced re-run of a success.
 */
export type RunStartOutcome =
  | { readonly outcome: 'started'; readonly previous: RunStatus | null }
  | { readonly outcome: 'already-succeeded'; readonly run: RunAudit };
