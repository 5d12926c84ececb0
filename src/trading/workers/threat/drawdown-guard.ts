/**
 * drawdown_guard: a threat worker watching the account's drawdown from its peak equity. Once
 * equity is `maxDrawdown` or more below the peak it warns on every bar until equity recovers,
 * so with the default action `close` it is a kill switch: planning holds the strategy flat.
 */
import { z } from 'zod';
import type { DtoSlot } from '../../context/dto-type.js';
import { Threat, type ThreatSignal } from '../signals.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { THREAT_ACTIONS } from './threat-actions.js';

const drawdownGuardParams = z.strictObject({
  /** Fraction of the peak equity (0.2 = 20%) at which the guard fires. */
  maxDrawdown: z.number().gt(0).max(1).default(0.2),
  action: z.enum(THREAT_ACTIONS).default('close'),
});
export type DrawdownGuardParams = z.output<typeof drawdownGuardParams>;

/**
 * Relative slack so that a drawdown of exactly `maxDrawdown` fires despite binary rounding
 * (1 − 80/100 is 0.19999999999999996, not 0.2).
 */
const ROUNDING_SLACK = 1e-12;

class DrawdownGuard implements TradingWorker {
  readonly kind = 'threat' as const;
  readonly #services: WorkerServices;
  readonly #out: DtoSlot<ThreatSignal>;
  /** Equity at or under peak × floorRatio is a drawdown of maxDrawdown or more. */
  readonly #floorRatio: number;
  readonly #threat: ThreatSignal;

  constructor(
    readonly name: string,
    params: DrawdownGuardParams,
    services: WorkerServices,
  ) {
    this.#services = services;
    this.#out = services.context.declareOutput(name, Threat, name);
    this.#floorRatio = (1 - params.maxDrawdown) * (1 + ROUNDING_SLACK);
    this.#threat = Object.freeze({
      action: params.action,
      severity: 1,
      reason: `${name}: equity ${params.maxDrawdown * 100}% or more below its peak`,
    });
  }

  onBar(): void {
    const { equity, peakEquity } = this.#services.account;
    if (peakEquity > 0 && equity <= peakEquity * this.#floorRatio) this.#services.context.set(this.#out, this.#threat);
  }
}

export const drawdownGuardWorker: WorkerDefinition<DrawdownGuardParams> = {
  type: 'drawdown_guard',
  kind: 'threat',
  description: 'Warns (close, reduce or block) while equity is maxDrawdown or more below its peak.',
  params: drawdownGuardParams,
  create: (name, params, services) => new DrawdownGuard(name, params, services),
};
