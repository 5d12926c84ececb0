/**
 * fvg_entry: an opportunity worker that enters when price trades back into an open fair value
 * gap (the ICT/SMC "return to imbalance"), optionally only in the direction of the market
 * structure, and exits when price trades into an opposing gap or the structure changes
 * character downwards.
 */
import { z } from 'zod';
import type { DtoSlot } from '../../context/dto-type.js';
import { FairValueGaps, MarketStructure, type FairValueGap, type FairValueGapReading, type MarketStructureReading } from '../context-dtos.js';
import { Opportunity, type OpportunitySignal } from '../signals.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';

const fvgEntryParams = z.strictObject({
  /** Only buy while MarketStructure's trend is up (and only sell short while it is down). */
  structureFilter: z.boolean().default(true),
  /** Exits become short entries (`sell`) rather than only going flat (`close`). */
  allowShort: z.boolean().default(false),
  /** Label of the FairValueGaps DTO to read (unlabelled by default). */
  gaps: z.string().min(1).optional(),
  /** Label of the MarketStructure DTO to read (unlabelled by default). */
  structure: z.string().min(1).optional(),
});
export type FvgEntryParams = z.output<typeof fvgEntryParams>;

/** Remembered gap times are pruned past this many, keeping only gaps still open. */
const MAX_REMEMBERED_GAPS = 256;

class FvgEntry implements TradingWorker {
  readonly kind = 'opportunity' as const;
  readonly #services: WorkerServices;
  readonly #gaps: DtoSlot<FairValueGapReading>;
  readonly #structure: DtoSlot<MarketStructureReading> | undefined;
  readonly #out: DtoSlot<OpportunitySignal>;
  readonly #allowShort: boolean;
  readonly #buy: OpportunitySignal;
  readonly #exitIntoGap: OpportunitySignal;
  readonly #exitOnChoch: OpportunitySignal;
  readonly #shortIntoGap: OpportunitySignal;
  readonly #shortOnChoch: OpportunitySignal;
  /** Times of the gaps that already gave a signal: each gap is traded at most once. */
  readonly #usedBullish = new Set<number>();
  readonly #usedBearish = new Set<number>();

  constructor(
    readonly name: string,
    params: FvgEntryParams,
    services: WorkerServices,
  ) {
    this.#services = services;
    this.#allowShort = params.allowShort;
    this.#gaps = services.context.declareInput(name, FairValueGaps, params.gaps);
    this.#structure = params.structureFilter ? services.context.declareInput(name, MarketStructure, params.structure) : undefined;
    this.#out = services.context.declareOutput(name, Opportunity, name);
    this.#buy = Object.freeze({ side: 'buy', strength: 1, reason: `${name}: price returned into a bullish fair value gap` });
    this.#exitIntoGap = Object.freeze({ side: 'close', strength: 1, reason: `${name}: price returned into a bearish fair value gap` });
    this.#exitOnChoch = Object.freeze({ side: 'close', strength: 1, reason: `${name}: market structure changed character downwards` });
    this.#shortIntoGap = Object.freeze({ side: 'sell', strength: 1, reason: this.#exitIntoGap.reason });
    this.#shortOnChoch = Object.freeze({ side: 'sell', strength: 1, reason: this.#exitOnChoch.reason });
  }

  onBar(): void {
    const { context, bars } = this.#services;
    const reading = context.get(this.#gaps);
    const structure = this.#structure === undefined ? undefined : context.get(this.#structure);
    // With the filter on, no structure yet (warming up) means no trend to trade with.
    const filtered = this.#structure !== undefined;
    const trend = structure === undefined ? 'none' : structure.trend;
    const longAllowed = !filtered || trend === 'up';
    const shortAllowed = this.#allowShort && (!filtered || trend === 'down');

    let enteredBullish = false;
    let enteredBearish = false;
    if (reading !== undefined) {
      const low = bars.low(0);
      const high = bars.high(0);
      const close = bars.close(0);
      const open = reading.open;
      for (let i = 0; i < open.length; i++) {
        const gap = open[i]!;
        if (gap.direction === 'bullish') {
          if (longAllowed && low <= gap.top && close >= gap.bottom && !this.#usedBullish.has(gap.time)) {
            this.#remember(this.#usedBullish, gap.time, open);
            enteredBullish = true;
          }
        } else if (high >= gap.bottom && close <= gap.top && !this.#usedBearish.has(gap.time)) {
          this.#remember(this.#usedBearish, gap.time, open);
          enteredBearish = true;
        }
      }
    }
    // Getting out is preferred to getting in when one bar says both.
    if (enteredBearish) context.set(this.#out, shortAllowed ? this.#shortIntoGap : this.#exitIntoGap);
    else if (structure?.event === 'choch_down') context.set(this.#out, shortAllowed ? this.#shortOnChoch : this.#exitOnChoch);
    else if (enteredBullish) context.set(this.#out, this.#buy);
  }

  /** Marks a gap as used; past the bound, forgets gaps older than the oldest still open. */
  #remember(used: Set<number>, time: number, open: readonly FairValueGap[]): void {
    used.add(time);
    if (used.size <= MAX_REMEMBERED_GAPS) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const gap of open) oldest = Math.min(oldest, gap.time);
    for (const t of used) if (t < oldest) used.delete(t);
  }
}

export const fvgEntryWorker: WorkerDefinition<FvgEntryParams> = {
  type: 'fvg_entry',
  kind: 'opportunity',
  description:
    'Buys when the bar trades back into an open bullish fair value gap (with the market structure trend, if filtered); exits (or sells short) into a bearish gap or on a change of character down.',
  params: fvgEntryParams,
  create: (name, params, services) => new FvgEntry(name, params, services),
};
