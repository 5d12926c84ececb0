import { defineDto } from '../context/dto-type.js';

/** The DTOs context workers produce: the market as one strategy sees it in one tick. */

/** A moving average's value (labelled by the worker's output name: `fast`, `slow`). */
export const MovingAverage = defineDto<number>('MovingAverage');

export interface VolatilityReading {
  /** Average true range (Wilder), in price units. */
  readonly atr: number;
  /** ATR as a fraction of the close. */
  readonly atrFraction: number;
  /** Standard deviation of log returns over the worker's window (per bar). */
  readonly returnStdev: number;
}
export const Volatility = defineDto<VolatilityReading>('Volatility');

export type RegimeName = 'trending_up' | 'trending_down' | 'ranging' | 'volatile';
export interface MarketRegimeReading {
  readonly regime: RegimeName;
  /** 0..1. */
  readonly confidence: number;
}
export const MarketRegime = defineDto<MarketRegimeReading>('MarketRegime');

/** A three-bar imbalance: price gapped past a bar, leaving a zone not traded through. */
export interface FairValueGap {
  readonly direction: 'bullish' | 'bearish';
  /** Upper and lower bounds of the zone. */
  readonly top: number;
  readonly bottom: number;
  /** Time of the middle bar. */
  readonly time: number;
}
export interface FairValueGapReading {
  /** Gaps not yet filled, newest last (bounded by the worker's `maxOpen`). */
  readonly open: readonly FairValueGap[];
  /** A gap that formed on this bar, if any. */
  readonly formed: FairValueGap | undefined;
}
export const FairValueGaps = defineDto<FairValueGapReading>('FairValueGaps');

export interface MarketStructureReading {
  readonly trend: 'up' | 'down' | 'none';
  /** Break of structure (continuation) or change of character (reversal) confirmed on this bar. */
  readonly event: 'bos_up' | 'bos_down' | 'choch_up' | 'choch_down' | undefined;
  readonly lastSwingHigh: number;
  readonly lastSwingLow: number;
}
export const MarketStructure = defineDto<MarketStructureReading>('MarketStructure');

export interface LiquidityZonesReading {
  /** Levels of clustered swing highs above the price (resting buy stops), nearest first. */
  readonly buySide: readonly number[];
  /** Levels of clustered swing lows below the price (resting sell stops), nearest first. */
  readonly sellSide: readonly number[];
  /** A zone swept (traded through and closed back) on this bar. */
  readonly swept: 'buy_side' | 'sell_side' | undefined;
}
export const LiquidityZones = defineDto<LiquidityZonesReading>('LiquidityZones');
