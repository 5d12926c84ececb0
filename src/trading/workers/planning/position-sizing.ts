/**
 * position_sizing: the planning worker. Each tick it combines its strategy's opportunity
 * signals and threats into one TradePlan: the position to hold (in units of the asset, sized
 * from the account's equity at the current price) and a protective stop.
 */
import { z } from 'zod';
import type { DtoSlot } from '../../context/dto-type.js';
import { Volatility, type VolatilityReading } from '../context-dtos.js';
import { Opportunity, Plan, Threat, type OpportunitySignal, type ThreatSignal, type TradePlan } from '../signals.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';

const stopParams = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('none') }),
    /** Stop at entry × (1 − value) for a long, × (1 + value) for a short. */
    z.strictObject({ kind: z.literal('percent'), value: z.number().gt(0).lt(1).default(0.02) }),
    /** Stop value × ATR away from the entry (needs a Volatility DTO). */
    z.strictObject({ kind: z.literal('atr'), value: z.number().gt(0).default(2) }),
  ])
  .default({ kind: 'none' });

const positionSizingParams = z
  .strictObject({
    /** Fraction of equity a full (`target` mode) position is worth, scaled by the signal's strength. */
    fraction: z.number().gt(0).max(100).default(1),
    /** Fraction of the initial cash one `add` unit is worth, scaled by the signal's strength. */
    unitFraction: z.number().gt(0).max(100).default(0.1),
    /** The most the position may be worth, as a fraction of equity; adds stop there. */
    maxFraction: z.number().gt(0).max(100).default(1),
    stop: stopParams,
    /** Label of the Volatility DTO ATR stops read (unlabelled by default). */
    volatility: z.string().min(1).optional(),
    /** 0 = fractional units; else targets are rounded down (towards flat) to multiples of it. */
    lotSize: z.number().min(0).default(0),
  })
  .superRefine((params, ctx) => {
    if (params.volatility !== undefined && params.stop.kind !== 'atr') {
      ctx.addIssue({ code: 'custom', path: ['volatility'], message: `only ATR stops read volatility, but stop.kind is '${params.stop.kind}'` });
    }
  });
export type PositionSizingParams = z.output<typeof positionSizingParams>;

/** Slack for floor(|target| / lot): 0.3 / 0.1 is 2.9999999999999996 in binary, and must be 3 lots. */
const LOT_SLACK = 1e-9;

class PositionSizing implements TradingWorker {
  readonly kind = 'planning' as const;
  readonly #services: WorkerServices;
  readonly #params: PositionSizingParams;
  readonly #opportunities: readonly DtoSlot<OpportunitySignal>[];
  readonly #threats: readonly DtoSlot<ThreatSignal>[];
  readonly #volatility: DtoSlot<VolatilityReading> | undefined;
  readonly #out: DtoSlot<TradePlan>;
  /** A reduce threat was present last tick: a lasting one halves the position once, not every bar. */
  #reducing = false;
  /** The stop of the last plan, and the side (+1 long, −1 short, 0 none) it protects. */
  #stop = Number.NaN;
  #stopSide = 0;

  constructor(
    readonly name: string,
    params: PositionSizingParams,
    services: WorkerServices,
  ) {
    this.#services = services;
    this.#params = params;
    this.#opportunities = services.context.declareInputsOf(name, Opportunity);
    this.#threats = services.context.declareInputsOf(name, Threat);
    this.#volatility = params.stop.kind === 'atr' ? services.context.declareInput(name, Volatility, params.volatility) : undefined;
    this.#out = services.context.declareOutput(name, Plan);
  }

