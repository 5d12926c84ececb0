import { describe, expect, it } from 'vitest';
import { MissingDtoProducerError } from '../../../../src/trading/context/context-errors.js';
import { MovingAverage } from '../../../../src/trading/workers/context-dtos.js';
import { smaCrossWorker } from '../../../../src/trading/workers/opportunity/sma-cross.js';
import { Opportunity, type OpportunitySignal } from '../../../../src/trading/workers/signals.js';
import { closeBars, WorkerBench } from '../decision-worker-harness.js';

/** Runs sma_cross over fast/slow series (undefined = that average not produced on the tick). */
function run(fast: readonly (number | undefined)[], slow: readonly (number | undefined)[], params: unknown = {}) {
  const bench = new WorkerBench(closeBars(fast.map(() => 100)));
  const fastSlot = bench.feeder(MovingAverage, 'fast');
  const slowSlot = bench.feeder(MovingAverage, 'slow');
  const worker = bench.create(smaCrossWorker, 'cross', params);
  const out = bench.probe(Opportunity, 'cross');
  bench.seal();
  const signals = new Map<number, OpportunitySignal>();
  for (let i = 0; i < fast.length; i++) {
    bench.step(() => {
      const f = fast[i];
      const s = slow[i];
      if (f !== undefined) bench.provider.set(fastSlot, f);
      if (s !== undefined) bench.provider.set(slowSlot, s);
    }, worker);
    const signal = bench.provider.get(out);
    if (signal !== undefined) signals.set(i, signal);
  }
  return signals;
}

describe('sma_cross', () => {
  it('buys on the bar the fast average crosses above the slow one and closes on the cross below', () => {
    //                 0  1  2  3  4  5  6  7  8
    const fast = [1, 2, 3, 5, 4, 3, 4, 2, 1];
    const slow = [3, 3, 3, 3, 3, 3, 3, 3, 3];
    const signals = run(fast, slow);
    expect([...signals.keys()]).toEqual([3, 7]);
    expect(signals.get(3)).toMatchObject({ side: 'buy', strength: 1 });
    expect(signals.get(7)).toMatchObject({ side: 'close', strength: 1 });
    expect(signals.get(3)!.reason).toContain('fast crossed above slow');
  });

  it('treats a touch as no cross: above, equal, above again gives one buy', () => {
    const signals = run([1, 4, 3, 4, 3, 2], [3, 3, 3, 3, 3, 3]);
    expect([...signals.entries()].map(([i, s]) => [i, s.side])).toEqual([
      [1, 'buy'],
      [5, 'close'],
    ]);
  });

  it('counts equal-from-the-start as "was at or below"', () => {
    expect([...run([3, 3, 4], [3, 3, 3]).keys()]).toEqual([2]);
    expect(run([3, 3, 2], [3, 3, 3]).get(2)?.side).toBe('close');
  });

  it('gives no signal on the first tick both averages exist, whatever their order', () => {
    const signals = run([5, 6, 7, 8], [undefined, undefined, 3, 3]);
    expect(signals.size).toBe(0);
  });

  it('compares with the previous tick where both existed, across ticks where one is missing', () => {
    const signals = run([1, 2, 9, 9], [3, undefined, undefined, 3]);
    expect([...signals.keys()]).toEqual([3]);
    expect(signals.get(3)?.side).toBe('buy');
  });

  it('sells short on the cross down when allowShort is set', () => {
    const signals = run([4, 2, 4], [3, 3, 3], { allowShort: true });
    expect(signals.get(1)?.side).toBe('sell');
    expect(signals.get(2)?.side).toBe('buy');
  });

  it('reads the averages under the labels it is given', () => {
    const bench = new WorkerBench(closeBars([1, 1]));
    const a = bench.feeder(MovingAverage, 'ema9');
    const b = bench.feeder(MovingAverage, 'ema21');
    const worker = bench.create(smaCrossWorker, 'x', { fast: 'ema9', slow: 'ema21' });
    const out = bench.probe(Opportunity, 'x');
    bench.seal();
    expect(bench.provider.requiredKeys('x')).toEqual(['MovingAverage:ema9', 'MovingAverage:ema21']);
    const feed = (fast: number, slow: number) => () => {
      bench.provider.set(a, fast);
      bench.provider.set(b, slow);
    };
    bench.step(feed(1, 2), worker);
    expect(bench.provider.get(out)).toBeUndefined();
    bench.step(feed(3, 2), worker);
    expect(bench.provider.get(out)?.side).toBe('buy');
  });

  it('reuses one frozen signal object per direction (no allocation per cross)', () => {
    const signals = run([1, 4, 1, 4, 1], [3, 3, 3, 3, 3]);
    expect(signals.get(1)).toBe(signals.get(3));
    expect(signals.get(2)).toBe(signals.get(4));
    expect(Object.isFrozen(signals.get(1))).toBe(true);
  });

  it('fails wiring, naming itself and the DTO, when no worker produces an average', () => {
    const bench = new WorkerBench(closeBars([1]));
    bench.feeder(MovingAverage, 'fast');
    bench.create(smaCrossWorker, 'cross');
    expect(() => bench.seal()).toThrow(MissingDtoProducerError);
    const again = new WorkerBench(closeBars([1]));
    again.feeder(MovingAverage, 'fast');
    again.create(smaCrossWorker, 'cross');
    expect(() => again.seal()).toThrow(/"cross" requires the DTO MovingAverage:slow/);
  });

  it('validates its params: defaults, unknown keys, empty labels, wrong types', () => {
    expect(smaCrossWorker.params.parse({})).toEqual({ fast: 'fast', slow: 'slow', allowShort: false });
    expect(smaCrossWorker.kind).toBe('opportunity');
    const unknown = smaCrossWorker.params.safeParse({ fats: 'x' });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['fats'] });
    expect(smaCrossWorker.params.safeParse({ fast: '' }).error?.issues[0]?.path).toEqual(['fast']);
    expect(smaCrossWorker.params.safeParse({ allowShort: 'yes' }).error?.issues[0]?.path).toEqual(['allowShort']);
  });
});
