/**
 * volatility_spike: a threat worker that warns when the ATR (as a fraction of price) jumps
 * above a multiple of its own recent average: a market suddenly far wilder than it has been.
 */
import { z } from 'zod';
import type { DtoSlot } from '../../context/dto-type.js';
import { Volatility, type VolatilityReading } from '../context-dtos.js';
import { Threat, type ThreatSignal } from '../signals.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { THREAT_ACTIONS } from './threat-actions.js';

const volatilitySpikeParams = z.strictObject({
  /** Fires when atrFraction > threshold × the mean of the previous `window` readings. */
  threshold: z.number().gt(0).default(2.5),
  /** Readings in the running mean; no warning until that many have been seen. */
  window: z.int().min(1).max(1_000_000).default(100),
  action: z.enum(THREAT_ACTIONS).default('reduce'),
  /** Label of the Volatility DTO to read (unlabelled by default). */
  volatility: z.string().min(1).optional(),
});
export type VolatilitySpikeParams = z.output<typeof volatilitySpikeParams>;

class VolatilitySpike implements TradingWorker {
  readonly kind = 'threat' as const;
  readonly #services: WorkerServices;
  readonly #in: DtoSlot<VolatilityReading>;
  readonly #out: DtoSlot<ThreatSignal>;
  readonly #threshold: number;
  readonly #threat: ThreatSignal;
  /** The last `window` readings in a ring, and their sum. */
  readonly #ring: Float64Array;
  #sum = 0;
  #seen = 0;

  constructor(
    readonly name: string,
    params: VolatilitySpikeParams,
    services: WorkerServices,
  ) {
    this.#services = services;
    this.#in = services.context.declareInput(name, Volatility, params.volatility);
    this.#out = services.context.declareOutput(name, Threat, name);
    this.#threshold = params.threshold;
    this.#ring = new Float64Array(params.window);
    this.#threat = Object.freeze({
      action: params.action,
      severity: 1,
      reason: `${name}: ATR above ${params.threshold}× its mean of the last ${params.window} readings`,
    });
  }

  onBar(): void {
    const reading = this.#services.context.get(this.#in);
    if (reading === undefined) return;
    const value = reading.atrFraction;
    if (!Number.isFinite(value)) return;
    const window = this.#ring.length;
    // The reading is judged against the readings before it, so a spike does not dilute its own baseline.
    if (this.#seen >= window && value > (this.#threshold * this.#sum) / window) {
      this.#services.context.set(this.#out, this.#threat);
    }
    const at = this.#seen % window;
    this.#sum += value - this.#ring[at]!;
    this.#ring[at] = value;
    this.#seen++;
    // Re-add the ring once per lap so rounding in the running sum cannot build up over a long run.
    if (at === window - 1) {
      let sum = 0;
      for (let i = 0; i < window; i++) sum += this.#ring[i]!;
      this.#sum = sum;
    }
  }
}

export const volatilitySpikeWorker: WorkerDefinition<VolatilitySpikeParams> = {
  type: 'volatility_spike',
  kind: 'threat',
  description: 'Warns (reduce, block or close) when ATR as a fraction of price exceeds threshold × its running mean.',
  params: volatilitySpikeParams,
  create: (name, params, services) => new VolatilitySpike(name, params, services),
};
