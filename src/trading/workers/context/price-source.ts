/**
 * Which price of a bar an indicator follows. The choice is resolved once, when the worker is
 * made, to a small integer, so the per-bar read is a switch on a number rather than a lookup.
 */
import { z } from 'zod';
import type { BarHistory } from '../../market/bar-history.js';

export const PRICE_SOURCES = ['close', 'open', 'high', 'low', 'hl2'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

export const priceSourceSchema = z.enum(PRICE_SOURCES);

/** The index of `source` in {@link PRICE_SOURCES}, for {@link readPrice}. */
export function priceSourceCode(source: PriceSource): number {
  return PRICE_SOURCES.indexOf(source);
}

/** The current bar's price for a source code from {@link priceSourceCode}. */
export function readPrice(bars: BarHistory, code: number): number {
  switch (code) {
    case 0:
      return bars.close(0);
    case 1:
      return bars.open(0);
    case 2:
      return bars.high(0);
    case 3:
      return bars.low(0);
    default:
      return (bars.high(0) + bars.low(0)) / 2;
  }
}
