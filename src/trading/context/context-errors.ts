import { TenureError } from '../../errors/tenure-error.js';

/** A worker needs a DTO that no worker of its strategy produces. */
export class MissingDtoProducerError extends TenureError {
  readonly code = 'BAD_BLUEPRINT_WIRING';

  constructor(
    readonly worker: string,
    readonly dto: string,
    readonly produced: readonly string[],
  ) {
    super(
      `worker "${worker}" requires the DTO ${dto}, but no worker of its strategy produces it; produced: ${produced.length === 0 ? '(none)' : produced.join(', ')}`,
    );
  }
}

/** Two workers of one strategy produce the same DTO under the same label. */
export class DuplicateDtoProducerError extends TenureError {
  readonly code = 'BAD_BLUEPRINT_WIRING';

  constructor(
    readonly dto: string,
    readonly first: string,
    readonly second: string,
  ) {
    super(`workers "${first}" and "${second}" both produce the DTO ${dto}; give one of them another label (its output name)`);
  }
}

/** Workers whose inputs form a cycle cannot be ordered within a tick. */
export class DtoCycleError extends TenureError {
  readonly code = 'BAD_BLUEPRINT_WIRING';

  constructor(readonly workers: readonly string[]) {
    super(`workers ${workers.map((w) => `"${w}"`).join(' → ')} depend on each other's DTOs in a cycle`);
  }
}

/** A DTO was read in a tick before its producer set it (or the producer had nothing to say). */
export class DtoNotAvailableError extends TenureError {
  readonly code = 'TRADING_DTO_NOT_AVAILABLE';

  constructor(
    readonly worker: string,
    readonly dto: string,
    readonly asset: string,
  ) {
    super(`worker "${worker}" asked for the DTO ${dto} of ${asset}, which has not been produced in this tick`);
  }
}

/** The provider was used out of order (a DTO declared after wiring was sealed, a tick not started). */
export class ContextStateError extends TenureError {
  readonly code = 'TRADING_CONTEXT_STATE';
}
