import { describe, expect, it } from 'vitest';
import { FairValueGaps, type FairValueGapReading } from '../../../../src/trading/workers/context-dtos.js';
import { fairValueGapWorker } from '../../../../src/trading/workers/context/fair-value-gap.js';
import { barsFrom, drive, firstDefined, loadBars } from './context-harness.js';

const keep = (v: FairValueGapReading | undefined) => v;

describe('fair_value_gap worker', () => {
  it('finds a constructed bullish gap, keeps it through a partial fill and drops it when traded through', () => {
    const bars = barsFrom([
      [10, 9, 9.5],
      [12, 9.8, 11.8], // the impulse bar
      [13, 11, 12.5], // low 11 > high two bars back (10): zone [10, 11]
      [12.8, 11.5, 12], // nothing happens
      [12.2, 10.5, 11], // trades into the zone, not through it
      [11.5, 9.9, 10.2], // low 9.9 ≤ 10: filled
    ]);
    const readings = drive(fairValueGapWorker, {}, bars, FairValueGaps, undefined, keep);
    expect(firstDefined(readings)).toBe(2);
    expect(readings[2]!.formed).toEqual({ direction: 'bullish', top: 11, bottom: 10, time: bars[1]!.time });
    expect(readings[2]!.open).toEqual([readings[2]!.formed]);
    expect(readings[3]!.formed).toBeUndefined();
    expect(readings[3]!.open).toEqual(readings[2]!.open);
    // Nothing changed between bars 3 and 4: the same reading object is set again.
    expect(readings[4]).toBe(readings[3]);
    expect(readings[5]!.open).toEqual([]);
  });

  it('finds a constructed bearish gap and fills it when a high reaches its top', () => {
    const bars = barsFrom([
      [20, 19, 19.5],
      [19.2, 17, 17.2],
      [18, 16, 16.5], // high 18 < low two bars back (19): zone [18, 19]
      [18.9, 17, 18.5], // into the zone
      [19.1, 18, 18.2], // high 19.1 ≥ 19: filled
    ]);
    const readings = drive(fairValueGapWorker, {}, bars, FairValueGaps, undefined, keep);
    expect(readings[2]!.formed).toEqual({ direction: 'bearish', top: 19, bottom: 18, time: bars[1]!.time });
    expect(readings[3]!.open).toHaveLength(1);
    expect(readings[4]!.open).toEqual([]);
  });

  it('keeps at most maxOpen gaps (dropping the oldest) and ignores gaps under minGapFraction', () => {
    // A staircase: bar i spans [10 + i, 11 + i], so every bar opens a 1-point bullish gap
    // [9 + i, 10 + i] over the bar two back, and nothing ever fills.
    const stairs = barsFrom(Array.from({ length: 20 }, (_, i) => [11 + i, 10 + i, 10.5 + i] as const));
    const readings = drive(fairValueGapWorker, { maxOpen: 2 }, stairs, FairValueGaps, undefined, keep);
    expect(readings[2]!.open).toHaveLength(1);
    expect(readings.at(-1)!.open.map((g) => g.bottom)).toEqual([27, 28]);
    expect(readings.at(-1)!.open.map((g) => g.time)).toEqual([stairs[17]!.time, stairs[18]!.time]);
    // 1 point is at least 5 % of the close (10.5 + i) only while i ≤ 9.
    const filtered = drive(fairValueGapWorker, { minGapFraction: 0.05 }, stairs, FairValueGaps, undefined, keep);
    expect(filtered.at(-1)!.open.map((g) => g.bottom)).toEqual([11, 12, 13, 14, 15, 16, 17, 18]);
  });

  it('matches a naive scan of GOOG: every gap formed and not yet traded through is open', () => {
    const bars = loadBars('GOOG-daily-2004-2013.csv');
    const readings = drive(fairValueGapWorker, { maxOpen: 10_000 }, bars, FairValueGaps, undefined, keep);
    // Every gap of the file with the bar it forms on and the first later bar that trades through it.
    const gaps: { formedAt: number; filledAt: number; gap: { direction: string; top: number; bottom: number; time: number } }[] = [];
    for (let j = 2; j < bars.length; j++) {
      const [a, c] = [bars[j - 2]!, bars[j]!];
      let gap: { direction: string; top: number; bottom: number; time: number } | undefined;
      if (c.low > a.high) gap = { direction: 'bullish', top: c.low, bottom: a.high, time: bars[j - 1]!.time };
      else if (c.high < a.low) gap = { direction: 'bearish', top: a.low, bottom: c.high, time: bars[j - 1]!.time };
      if (gap === undefined) continue;
      const g = gap;
      let filledAt = bars.findIndex((b, k) => k > j && (g.direction === 'bullish' ? b.low <= g.bottom : b.high >= g.top));
      if (filledAt === -1) filledAt = bars.length;
      gaps.push({ formedAt: j, filledAt, gap: g });
    }
    let formedCount = 0;
    for (let i = 2; i < bars.length; i++) {
      expect(readings[i]!.open).toEqual(gaps.filter((g) => g.formedAt <= i && g.filledAt > i).map((g) => g.gap));
      expect(readings[i]!.formed).toEqual(gaps.find((g) => g.formedAt === i)?.gap);
      if (readings[i]!.formed !== undefined) formedCount++;
    }
    expect(formedCount).toBeGreaterThan(50);
  });

  it('refuses unknown keys and maxOpen 0', () => {
    expect(fairValueGapWorker.params.parse({})).toEqual({ maxOpen: 20, minGapFraction: 0 });
    expect(fairValueGapWorker.params.safeParse({ maxOpen: 0 }).success).toBe(false);
    expect(fairValueGapWorker.params.safeParse({ minGap: 0.1 }).success).toBe(false);
  });
});
