import { TenureError } from '../../errors/tenure-error.js';

/** A blueprint names a worker type that does not exist, or gives a worker bad params. */
export class BlueprintWorkerError extends TenureError {
  readonly code = 'BAD_BLUEPRINT';

  constructor(
    readonly blueprint: string,
    readonly worker: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`blueprint "${blueprint}", worker "${worker}": ${detail}`, options);
  }
}

/** A worker threw while processing a bar: the strategy it belongs to stops. */
export class StrategyFailedError extends TenureError {
  readonly code = 'TRADING_STRATEGY_FAILED';

  constructor(
    readonly worker: string,
    readonly time: number,
    cause: unknown,
  ) {
    super(`worker "${worker}" failed on the bar of ${new Date(time).toISOString()}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
