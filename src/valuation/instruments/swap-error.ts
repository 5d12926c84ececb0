import { TenureError } from '../../errors/tenure-error.js';

/** A swap position cannot be built as given; the message names the position, field and value. */
export class SwapInputError extends TenureError {
  readonly code = 'BAD_SWAP_INPUT';

  constructor(
    readonly positionId: string,
    readonly field: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`swap ${positionId}: ${field} must be ${expected}; got ${actual}`);
  }
}
