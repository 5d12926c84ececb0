import { defineDto } from '../context/dto-type.js';

/** An opportunity worker's view this tick: enter or add (`buy`/`sell`), or get out (`close`). */
export interface OpportunitySignal {
  readonly side: 'buy' | 'sell' | 'close';
  /** 0..1; planning may scale size by it. */
  readonly strength: number;
  /**
   * `target` (default): hold one full position in this direction. `add`: add one sizing unit
   * to what is held (dollar-cost averaging).
   */
  readonly mode?: 'target' | 'add';
  readonly reason: string;
}

/** A threat worker's warning this tick. */
export interface ThreatSignal {
  /** `block`: no new exposure; `reduce`: halve the target; `close`: go flat now. */
  readonly action: 'block' | 'reduce' | 'close';
  /** 0..1. */
  readonly severity: number;
  readonly reason: string;
}

/** Planning's decision: the position to hold after this tick, and how to get there. */
export interface TradePlan {
  /** Signed units to hold (0 = flat). */
  readonly targetPosition: number;
  readonly orderType: 'market' | 'limit';
  /** For limit orders. */
  readonly limitPrice?: number;
  /** A protective stop for the target position; NaN or undefined for none. */
  readonly stopPrice?: number;
  readonly reason: string;
}

/** Labelled by the producing worker's name: a strategy may have several. */
export const Opportunity = defineDto<OpportunitySignal>('Opportunity');
/** Labelled by the producing worker's name. */
export const Threat = defineDto<ThreatSignal>('Threat');
/** One per strategy (unlabelled). */
export const Plan = defineDto<TradePlan>('TradePlan');
