/**
 * Fair value gaps: three-bar imbalances. With the current bar at back 0:
 *   - bullish when low[0] > high[2]: the zone [high[2], low[0]] was never traded in the middle
 *     bar's move up; it is filled (and dropped) once a later bar's low reaches its bottom;
 *   - bearish when high[0] < low[2]: the zone [high[0], low[2]]; filled once a high reaches its top.
 * Only gaps at least `minGapFraction` of the current close tall count. At most `maxOpen` gaps are
 * kept (the oldest is dropped). Fills are checked before a new gap is added, so a gap never
 * fills on the bar that forms it. Published from the third bar on.
 *
 * Readings are immutable and cheap: a new reading (and list) is made only when a gap forms or
 * fills, or when the previous reading's `formed` must be cleared; otherwise the same object is
 * set again. Two bounds (the highest bullish bottom, the lowest bearish top) make the "did
 * anything fill?" test O(1) on the bars where nothing does.
 */
import { z } from 'zod';
import type { TradingContextProvider } from '../../context/trading-context-provider.js';
import type { DtoSlot } from '../../context/dto-type.js';
import type { BarHistory } from '../../market/bar-history.js';
import { FairValueGaps, type FairValueGap, type FairValueGapReading } from '../context-dtos.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { outputLabel } from './context-params.js';

export const fairValueGapParams = z.strictObject({
  maxOpen: z.int().min(1).max(10_000).default(20),
  /** Minimum height of a gap as a fraction of the close (0.001 = 0.1 %). */
  minGapFraction: z.number().min(0).lt(1).default(0),
  output: outputLabel,
});
export type FairValueGapParams = z.infer<typeof fairValueGapParams>;

const NO_GAPS: readonly FairValueGap[] = Object.freeze([]);

class FairValueGapWorker implements TradingWorker {
  readonly kind = 'context';
  readonly name: string;
  readonly #context: TradingContextProvider;
  readonly #bars: BarHistory;
  readonly #slot: DtoSlot<FairValueGapReading>;
  readonly #maxOpen: number;
  readonly #minGapFraction: number;
  #reading: FairValueGapReading = { open: NO_GAPS, formed: undefined };
  /** Highest bottom of the open bullish gaps (−∞ if none): a low at or below it fills one. */
  #bullishReach = Number.NEGATIVE_INFINITY;
  /** Lowest top of the open bearish gaps (+∞ if none): a high at or above it fills one. */
  #bearishReach = Number.POSITIVE_INFINITY;
  #seen = 0;
  #highOneBack = Number.NaN;
  #lowOneBack = Number.NaN;
  #highTwoBack = Number.NaN;
  #lowTwoBack = Number.NaN;

  constructor(name: string, params: FairValueGapParams, services: WorkerServices) {
    this.name = name;
    this.#context = services.context;
    this.#bars = services.bars;
    this.#slot = services.context.declareOutput(name, FairValueGaps, params.output);
    this.#maxOpen = params.maxOpen;
    this.#minGapFraction = params.minGapFraction;
  }

  onBar(): void {
    const bars = this.#bars;
    const high = bars.high(0);
    const low = bars.low(0);
    // The two bars before this one, kept here so a bar costs two history reads, not six.
    const highTwoBack = this.#highTwoBack;
    const lowTwoBack = this.#lowTwoBack;
    this.#highTwoBack = this.#highOneBack;
    this.#lowTwoBack = this.#lowOneBack;
    this.#highOneBack = high;
    this.#lowOneBack = low;
    if (++this.#seen < 3) return;

    let open = this.#reading.open;
    let changed = false;
    if (low <= this.#bullishReach || high >= this.#bearishReach) {
      open = open.filter((gap) => (gap.direction === 'bullish' ? low > gap.bottom : high < gap.top));
      changed = open.length !== this.#reading.open.length;
    }

    let formed: FairValueGap | undefined;
    if (low > highTwoBack) {
      if (low - highTwoBack >= this.#minGapFraction * bars.close(0)) formed = { direction: 'bullish', top: low, bottom: highTwoBack, time: bars.time(1) };
    } else if (high < lowTwoBack) {
      if (lowTwoBack - high >= this.#minGapFraction * bars.close(0)) formed = { direction: 'bearish', top: lowTwoBack, bottom: high, time: bars.time(1) };
    }
    if (formed !== undefined) {
      const next = open.slice(open.length >= this.#maxOpen ? open.length - this.#maxOpen + 1 : 0);
      next.push(formed);
      open = next;
      changed = true;
    }

    if (changed) {
      this.#reading = { open, formed };
      this.#updateReach(open);
    } else if (this.#reading.formed !== undefined) {
      this.#reading = { open, formed: undefined };
    }
    this.#context.set(this.#slot, this.#reading);
  }

  #updateReach(open: readonly FairValueGap[]): void {
    let bullish = Number.NEGATIVE_INFINITY;
    let bearish = Number.POSITIVE_INFINITY;
    for (const gap of open) {
      if (gap.direction === 'bullish') bullish = Math.max(bullish, gap.bottom);
      else bearish = Math.min(bearish, gap.top);
    }
    this.#bullishReach = bullish;
    this.#bearishReach = bearish;
  }
}

export const fairValueGapWorker: WorkerDefinition<FairValueGapParams> = {
  type: 'fair_value_gap',
  kind: 'context',
  description: 'Fair value gaps (three-bar imbalances) still open, and the one formed on this bar; at most `maxOpen` kept.',
  params: fairValueGapParams,
  create: (name, params, services) => new FairValueGapWorker(name, params, services),
};
