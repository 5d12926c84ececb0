import { describe, expect, it } from 'vitest';
import {
  FairValueGaps,
  MarketStructure,
  type FairValueGap,
  type MarketStructureReading,
} from '../../../../src/trading/workers/context-dtos.js';
import { fvgEntryWorker } from '../../../../src/trading/workers/opportunity/fvg-entry.js';
import { Opportunity } from '../../../../src/trading/workers/signals.js';
import { ohlcBars, WorkerBench } from '../decision-worker-harness.js';

const T0 = Date.UTC(2021, 11, 31);
const bullish = (top: number, bottom: number, time: number): FairValueGap => ({ direction: 'bullish', top, bottom, time });
const bearish = (top: number, bottom: number, time: number): FairValueGap => ({ direction: 'bearish', top, bottom, time });
const structure = (trend: MarketStructureReading['trend'], event?: MarketStructureReading['event']): MarketStructureReading => ({
  trend,
  event,
  lastSwingHigh: 120,
  lastSwingLow: 90,
});

interface Tick {
  readonly ohlc: readonly [number, number, number, number];
  readonly gaps?: readonly FairValueGap[];
  readonly structure?: MarketStructureReading;
}

/** Runs fvg_entry over ticks; returns the side signalled on each bar (undefined = none). */
function run(ticks: readonly Tick[], params: Record<string, unknown> = {}) {
  const bench = new WorkerBench(ohlcBars(ticks.map((t) => t.ohlc)));
  const gapsSlot = bench.feeder(FairValueGaps);
  const structureSlot = bench.feeder(MarketStructure);
  const worker = bench.create(fvgEntryWorker, 'fvg', params);
  const out = bench.probe(Opportunity, 'fvg');
  bench.seal();
  const sides: (string | undefined)[] = [];
  for (const tick of ticks) {
    bench.step(() => {
      if (tick.gaps !== undefined) bench.provider.set(gapsSlot, { open: tick.gaps, formed: undefined });
      if (tick.structure !== undefined) bench.provider.set(structureSlot, tick.structure);
    }, worker);
    sides.push(bench.provider.get(out)?.side);
  }
  return { sides, bench };
}

describe('fvg_entry', () => {
  const gap = bullish(105, 100, T0);
  const up = structure('up');

  it('buys when the low trades into an open bullish gap and the close holds above its bottom, once per gap', () => {
    const later = bullish(95, 92, T0 + 60_000);
    const { sides } = run([
      { ohlc: [110, 111, 108, 109], gaps: [gap], structure: up }, // above the gap
      { ohlc: [109, 109, 104, 106], gaps: [gap], structure: up }, // into it, closes above: buy
      { ohlc: [106, 107, 103, 106], gaps: [gap], structure: up }, // into it again: already used
      { ohlc: [106, 106, 94, 96], gaps: [gap, later], structure: up }, // into a newer gap: buy
      { ohlc: [96, 97, 93, 95], gaps: [gap, later], structure: up }, // both used
    ]);
    expect(sides).toEqual([undefined, 'buy', undefined, 'buy', undefined]);
  });

  it('does not buy when the close falls through the gap', () => {
    const { sides } = run([{ ohlc: [106, 106, 98, 99.5], gaps: [gap], structure: up }]);
    expect(sides).toEqual([undefined]);
  });

  it('buys with the structure trend only; a gap skipped against the trend can still be taken later', () => {
    const { sides } = run([
      { ohlc: [106, 106, 104, 105], gaps: [gap], structure: structure('down') },
      { ohlc: [105, 106, 103, 105], gaps: [gap], structure: structure('none') },
      { ohlc: [105, 106, 103, 105], gaps: [gap] }, // no structure reading yet: no trend to follow
      { ohlc: [105, 106, 103, 105], gaps: [gap], structure: up },
    ]);
    expect(sides).toEqual([undefined, undefined, undefined, 'buy']);
  });

  it('ignores the trend with structureFilter off, and then does not read MarketStructure at all', () => {
    const { sides, bench } = run([{ ohlc: [106, 106, 104, 105], gaps: [gap], structure: structure('down') }], { structureFilter: false });
    expect(sides).toEqual(['buy']);
    expect(bench.provider.requiredKeys('fvg')).toEqual(['FairValueGaps']);
  });

  it('closes when the high trades into an open bearish gap and the close stays below its top, once per gap', () => {
    const overhead = bearish(120, 115, T0);
    const { sides } = run([
      { ohlc: [110, 114, 109, 113], gaps: [overhead], structure: up }, // below the gap
      { ohlc: [113, 116, 112, 114], gaps: [overhead], structure: up }, // into it: close
      { ohlc: [114, 117, 112, 114], gaps: [overhead], structure: up }, // used
      { ohlc: [114, 125, 114, 124], gaps: [bearish(123, 119, T0 + 1)], structure: up }, // closes above the top: broken, no exit
    ]);
    expect(sides).toEqual([undefined, 'close', undefined, undefined]);
  });

  it('sells short into a bearish gap only with allowShort and a down trend; otherwise closes', () => {
    const overhead = bearish(120, 115, T0);
    const tick = (trend: MarketStructureReading['trend']): Tick => ({ ohlc: [113, 116, 112, 114], gaps: [overhead], structure: structure(trend) });
    expect(run([tick('down')], { allowShort: true }).sides).toEqual(['sell']);
    expect(run([tick('up')], { allowShort: true }).sides).toEqual(['close']);
    expect(run([tick('down')]).sides).toEqual(['close']);
    expect(run([tick('up')], { allowShort: true, structureFilter: false }).sides).toEqual(['sell']);
  });

  it('closes on a change of character down, even without any gap', () => {
    const { sides } = run([
      { ohlc: [100, 101, 99, 100], structure: up },
      { ohlc: [100, 101, 95, 96], structure: structure('down', 'choch_down') },
      { ohlc: [96, 97, 94, 95], structure: structure('down', 'bos_down') },
    ]);
    expect(sides).toEqual([undefined, 'close', undefined]);
  });

  it('prefers getting out when one bar enters a bullish gap and a bearish one', () => {
    const { sides } = run([{ ohlc: [104, 116, 103, 110], gaps: [gap, bearish(120, 115, T0 + 1)], structure: up }]);
    expect(sides).toEqual(['close']);
  });

  it('still takes each gap once over a long run (its memory of used gaps is bounded, not forgetful)', () => {
    // 300 gaps, past the bound on remembered gaps: on even bars a new gap opens and is traded
    // into; on odd bars only the two most recent (already used) gaps are offered again.
    const ticks: Tick[] = [];
    for (let k = 0; k < 300; k++) {
      const gaps = (newest: number) => [newest - 1, newest].filter((j) => j >= 0).map((j) => bullish(105, 100, T0 + j * 60_000));
      ticks.push({ ohlc: [106, 107, 104, 106], gaps: gaps(k), structure: up });
      ticks.push({ ohlc: [106, 107, 104, 106], gaps: gaps(k), structure: up });
    }
    const { sides } = run(ticks);
    expect(sides.filter((side, i) => side === (i % 2 === 0 ? 'buy' : undefined))).toHaveLength(600);
  });

  it('validates its params', () => {
    expect(fvgEntryWorker.params.parse({})).toEqual({ structureFilter: true, allowShort: false });
    expect(fvgEntryWorker.params.safeParse({ structurefilter: false }).success).toBe(false);
    expect(fvgEntryWorker.params.safeParse({ allowShort: 1 }).error?.issues[0]?.path).toEqual(['allowShort']);
  });
});
