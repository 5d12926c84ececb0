import { TenureError } from '../errors/tenure-error.js';

/**
 * A value could not be turned into bytes, or bytes back into a value: truncated, corrupted,
 * written by another format, or holding a field out of range. A tiered cache treats it as a
 * miss and loads from the source; the message says which codec and where in the bytes.
 */
export class CodecError extends TenureError {
  readonly code = 'CACHE_CODEC_FAILED';

  constructor(
    readonly codec: string,
    readonly operation: 'encode' | 'decode',
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`codec "${codec}": cannot ${operation}: ${detail}`, options);
  }
}
