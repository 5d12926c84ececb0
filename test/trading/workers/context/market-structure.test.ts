import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../../src/trading/market/bar-series.js';
import { MarketStructure, type MarketStructureReading } from '../../../../src/trading/workers/context-dtos.js';
import { marketStructureWorker } from '../../../../src/trading/workers/context/market-structure.js';
import { barsFrom, drive, firstDefined, loadBars } from './context-harness.js';

const keep = (v: MarketStructureReading | undefined) => v;

/** Swing length 2. Bar 2 is a swing high (13), bar 5 a swing low (9.5), bar 7 a swing high (14), bar 11 a swing low (8.5). */
const opening = [
  [10, 9, 9.5],
  [11, 10, 10.5],
  [13, 11, 12], // swing high 13, confirmed on bar 4
  [12, 10.5, 11],
  [11.5, 10, 10.5],
  [12, 9.5, 11], // swing low 9.5, confirmed on bar 7
  [13.5, 11, 13.2], // closes above 13: bos_up (no trend before)
  [14, 12, 13.8], // swing high 14, confirmed on bar 9
  [13.9, 12.5, 13],
  [13.5, 12, 12.5],
  [13, 9, 9.2], // closes below 9.5 while up: choch_down
  [10, 8.5, 9], // below 9.5 again: no second event; swing low 8.5, confirmed on bar 13
  [12, 9.5, 11.5],
  [12.5, 10, 12],
] as const;

describe('market_structure worker', () => {
  it('reports break of structure and change of character on a constructed sequence', () => {
    const up = barsFrom([...opening, [14.5, 12, 14.2], [15, 13, 14.8]]); // bar 14 closes above 14 while down
    const readings = drive(marketStructureWorker, { swingLength: 2 }, up, MarketStructure, undefined, keep);
    expect(firstDefined(readings)).toBe(4);
    expect(readings[4]).toEqual({ trend: 'none', event: undefined, lastSwingHigh: 13, lastSwingLow: Number.NaN });
    expect(readings[6]).toEqual({ trend: 'up', event: 'bos_up', lastSwingHigh: 13, lastSwingLow: Number.NaN });
    expect(readings[7]).toEqual({ trend: 'up', event: undefined, lastSwingHigh: 13, lastSwingLow: 9.5 });
    expect(readings[8]).toBe(readings[7]); // nothing changed: the same reading again
    expect(readings[9]!.lastSwingHigh).toBe(14);
    expect(readings[10]).toEqual({ trend: 'down', event: 'choch_down', lastSwingHigh: 14, lastSwingLow: 9.5 });
    expect(readings[11]!.event).toBeUndefined(); // each level breaks once
    expect(readings[13]!.lastSwingLow).toBe(8.5);
    expect(readings[14]).toEqual({ trend: 'up', event: 'choch_up', lastSwingHigh: 14, lastSwingLow: 8.5 });
    expect(readings[15]!.event).toBeUndefined();
    expect(readings.map((r) => r?.event).filter((e) => e !== undefined)).toEqual(['bos_up', 'choch_down', 'choch_up']);

    const down = barsFrom([...opening, [12, 8, 8.2]]); // bar 14 closes below 8.5 while down
    const more = drive(marketStructureWorker, { swingLength: 2 }, down, MarketStructure, undefined, keep);
    expect(more[14]).toEqual({ trend: 'down', event: 'bos_down', lastSwingHigh: 14, lastSwingLow: 8.5 });
  });

  it('agrees with a naive pivot scan and replay on GOOG', () => {
    const bars = loadBars('GOOG-daily-2004-2013.csv');
    const L = 3;
    const readings = drive(marketStructureWorker, {}, bars, MarketStructure, undefined, keep);
    const expected = naiveStructure(bars, L);
    expect(firstDefined(readings)).toBe(2 * L);
    readings.forEach((reading, i) => expect(reading).toEqual(expected[i]));
    const events = readings.map((r) => r?.event).filter((e) => e !== undefined);
    for (const kind of ['bos_up', 'bos_down', 'choch_up', 'choch_down']) expect(events).toContain(kind);
  });

  it('refuses swingLength 0 and unknown keys', () => {
    expect(marketStructureWorker.params.parse({})).toEqual({ swingLength: 3 });
    expect(marketStructureWorker.params.safeParse({ swingLength: 0 }).success).toBe(false);
    expect(marketStructureWorker.params.safeParse({ pivot: 3 }).success).toBe(false);
  });
});

/** Whole-array pivot scan (strictly above the L bars before, not below the L after), then the documented rules. */
function naiveStructure(bars: readonly Bar[], L: number): (MarketStructureReading | undefined)[] {
  const isPivot = (j: number, field: 'high' | 'low'): boolean => {
    const sign = field === 'high' ? 1 : -1;
    const v = sign * bars[j]![field];
    for (let k = j - L; k < j; k++) if (sign * bars[k]![field] >= v) return false;
    for (let k = j + 1; k <= j + L; k++) if (sign * bars[k]![field] > v) return false;
    return true;
  };
  let trend: 'up' | 'down' | 'none' = 'none';
  let high = Number.NaN;
  let low = Number.NaN;
  let highBroken = false;
  let lowBroken = false;
  return bars.map((bar, i) => {
    if (i < 2 * L) return undefined;
    const j = i - L;
    if (isPivot(j, 'high')) [high, highBroken] = [bars[j]!.high, false];
    if (isPivot(j, 'low')) [low, lowBroken] = [bars[j]!.low, false];
    let event: MarketStructureReading['event'];
    if (!highBroken && bar.close > high) {
      event = trend === 'down' ? 'choch_up' : 'bos_up';
      [trend, highBroken] = ['up', true];
    } else if (!lowBroken && bar.close < low) {
      event = trend === 'up' ? 'choch_down' : 'bos_down';
      [trend, lowBroken] = ['down', true];
    }
    return { trend, event, lastSwingHigh: high, lastSwingLow: low };
  });
}
