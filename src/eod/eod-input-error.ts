import { TenureError } from '../errors/tenure-error.js';

/** An EOD option or input that cannot be used; the CLI exits 2 and nothing is written. */
export class EodInputError extends TenureError {
  readonly code = 'BAD_EOD_INPUT';

  constructor(readonly option: string, problem: string) {
    super(`${option}: ${problem}`);
  }
}
