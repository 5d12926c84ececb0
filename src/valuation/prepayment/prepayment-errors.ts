import { TenureError } from '../../errors/tenure-error.js';

/** A position (or a caller) asked for a model the registry does not have. */
export class UnknownPrepaymentModelError extends TenureError {
  readonly code = 'BAD_PREPAYMENT_MODEL_NAME';

  constructor(readonly requested: string, readonly known: readonly string[], readonly directory: string) {
    super(`unknown model '${requested}' (known: ${known.length === 0 ? 'none' : known.join(', ')}; model files in ${directory})`);
  }
}

/** The model directory cannot be used: missing, unreadable, empty, or two files claim one name. */
export class ModelDirectoryError extends TenureError {
  readonly code = 'BAD_MODEL_DIRECTORY';

  constructor(readonly directory: string, problem: string, options?: ErrorOptions) {
    super(`prepayment model directory ${directory}: ${problem}`, options);
  }
}
