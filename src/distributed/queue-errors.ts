import { TenureError } from '../errors/tenure-error.js';

/** The Redis URL cannot be used: wrong scheme, not a URL. Bad input: exit 2. */
export class RedisUrlError extends TenureError {
  readonly code = 'BAD_REDIS_URL';

  /** `url` must already be redacted. */
  constructor(readonly url: string, problem: string) {
    super(`--redis ${url}: ${problem}`);
  }
}

/** Redis did not answer within the timeout; names host and port, never the password. */
export class QueueUnreachableError extends TenureError {
  readonly code = 'QUEUE_UNREACHABLE';

  constructor(readonly target: string, reason: string, options?: ErrorOptions) {
    super(`Cannot reach the job queue at ${target}: ${reason}`, options);
  }
}

/** A queue option that cannot work (a partition size of 0, a prefix with a colon). Bad input: exit 2. */
export class QueueOptionError extends TenureError {
  readonly code = 'BAD_QUEUE_OPTION';

  constructor(readonly option: string, problem: string) {
    super(`${option}: ${problem}`);
  }
}
