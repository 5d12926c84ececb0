/**
 * Market regime classifier, self-contained (it needs no other worker's DTO). Every bar it keeps
 *   - a fast and a slow simple moving average of the close (`fast`, `slow` bars),
 *   - σ: the sample stdev of log close-to-close returns over `volatilityWindow` returns,
 *   - σ̄: the mean of σ over the last `slow` bars (its own long average),
 * and classifies, first rule that holds:
 *   1. volatile       when σ ≥ volatilityThreshold × σ̄;
 *   2. trending_up    when spread = (fastMA − slowMA) / slowMA > trendThreshold;
 *   3. trending_down  when spread < −trendThreshold;
 *   4. ranging        otherwise.
 * Confidence is how far the reading is past the boundary of its rule, 0 at the boundary and
 * towards 1 far from it: volatile 1 − threshold·σ̄/σ; trending 1 − trendThreshold/|spread|;
 * ranging 1 − |spread|/trendThreshold (1 when the averages agree; 1 if trendThreshold is 0).
 * Published from the first bar on which σ̄ covers `slow` values (volatilityWindow + slow bars).
 *
 * The reading is ONE object per worker, updated in place every bar (no allocation per bar);
 * like every DTO it is valid for the tick it was set in.
 */
import { z } from 'zod';
import type { TradingContextProvider } from '../../context/trading-context-provider.js';
import type { DtoSlot } from '../../context/dto-type.js';
import type { BarHistory } from '../../market/bar-history.js';
import { MarketRegime, type MarketRegimeReading } from '../context-dtos.js';
import type { TradingWorker, WorkerDefinition, WorkerServices } from '../trading-worker.js';
import { barCount, outputLabel } from './context-params.js';
import { RollingSum } from './rolling-sum.js';
import { RollingVariance } from './rolling-variance.js';

export const regimeParams = z
  .strictObject({
    fast: barCount(1, 20),
    slow: barCount(2, 50),
    volatilityWindow: barCount(2, 20),
    /** σ as a multiple of its long average from which the market is called volatile. */
    volatilityThreshold: z.number().positive().default(2),
    /** Relative spread of the averages beyond which the market is trending. */
    trendThreshold: z.number().min(0).default(0.001),
    output: outputLabel,
  })
  .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow', path: ['fast'] });
export type RegimeParams = z.infer<typeof regimeParams>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

class RegimeWorker implements TradingWorker {
  readonly kind = 'context';
  readonly name: string;
  readonly #context: TradingContextProvider;
  readonly #bars: BarHistory;
  readonly #slot: DtoSlot<MarketRegimeReading>;
  readonly #fast: RollingSum;
  readonly #slow: RollingSum;
  readonly #returns: RollingVariance;
  readonly #volatilityMean: RollingSum;
  readonly #volatilityThreshold: number;
  readonly #trendThreshold: number;
  readonly #reading: Mutable<MarketRegimeReading> = { regime: 'ranging', confidence: 0 };
  #previousClose = Number.NaN;

  constructor(name: string, params: RegimeParams, services: WorkerServices) {
    this.name = name;
    this.#context = services.context;
    this.#bars = services.bars;
    this.#slot = services.context.declareOutput(name, MarketRegime, params.output);
    this.#fast = new RollingSum(params.fast);
    this.#slow = new RollingSum(params.slow);
    this.#returns = new RollingVariance(params.volatilityWindow);
    this.#volatilityMean = new RollingSum(params.slow);
    this.#volatilityThreshold = params.volatilityThreshold;
    this.#trendThreshold = params.trendThreshold;
  }

  onBar(): void {
    const close = this.#bars.close(0);
    const previous = this.#previousClose;
    this.#previousClose = close;
    this.#fast.push(close);
    this.#slow.push(close);
    if (Number.isNaN(previous)) return;
    const returns = this.#returns;
    returns.push(Math.log(close / previous));
    if (!returns.full) return;
    const sigma = returns.stdev;
    const longRun = this.#volatilityMean;
    longRun.push(sigma);
    if (!longRun.full) return;

    const reading = this.#reading;
    const sigmaBar = longRun.sum / longRun.length;
    const ratio = sigmaBar > 0 ? sigma / sigmaBar : 0;
    const threshold = this.#volatilityThreshold;
    if (ratio >= threshold) {
      reading.regime = 'volatile';
      reading.confidence = 1 - threshold / ratio;
    } else {
      const slow = this.#slow.sum / this.#slow.length;
      const spread = (this.#fast.sum / this.#fast.length - slow) / slow;
      const trend = this.#trendThreshold;
      const size = Math.abs(spread);
      if (size > trend) {
        reading.regime = spread > 0 ? 'trending_up' : 'trending_down';
        reading.confidence = 1 - trend / size;
      } else {
        reading.regime = 'ranging';
        reading.confidence = trend > 0 ? 1 - size / trend : 1;
      }
    }
    this.#context.set(this.#slot, reading);
  }
}

export const regimeWorker: WorkerDefinition<RegimeParams> = {
  type: 'regime',
  kind: 'context',
  description:
    'Market regime (trending_up, trending_down, ranging, volatile) from a fast/slow SMA spread and return volatility against its own long average.',
  params: regimeParams,
  create: (name, params, services) => new RegimeWorker(name, params, services),
};
