/**
 * Liquidity zones: price levels where stops cluster. Swing highs (confirmed pivots with
 * `swingLength` bars each side) within `tolerance` of each other form a buy-side level (buy
 * stops of shorts rest above equal highs); swing lows form sell-side levels. A level counts
 * once it has `minTouches` swings. `swept` is 'buy_side' on a bar whose high goes above a
 * buy-side level and closes back below it (a stop run that failed); that level is removed, as
 * is one the bar closes above (taken). Symmetrically for the sell side. If one bar sweeps
 * both sides, 'buy_side' is reported. See LiquidityBook for the clustering and the bounds.
 *
 * Published from bar 2 × swingLength + 1 on. Readings are immutable: a new one is made only
 * when the zones change or a sweep is reported or cleared; otherwise the same object is set.
 */
import { z } from 'zod';
import type { TradingContextProvider } from '../../context/trading-context-provider.js';
import type { DtoSlot } from '../../context/dto-type.js';
import type { BarHistory } from '../../market/bar-history.js';
import { LiquidityZones, type LiquidityZonesReading } from '../context-dtos.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { outputLabel } from './context-params.js';
import { LiquidityBook } from './liquidity-book.js';
import { SwingDetector } from './swing-detector.js';

export const liquidityZonesParams = z.strictObject({
  swingLength: z.int().min(1).max(500).default(3),
  /** Swings within this fraction of a level join it (0.001 = 0.1 %). */
  tolerance: z.number().min(0).lt(1).default(0.001),
  minTouches: z.int().min(1).max(1000).default(2),
  /** Most zones kept per side (and as many candidate clusters); the stalest go first. */
  maxZones: z.int().min(1).max(1000).default(10),
  output: outputLabel,
});
export type LiquidityZonesParams = z.infer<typeof liquidityZonesParams>;

const NONE: readonly number[] = Object.freeze([]);

class LiquidityZonesWorker implements TradingWorker {
  readonly kind = 'context';
  readonly name: string;
  readonly #context: TradingContextProvider;
  readonly #bars: BarHistory;
  readonly #slot: DtoSlot<LiquidityZonesReading>;
  readonly #swings: SwingDetector;
  readonly #buySide: LiquidityBook;
  /** Sell side over mirrored prices (−low, −close): see LiquidityBook. */
  readonly #sellSide: LiquidityBook;
  #reading: LiquidityZonesReading = { buySide: NONE, sellSide: NONE, swept: undefined };
  #bar = 0;

  constructor(name: string, params: LiquidityZonesParams, services: WorkerServices) {
    this.name = name;
    this.#context = services.context;
    this.#bars = services.bars;
    this.#slot = services.context.declareOutput(name, LiquidityZones, params.output);
    this.#swings = new SwingDetector(params.swingLength);
    this.#buySide = new LiquidityBook(params.tolerance, params.minTouches, params.maxZones);
    this.#sellSide = new LiquidityBook(params.tolerance, params.minTouches, params.maxZones);
  }

  onBar(): void {
    const bars = this.#bars;
    const high = bars.high(0);
    const low = bars.low(0);
    const close = bars.close(0);
    const bar = ++this.#bar;

    const buy = this.#buySide.cross(high, close);
    const sell = this.#sellSide.cross(-low, -close);
    let buyChanged = buy !== 0;
    let sellChanged = sell !== 0;

    const swings = this.#swings;
    swings.push(high, low);
    if (!Number.isNaN(swings.swingHigh) && this.#buySide.addSwing(swings.swingHigh, bar)) buyChanged = true;
    if (!Number.isNaN(swings.swingLow) && this.#sellSide.addSwing(-swings.swingLow, bar)) sellChanged = true;
    if (!swings.ready) return;

    const swept = buy === 2 ? 'buy_side' : sell === 2 ? 'sell_side' : undefined;
    const before = this.#reading;
    if (buyChanged || sellChanged || swept !== before.swept) {
      this.#reading = {
        buySide: buyChanged ? this.#buySide.levels() : before.buySide,
        sellSide: sellChanged ? this.#sellSide.levels().map((level) => -level) : before.sellSide,
        swept,
      };
    }
    this.#context.set(this.#slot, this.#reading);
  }
}

export const liquidityZonesWorker: WorkerDefinition<LiquidityZonesParams> = {
  type: 'liquidity_zones',
  kind: 'context',
  description:
    'Liquidity zones: clustered swing highs (buy side) and lows (sell side) with at least `minTouches` swings, nearest first, and sweeps of them.',
  params: liquidityZonesParams,
  create: (name, params, services) => new LiquidityZonesWorker(name, params, services),
};
