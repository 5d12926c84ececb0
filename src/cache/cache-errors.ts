import { TenureError } from '../errors/tenure-error.js';

/** A cache option or an argument to a cache operation is not what it must be. */
export class CacheOptionError extends TenureError {
  readonly code = 'CACHE_OPTION_INVALID';

  constructor(
    readonly cacheName: string,
    readonly option: string,
    readonly expected: string,
    readonly actual: unknown,
  ) {
    super(`cache "${cacheName}": ${option} must be ${expected}; got ${describe(actual)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return Object.prototype.toString.call(value);
}
