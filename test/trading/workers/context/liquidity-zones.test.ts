import { describe, expect, it } from 'vitest';
import { LiquidityZones, type LiquidityZonesReading } from '../../../../src/trading/workers/context-dtos.js';
import { liquidityZonesWorker } from '../../../../src/trading/workers/context/liquidity-zones.js';
import { barsFrom, drive, firstDefined, loadBars } from './context-harness.js';

const keep = (v: LiquidityZonesReading | undefined) => v;

describe('liquidity_zones worker', () => {
  it('clusters equal highs and lows into zones, reports a sweep, and drops a zone run through', () => {
    const bars = barsFrom([
      [99, 98, 98.5],
      [100, 98.5, 99.5], // swing high 100 (confirmed on bar 2): one touch, not a zone yet
      [99.5, 98, 98.8],
      [99, 97, 97.5], // swing low 97 (confirmed on bar 4)
      [100.05, 97.5, 99.9], // above 100 but within the tolerance: the same level, approached again
      [99.8, 98, 98.2], // confirms swing high 100.05: two touches → buy-side zone at 100.05
      [99, 97.2, 97.5],
      [98.5, 96.95, 98], // 96.95 is within tolerance of 97
      [99, 97.5, 98.7], // confirms swing low 96.95: sell-side zone at 96.95
      [100.3, 98.5, 99.6], // above 100.05, closes back below: buy-side sweep
      [99.7, 98, 98.5],
      [99, 96.5, 96.6], // below 96.95 and closes below: taken, no sweep
    ]);
    const readings = drive(liquidityZonesWorker, { swingLength: 1 }, bars, LiquidityZones, undefined, keep);
    expect(firstDefined(readings)).toBe(2);
    expect(readings[4]).toEqual({ buySide: [], sellSide: [], swept: undefined });
    expect(readings[5]).toEqual({ buySide: [100.05], sellSide: [], swept: undefined });
    expect(readings[6]).toBe(readings[5]); // unchanged: the same reading is set again
    expect(readings[8]).toEqual({ buySide: [100.05], sellSide: [96.95], swept: undefined });
    expect(readings[9]).toEqual({ buySide: [], sellSide: [96.95], swept: 'buy_side' });
    expect(readings[10]!.swept).toBeUndefined();
    expect(readings[11]).toEqual({ buySide: [], sellSide: [], swept: undefined });
  });

  it('reports a sell-side sweep when a low pierces a zone and the close comes back above it', () => {
    const bars = barsFrom([
      [102, 101, 101.5],
      [101.5, 100, 100.5], // swing low 100
      [102, 101, 101.8],
      [101.9, 100, 100.2], // equal low: swing low 100 again → zone
      [102.5, 101, 102],
      [102, 99.5, 100.8], // pierces 100, closes above
    ]);
    const readings = drive(liquidityZonesWorker, { swingLength: 1 }, bars, LiquidityZones, undefined, keep);
    expect(readings[4]!.sellSide).toEqual([100]);
    expect(readings[5]).toEqual({ buySide: [], sellSide: [], swept: 'sell_side' });
  });

  it('lists levels nearest first and keeps at most maxZones per side (the stalest go)', () => {
    const bars = barsFrom([
      [100, 88, 95],
      [105, 95, 100], // swing high 105
      [98, 90, 94], // swing low 90
      [103, 96, 99], // swing high 103
      [99, 92, 95], // swing low 92
      [101, 97, 99], // swing high 101
      [99.5, 94, 96], // swing low 94
      [100, 96, 98],
    ]);
    const all = drive(liquidityZonesWorker, { swingLength: 1, minTouches: 1 }, bars, LiquidityZones, undefined, keep);
    expect(all.at(-1)).toEqual({ buySide: [101, 103, 105], sellSide: [94, 92, 90], swept: undefined });
    const two = drive(liquidityZonesWorker, { swingLength: 1, minTouches: 1, maxZones: 2 }, bars, LiquidityZones, undefined, keep);
    expect(two.at(-1)).toEqual({ buySide: [101, 103], sellSide: [94, 92], swept: undefined });
  });

  it('keeps its invariants on a BTC minute month, with sweeps of both sides', () => {
    const bars = loadBars('BTC-PERP-1m-2022-01.csv', 20_000);
    const readings = drive(liquidityZonesWorker, {}, bars, LiquidityZones, undefined, keep);
    const swept = { buy_side: 0, sell_side: 0 };
    let zonesSeen = 0;
    // Collected rather than asserted one by one: 20,000 bars × several checks.
    const violations: string[] = [];
    const ascending = (xs: readonly number[]) => xs.every((x, k) => k === 0 || xs[k - 1]! < x);
    readings.forEach((reading, i) => {
      if (i < 6) {
        if (reading !== undefined) violations.push(`bar ${i}: a reading during warm-up`);
        return;
      }
      const bar = bars[i]!;
      const r = reading!;
      if (r.buySide.length > 10 || r.sellSide.length > 10) violations.push(`bar ${i}: more than maxZones`);
      if (!ascending(r.buySide) || !ascending([...r.sellSide].reverse())) violations.push(`bar ${i}: not nearest first`);
      if (r.buySide.some((level) => level < bar.high)) violations.push(`bar ${i}: a buy-side level below the high`);
      if (r.sellSide.some((level) => level > bar.low)) violations.push(`bar ${i}: a sell-side level above the low`);
      zonesSeen = Math.max(zonesSeen, r.buySide.length + r.sellSide.length);
      if (r.swept === undefined) return;
      swept[r.swept]++;
      const before = readings[i - 1]!;
      const after = r.swept === 'buy_side' ? r.buySide : r.sellSide;
      const taken =
        r.swept === 'buy_side'
          ? before.buySide.filter((level) => bar.high > level && bar.close < level)
          : before.sellSide.filter((level) => bar.low < level && bar.close > level);
      if (taken.length === 0) violations.push(`bar ${i}: ${r.swept} swept but no level was pierced and closed back`);
      if (taken.some((level) => after.includes(level))) violations.push(`bar ${i}: a swept level is still listed`);
    });
    expect(violations).toEqual([]);
    expect(swept.buy_side).toBeGreaterThan(0);
    expect(swept.sell_side).toBeGreaterThan(0);
    expect(zonesSeen).toBeGreaterThan(2);
  });

  it('refuses unknown keys, minTouches 0 and a negative tolerance', () => {
    expect(liquidityZonesWorker.params.parse({})).toEqual({ swingLength: 3, tolerance: 0.001, minTouches: 2, maxZones: 10 });
    expect(liquidityZonesWorker.params.safeParse({ minTouches: 0 }).success).toBe(false);
    expect(liquidityZonesWorker.params.safeParse({ tolerance: -0.1 }).success).toBe(false);
    expect(liquidityZonesWorker.params.safeParse({ zones: 3 }).success).toBe(false);
  });
});
