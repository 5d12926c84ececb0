import { TenureError } from '../../errors/tenure-error.js';

/**
 * A bond position, or an argument to a bond calculation, is not what it must be. The message
 * names the position, the field and the offending value, so the bad row of a portfolio file is
 * found from the message alone.
 */
export class BondInputError extends TenureError {
  readonly code = 'BOND_INPUT_INVALID';

  /** `actual` is the offending value as it should read in the message. */
  constructor(
    readonly positionId: string,
    readonly field: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`bond ${JSON.stringify(positionId)}: ${field} must be ${expected}; got ${actual}`);
  }
}