  onBar(): void {
    const { context, account, orders } = this.#services;

    // Opportunities: the last one set (in declaration order) wins, but any `close` beats them all.
    let signal: OpportunitySignal | undefined;
    let closeSignal: OpportunitySignal | undefined;
    // Indexed loops: the per-bar path allocates nothing (no iterators) until a plan is made.
    for (let i = 0; i < this.#opportunities.length; i++) {
      const s = context.get(this.#opportunities[i]!);
      if (s === undefined) continue;
      if (s.side === 'close') closeSignal ??= s;
      else signal = s;
    }
    if (closeSignal !== undefined) signal = closeSignal;

    let close: ThreatSignal | undefined;
    let reduce: ThreatSignal | undefined;
    let block: ThreatSignal | undefined;
    for (let i = 0; i < this.#threats.length; i++) {
      const t = context.get(this.#threats[i]!);
      if (t === undefined) continue;
      if (t.action === 'close') close ??= t;
      else if (t.action === 'reduce') reduce ??= t;
      else block ??= t;
    }
    const wasReducing = this.#reducing;
    this.#reducing = reduce !== undefined;
    if (signal === undefined && close === undefined && reduce === undefined && block === undefined) return;

    const price = context.price;
    if (!(price > 0)) return;
    const position = account.position;
    const equity = Math.max(0, account.equity);
    const p = this.#params;

    let target = signal === undefined ? position : this.#signalTarget(signal, position, equity, price);
    if (close !== undefined) {
      target = 0;
    } else {
      // A reduce halves what a signal asks for; without one, it halves the position once per episode.
      if (reduce !== undefined && (signal !== undefined || !wasReducing)) target /= 2;
      // Block: no new exposure. The target may only lie between flat and the current position.
      if (block !== undefined) target = position >= 0 ? Math.min(Math.max(target, 0), position) : Math.max(Math.min(target, 0), position);
    }
    if (p.lotSize > 0) target = Math.sign(target) * Math.floor(Math.abs(target) / p.lotSize + LOT_SLACK) * p.lotSize;
    if (target === 0) target = 0; // no −0 in plans

    if (signal === undefined && target === position) {
      // A threat that changes nothing needs no plan, unless it must cancel entries still pending.
      if ((close === undefined && block === undefined) || orders.pendingCount === 0) return;
    }

    const stopPrice = this.#stopFor(target, position, price);
    context.set(this.#out, {
      targetPosition: target,
      orderType: 'market',
      stopPrice,
      reason: planReason(signal, close ?? reduce ?? block),
    });
  }

  /** The position a signal asks for, before threats: capped at maxFraction of equity. */
  #signalTarget(signal: OpportunitySignal, position: number, equity: number, price: number): number {
    if (signal.side === 'close') return 0;
    const p = this.#params;
    const direction = signal.side === 'buy' ? 1 : -1;
    const cap = (p.maxFraction * equity) / price;
    if (signal.mode === 'add') {
      const target = position + (direction * p.unitFraction * this.#services.account.initialCash * signal.strength) / price;
      if (Math.abs(target) <= cap) return target;
      // An add never shrinks a position that is already over the cap (equity fell); it just stops adding.
      return Math.sign(target) === Math.sign(position) && Math.abs(position) > cap ? position : Math.sign(target) * cap;
    }
    return direction * Math.min((p.fraction * equity * signal.strength) / price, cap);
  }

  /**
   * A new stop when the plan opens or grows a position (from the current price, the entry);
   * the previous one while it only shrinks a position on the same side; none when flat.
   */
  #stopFor(target: number, position: number, price: number): number {
    const side = Math.sign(target);
    const grows = side !== Math.sign(position) || Math.abs(target) > Math.abs(position);
    if (side === 0) {
      this.#stop = Number.NaN;
    } else if (grows || side !== this.#stopSide) {
      const stop = this.#params.stop;
      if (stop.kind === 'percent') this.#stop = price * (1 - side * stop.value);
      else if (stop.kind === 'atr') {
        // No ATR yet (its worker is warming up): no stop rather than a made-up one.
        const atr = this.#services.context.get(this.#volatility!)?.atr ?? Number.NaN;
        this.#stop = price - side * stop.value * atr;
      } else this.#stop = Number.NaN;
    }
    this.#stopSide = side;
    return this.#stop;
  }
}

function planReason(signal: OpportunitySignal | undefined, threat: ThreatSignal | undefined): string {
  if (signal === undefined) return threat!.reason;
  return threat === undefined ? signal.reason : `${signal.reason}; ${threat.action}: ${threat.reason}`;
}

export const positionSizingWorker: WorkerDefinition<PositionSizingParams> = {
  type: 'position_sizing',
  kind: 'planning',
  description:
    'Turns opportunity signals and threats into a target position sized from equity (or in DCA units), with an optional percent or ATR stop.',
  params: positionSizingParams,
  create: (name, params, services) => new PositionSizing(name, params, services),
};
