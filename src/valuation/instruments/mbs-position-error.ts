import { TenureError } from '../../errors/tenure-error.js';

/** An MBS position whose terms no pool can have; the message names the position and field. */
export class MbsPositionError extends TenureError {
  readonly code = 'BAD_MBS_POSITION';

  constructor(readonly positionId: string, readonly field: string, problem: string) {
    super(`MBS position '${positionId}': ${field} ${problem}`);
  }
}
