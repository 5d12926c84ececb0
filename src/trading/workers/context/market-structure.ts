/**
 * Market structure from confirmed swing points (a pivot needs `swingLength` bars on each side,
 * so it is known `swingLength` bars after it happened; see SwingDetector).
 *
 * A close above the last swing high breaks it: `bos_up` (break of structure, continuation)
 * when the trend was up or none, `choch_up` (change of character) when it was down; the trend
 * becomes up. Symmetrically a close below the last swing low gives `bos_down` / `choch_down`
 * and a down trend. Each swing level breaks once: until a new swing high is confirmed, closes
 * further above do not repeat the event. If one bar closes past both levels (only possible when
 * the last swing low sits above the last swing high), the upward break is the one reported.
 *
 * Published from bar 2 × swingLength + 1 on, the first on which a pivot can be confirmed; a
 * swing level is NaN until the first one of its side is. Readings are immutable: a new one is
 * made only when a level, the trend or the event changes (the bar after an event clears it).
 */
import { z } from 'zod';
import type { TradingContextProvider } from '../../context/trading-context-provider.js';
import type { DtoSlot } from '../../context/dto-type.js';
import type { BarHistory } from '../../market/bar-history.js';
import { MarketStructure, type MarketStructureReading } from '../context-dtos.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { outputLabel } from './context-params.js';
import { SwingDetector } from './swing-detector.js';

export const marketStructureParams = z.strictObject({
  /** Bars on each side a swing high or low must dominate. */
  swingLength: z.int().min(1).max(500).default(3),
  output: outputLabel,
});
export type MarketStructureParams = z.infer<typeof marketStructureParams>;

class MarketStructureWorker implements TradingWorker {
  readonly kind = 'context';
  readonly name: string;
  readonly #context: TradingContextProvider;
  readonly #bars: BarHistory;
  readonly #slot: DtoSlot<MarketStructureReading>;
  readonly #swings: SwingDetector;
  #reading: MarketStructureReading = { trend: 'none', event: undefined, lastSwingHigh: Number.NaN, lastSwingLow: Number.NaN };
  #highBroken = false;
  #lowBroken = false;

  constructor(name: string, params: MarketStructureParams, services: WorkerServices) {
    this.name = name;
    this.#context = services.context;
    this.#bars = services.bars;
    this.#slot = services.context.declareOutput(name, MarketStructure, params.output);
    this.#swings = new SwingDetector(params.swingLength);
  }

  onBar(): void {
    const bars = this.#bars;
    const swings = this.#swings;
    swings.push(bars.high(0), bars.low(0));
    if (!swings.ready) return;

    const before = this.#reading;
    let { trend, lastSwingHigh, lastSwingLow } = before;
    let changed = before.event !== undefined;
    if (!Number.isNaN(swings.swingHigh)) {
      lastSwingHigh = swings.swingHigh;
      this.#highBroken = false;
      changed = true;
    }
    if (!Number.isNaN(swings.swingLow)) {
      lastSwingLow = swings.swingLow;
      this.#lowBroken = false;
      changed = true;
    }

    // Comparisons with NaN are false, so an unknown level never breaks.
    const close = bars.close(0);
    let event: MarketStructureReading['event'];
    if (!this.#highBroken && close > lastSwingHigh) {
      event = trend === 'down' ? 'choch_up' : 'bos_up';
      trend = 'up';
      this.#highBroken = true;
    } else if (!this.#lowBroken && close < lastSwingLow) {
      event = trend === 'up' ? 'choch_down' : 'bos_down';
      trend = 'down';
      this.#lowBroken = true;
    }
    if (changed || event !== undefined) this.#reading = { trend, event, lastSwingHigh, lastSwingLow };
    this.#context.set(this.#slot, this.#reading);
  }
}

export const marketStructureWorker: WorkerDefinition<MarketStructureParams> = {
  type: 'market_structure',
  kind: 'context',
  description:
    'Market structure from confirmed swing highs and lows: trend, and breaks of structure (bos) or changes of character (choch) on closes past them.',
  params: marketStructureParams,
  create: (name, params, services) => new MarketStructureWorker(name, params, services),
};
