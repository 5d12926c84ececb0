import { describe, expect, it } from 'vitest';
import { MarketRegime, type RegimeName } from '../../../../src/trading/workers/context-dtos.js';
import { dcaScheduleWorker } from '../../../../src/trading/workers/opportunity/dca-schedule.js';
import { Opportunity, type OpportunitySignal } from '../../../../src/trading/workers/signals.js';
import { closeBars, WorkerBench } from '../decision-worker-harness.js';

/**
 * Runs dca_schedule over closes. `held` gives the position and average entry the account shows
 * on each bar (flat when undefined); `regimes` what MarketRegime says (not produced when undefined).
 */
function run(
  closes: readonly number[],
  params: Record<string, unknown>,
  held: (bar: number) => { position: number; average: number } | undefined = () => undefined,
  regimes: readonly (RegimeName | undefined)[] = [],
) {
  const bench = new WorkerBench(closeBars(closes));
  const regimeSlot = bench.feeder(MarketRegime);
  const worker = bench.create(dcaScheduleWorker, 'dca', params);
  const out = bench.probe(Opportunity, 'dca');
  bench.seal();
  const signals: (OpportunitySignal | undefined)[] = [];
  for (let i = 0; i < closes.length; i++) {
    const h = held(i);
    bench.account.position = h?.position ?? 0;
    bench.account.averagePrice = h?.average ?? Number.NaN;
    bench.step(() => {
      const regime = regimes[i];
      if (regime !== undefined) bench.provider.set(regimeSlot, { regime, confidence: 0.8 });
    }, worker);
    signals.push(bench.provider.get(out));
  }
  return { signals, bench };
}

const flat100 = (n: number) => Array.from({ length: n }, () => 100);

describe('dca_schedule', () => {
  it('adds one unit on the first bar and then every everyBars bars', () => {
    const { signals } = run(flat100(10), { everyBars: 3 });
    expect(signals.map((s, i) => (s === undefined ? undefined : i))).toEqual([0, undefined, undefined, 3, undefined, undefined, 6, undefined, undefined, 9]);
    expect(signals[0]).toMatchObject({ side: 'buy', mode: 'add', strength: 1 });
    expect(signals[3]).toBe(signals[0]);
  });

  it('buys on every bar with everyBars 1, and once a day of minute bars by default', () => {
    expect(run(flat100(4), { everyBars: 1 }).signals.every((s) => s?.side === 'buy')).toBe(true);
    const daily = run(flat100(1441), {}).signals;
    expect(daily.flatMap((s, i) => (s === undefined ? [] : [i]))).toEqual([0, 1440]);
  });

  it('doubles a buy when the close is dipFraction or more below the average entry', () => {
    const closes = [100, 95.5, 95, 80];
    const { signals } = run(closes, { everyBars: 1, dipFraction: 0.05 }, (i) => (i === 0 ? undefined : { position: 1, average: 100 }));
    expect(signals.map((s) => s?.strength)).toEqual([1, 1, 2, 2]);
    expect(signals[2]).toMatchObject({ side: 'buy', mode: 'add' });
    expect(signals[2]!.reason).toContain('5% dip');
  });

  it('never doubles while flat (no average entry yet)', () => {
    const { signals } = run([100, 50], { everyBars: 1 });
    expect(signals.map((s) => s?.strength)).toEqual([1, 1]);
  });

  it('skips scheduled buys in a falling or volatile regime with regimeFilter, without moving the schedule', () => {
    const regimes: (RegimeName | undefined)[] = ['trending_down', undefined, 'volatile', undefined, 'ranging', undefined, undefined, undefined, 'trending_up'];
    const { signals, bench } = run(flat100(9), { everyBars: 2, regimeFilter: true }, undefined, regimes);
    // Scheduled bars: 0 (falling: skipped), 2 (volatile: skipped), 4 (ranging: buy), 6 (no regime yet: buy), 8 (up: buy).
    expect(signals.flatMap((s, i) => (s === undefined ? [] : [i]))).toEqual([4, 6, 8]);
    expect(bench.provider.requiredKeys('dca')).toEqual(['MarketRegime']);
  });

  it('does not read MarketRegime without regimeFilter', () => {
    const { signals, bench } = run(flat100(1), { everyBars: 1 }, undefined, ['trending_down']);
    expect(signals[0]?.side).toBe('buy');
    expect(bench.provider.requiredKeys('dca')).toEqual([]);
  });

  it('closes on any bar once the price is takeProfit above the average entry, in preference to a buy', () => {
    const closes = [100, 109.9, 110, 111, 120];
    const { signals } = run(closes, { everyBars: 2, takeProfit: 0.1 }, (i) => (i === 0 ? undefined : { position: 3, average: 100 }));
    // Bar 1 is not scheduled and under the target; bar 2 is scheduled but at the target: close wins.
    expect(signals.map((s) => s?.side)).toEqual(['buy', undefined, 'close', 'close', 'close']);
  });

  it('never sells with takeProfit 0', () => {
    const { signals } = run([100, 1000, 5000], { everyBars: 2 }, () => ({ position: 1, average: 100 }));
    expect(signals.map((s) => s?.side)).toEqual(['buy', undefined, 'buy']);
  });

  it('validates its params', () => {
    expect(dcaScheduleWorker.params.parse({})).toEqual({ everyBars: 1440, dipFraction: 0.05, regimeFilter: false, takeProfit: 0 });
    expect(dcaScheduleWorker.params.safeParse({ everyBars: 0 }).error?.issues[0]?.path).toEqual(['everyBars']);
    expect(dcaScheduleWorker.params.safeParse({ everyBars: 2.5 }).error?.issues[0]?.path).toEqual(['everyBars']);
    expect(dcaScheduleWorker.params.safeParse({ dipFraction: -0.1 }).error?.issues[0]?.path).toEqual(['dipFraction']);
    expect(dcaScheduleWorker.params.safeParse({ takeProfit: -1 }).error?.issues[0]?.path).toEqual(['takeProfit']);
    expect(dcaScheduleWorker.params.safeParse({ every: 5 }).success).toBe(false);
  });
});
