/**
 * Waits for a set of jobs the caller added: every one completed (their return values, by job
 * id), or the first that failed for good, or a timeout, or an abort. Events (QueueEvents) say
 * when a job finishes; a slow poll of the jobs still pending catches what an event could miss
 * (a job that finished before the listener was up, a stream trimmed under load). A job that
 * fails an attempt and will be retried is still pending: only a final failure counts.
 */
import { inspect } from 'node:util';
import { Job, type Queue, type QueueEvents } from 'bullmq';
import { TenureError } from '../errors/tenure-error.js';

/** A job failed after its attempts (or at once, for a failure no retry can cure). */
export class QueueJobFailedError extends TenureError {
  readonly code = 'QUEUE_JOB_FAILED';

  constructor(readonly jobId: string, readonly reason: string) {
    super(`job ${jobId} failed: ${reason}`);
  }
}

/** Not every job finished in time. */
export class QueueWaitTimeoutError extends TenureError {
  readonly code = 'QUEUE_WAIT_TIMEOUT';

  constructor(readonly seconds: number, readonly pending: readonly string[], done: number, total: number) {
    super(`timed out after ${seconds} s waiting for jobs: ${done} of ${total} done, still pending: ${pending.slice(0, 10).join(', ')}${pending.length > 10 ? ', …' : ''}`);
  }
}

export interface AwaitJobsOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** How often the pending jobs' states are read, in ms (default 2000). */
  readonly pollIntervalMs?: number;
  /** Called once per job as it completes, with its return value. */
  readonly onCompleted?: (jobId: string, value: unknown) => void;
}

/**
 * Resolves with every job's return value once all completed; rejects with QueueJobFailedError,
 * QueueWaitTimeoutError or the signal's reason. `events` must be listening (waitUntilReady)
 * before the jobs were added, or the poll finds what it missed.
 */
export function awaitJobs(queue: Queue, events: QueueEvents, jobIds: readonly string[], options: AwaitJobsOptions): Promise<Map<string, unknown>> {
  const pending = new Set(jobIds);
  const values = new Map<string, unknown>();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      clearInterval(poll);
      events.off('completed', onCompleted);
      events.off('failed', onFailed);
      options.signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve(values);
      else reject(error instanceof Error ? error : new Error(inspect(error)));
    };
    const complete = (jobId: string, value: unknown): void => {
      if (settled || !pending.delete(jobId)) return;
      values.set(jobId, value);
      options.onCompleted?.(jobId, value);
      if (pending.size === 0) finish();
    };
    const fail = (jobId: string, reason: string): void => {
      if (settled || !pending.has(jobId)) return;
      finish(new QueueJobFailedError(jobId, reason));
    };
    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }): void => { complete(jobId, returnvalue); };
    const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }): void => { fail(jobId, failedReason); };
    const onAbort = (): void => { finish(options.signal?.reason); };

    events.on('completed', onCompleted);
    events.on('failed', onFailed);
    if (options.signal?.aborted === true) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timeout = setTimeout(() => {
      finish(new QueueWaitTimeoutError(Math.round(options.timeoutMs / 100) / 10, [...pending], values.size, jobIds.length));
    }, options.timeoutMs);
    let polling = false;
    const poll = setInterval(() => {
      if (polling || settled) return;
      polling = true;
      checkPending(queue, [...pending], complete, fail).catch(() => undefined).finally(() => { polling = false; });
    }, options.pollIntervalMs ?? 2000);
    if (pending.size === 0) finish();
  });
}

async function checkPending(queue: Queue, jobIds: readonly string[], complete: (jobId: string, value: unknown) => void, fail: (jobId: string, reason: string) => void): Promise<void> {
  await Promise.all(jobIds.map(async (jobId) => {
    const state = await queue.getJobState(jobId);
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
    const job = await Job.fromId(queue, jobId);
    if (job === undefined) {
      fail(jobId, 'the job disappeared from the queue (removed, or the queue was obliterated)');
    } else if (state === 'completed') {
      complete(jobId, job.returnvalue);
    } else if (state === 'failed') {
      fail(jobId, job.failedReason);
    }
  }));
}
