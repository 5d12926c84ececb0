/**
 * dca_schedule: dollar-cost averaging as an opportunity worker. Adds one sizing unit every
 * `everyBars` bars (double when the price has dipped well below the average entry), can skip
 * buys in a falling or volatile market, and can take profit over the average entry.
 */
import { z } from 'zod';
import type { DtoSlot } from '../../context/dto-type.js';
import { MarketRegime, type MarketRegimeReading } from '../context-dtos.js';
import { Opportunity, type OpportunitySignal } from '../signals.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';

const dcaScheduleParams = z.strictObject({
  /** Bars between scheduled buys; the first buy is on the first bar (1440 one-minute bars = daily). */
  everyBars: z.int().min(1).default(1440),
  /** A scheduled buy is doubled when the close is at least this fraction below the average entry price. */
  dipFraction: z.number().min(0).max(1).default(0.05),
  /** Skip scheduled buys while MarketRegime says `trending_down` or `volatile`. */
  regimeFilter: z.boolean().default(false),
  /** Label of the MarketRegime DTO to read when filtering (unlabelled by default). */
  regime: z.string().min(1).optional(),
  /** 0 = never sell; else close the position once the price is this fraction above the average entry. */
  takeProfit: z.number().min(0).default(0),
});
export type DcaScheduleParams = z.output<typeof dcaScheduleParams>;

/**
 * Relative slack so a price exactly at a threshold counts despite binary rounding
 * (100 × 1.1 is 110.00000000000001, so a close of 110 would otherwise miss a 10% take-profit).
 */
const ROUNDING_SLACK = 1e-12;

class DcaSchedule implements TradingWorker {
  readonly kind = 'opportunity' as const;
  readonly #services: WorkerServices;
  readonly #everyBars: number;
  /** 1 − dipFraction: the close-to-average ratio at or under which a buy is doubled. */
  readonly #dipRatio: number;
  /** 1 + takeProfit, or NaN when taking profit is off (NaN compares false, so it never fires). */
  readonly #profitRatio: number;
  readonly #regime: DtoSlot<MarketRegimeReading> | undefined;
  readonly #out: DtoSlot<OpportunitySignal>;
  readonly #buy: OpportunitySignal;
  readonly #buyDip: OpportunitySignal;
  readonly #takeProfit: OpportunitySignal;
  /** Bars seen by this worker; a worker counts its own so the cadence does not depend on other assets' ticks. */
  #bars = 0;

  constructor(
    readonly name: string,
    params: DcaScheduleParams,
    services: WorkerServices,
  ) {
    this.#services = services;
    this.#everyBars = params.everyBars;
    this.#dipRatio = (1 - params.dipFraction) * (1 + ROUNDING_SLACK);
    this.#profitRatio = params.takeProfit > 0 ? (1 + params.takeProfit) * (1 - ROUNDING_SLACK) : Number.NaN;
    this.#regime = params.regimeFilter ? services.context.declareInput(name, MarketRegime, params.regime) : undefined;
    this.#out = services.context.declareOutput(name, Opportunity, name);
    this.#buy = Object.freeze({ side: 'buy', strength: 1, mode: 'add', reason: `${name}: scheduled buy` });
    this.#buyDip = Object.freeze({
      side: 'buy',
      strength: 2,
      mode: 'add',
      reason: `${name}: scheduled buy, doubled on a ${params.dipFraction * 100}% dip below the average entry`,
    });
    this.#takeProfit = Object.freeze({
      side: 'close',
      strength: 1,
      reason: `${name}: price ${params.takeProfit * 100}% above the average entry`,
    });
  }

  onBar(): void {
    const { context, account } = this.#services;
    const scheduled = this.#bars % this.#everyBars === 0;
    this.#bars++;
    const price = context.price;
    const held = account.position > 0;
    const average = account.averagePrice;

    // Taking profit is checked on every bar, not only on schedule, and wins over a buy.
    if (held && price >= average * this.#profitRatio) {
      context.set(this.#out, this.#takeProfit);
      return;
    }
    if (!scheduled) return;
    if (this.#regime !== undefined) {
      // An unknown regime (its worker still warming up) does not block: only a known bad one does.
      const regime = context.get(this.#regime)?.regime;
      if (regime === 'trending_down' || regime === 'volatile') return;
    }
    context.set(this.#out, held && price <= average * this.#dipRatio ? this.#buyDip : this.#buy);
  }
}

export const dcaScheduleWorker: WorkerDefinition<DcaScheduleParams> = {
  type: 'dca_schedule',
  kind: 'opportunity',
  description:
    'Adds one sizing unit every N bars (two on a dip below the average entry), optionally skipping falling or volatile markets and taking profit over the average entry.',
  params: dcaScheduleParams,
  create: (name, params, services) => new DcaSchedule(name, params, services),
};
