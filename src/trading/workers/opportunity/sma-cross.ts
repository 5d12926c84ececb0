/**
 * sma_cross: an opportunity worker that signals when a fast moving average crosses a slow one
 * (both produced by context workers of the same strategy, named by their output labels).
 */
import { z } from 'zod';
import type { DtoSlot } from '../../context/dto-type.js';
import { MovingAverage } from '../context-dtos.js';
import { Opportunity, type OpportunitySignal } from '../signals.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';

const smaCrossParams = z.strictObject({
  /** Label of the fast MovingAverage (the output name of its worker). */
  fast: z.string().min(1).default('fast'),
  /** Label of the slow MovingAverage. */
  slow: z.string().min(1).default('slow'),
  /** On a cross down, go short (`sell`) rather than only flat (`close`). */
  allowShort: z.boolean().default(false),
});
export type SmaCrossParams = z.output<typeof smaCrossParams>;

/** Which side of the slow average the fast one was last strictly on. */
const UNSEEN = 2;
const TOUCHING = 0;
const ABOVE = 1;
const BELOW = -1;

class SmaCross implements TradingWorker {
  readonly kind = 'opportunity' as const;
  readonly #services: WorkerServices;
  readonly #fast: DtoSlot<number>;
  readonly #slow: DtoSlot<number>;
  readonly #out: DtoSlot<OpportunitySignal>;
  readonly #up: OpportunitySignal;
  readonly #down: OpportunitySignal;
  /**
   * The side the fast average was last strictly on; TOUCHING while the two have only ever been
   * equal. A touch is not a cross: fast above, equal, above again gives no second signal.
   */
  #side = UNSEEN;

  constructor(
    readonly name: string,
    params: SmaCrossParams,
    services: WorkerServices,
  ) {
    this.#services = services;
    this.#fast = services.context.declareInput(name, MovingAverage, params.fast);
    this.#slow = services.context.declareInput(name, MovingAverage, params.slow);
    this.#out = services.context.declareOutput(name, Opportunity, name);
    // The signals never change, so they are made once and reused on every cross.
    this.#up = Object.freeze({ side: 'buy', strength: 1, reason: `${name}: ${params.fast} crossed above ${params.slow}` });
    this.#down = Object.freeze({
      side: params.allowShort ? 'sell' : 'close',
      strength: 1,
      reason: `${name}: ${params.fast} crossed below ${params.slow}`,
    });
  }

  onBar(): void {
    const context = this.#services.context;
    const fast = context.getNumber(this.#fast);
    const slow = context.getNumber(this.#slow);
    // A tick where either average is still warming up (NaN) neither crosses nor forgets the last side.
    if (Number.isNaN(fast) || Number.isNaN(slow)) return;
    const previous = this.#side;
    if (fast > slow) {
      this.#side = ABOVE;
      if (previous === BELOW || previous === TOUCHING) context.set(this.#out, this.#up);
    } else if (fast < slow) {
      this.#side = BELOW;
      if (previous === ABOVE || previous === TOUCHING) context.set(this.#out, this.#down);
    } else if (previous === UNSEEN) {
      this.#side = TOUCHING;
    }
  }
}

export const smaCrossWorker: WorkerDefinition<SmaCrossParams> = {
  type: 'sma_cross',
  kind: 'opportunity',
  description: 'Buys when the fast moving average crosses above the slow one; closes (or sells short) on the cross below.',
  params: smaCrossParams,
  create: (name, params, services) => new SmaCross(name, params, services),
};
