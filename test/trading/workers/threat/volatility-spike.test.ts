import { describe, expect, it } from 'vitest';
import { MissingDtoProducerError } from '../../../../src/trading/context/context-errors.js';
import { Volatility } from '../../../../src/trading/workers/context-dtos.js';
import { Threat } from '../../../../src/trading/workers/signals.js';
import { volatilitySpikeWorker } from '../../../../src/trading/workers/threat/volatility-spike.js';
import { closeBars, WorkerBench } from '../decision-worker-harness.js';

/** Runs volatility_spike over atrFraction readings (undefined = no Volatility on that tick). */
function run(readings: readonly (number | undefined)[], params: Record<string, unknown> = {}, label?: string) {
  const bench = new WorkerBench(closeBars(readings.map(() => 100)));
  const volatility = bench.feeder(Volatility, label);
  const worker = bench.create(volatilitySpikeWorker, 'spike', params);
  const out = bench.probe(Threat, 'spike');
  bench.seal();
  return readings.map((r) => {
    bench.step(() => {
      if (r !== undefined) bench.provider.set(volatility, { atr: r * 100, atrFraction: r, returnStdev: r });
    }, worker);
    return bench.provider.get(out)?.action;
  });
}

describe('volatility_spike', () => {
  it('warns when ATR exceeds threshold × the mean of the previous window readings', () => {
    // Window 4: the first four readings only fill the baseline (mean 0.01, limit 0.02).
    // 0.0199 is under it; then the baseline is (3 × 0.01 + 0.0199) / 4 = 0.012475, limit 0.02495:
    // 0.0302 spikes; the baseline becomes 0.017525 (limit 0.03505): 0.035 does not; then 0.023775
    // (limit 0.04755): 0.048 does.
    const actions = run([0.01, 0.01, 0.01, 0.01, 0.0199, 0.0302, 0.035, 0.048], { window: 4, threshold: 2 });
    expect(actions).toEqual([undefined, undefined, undefined, undefined, undefined, 'reduce', undefined, 'reduce']);
  });

  it('needs strictly more than threshold × the mean', () => {
    // Exact binary values: the mean of four 0.25 is 0.25, so 0.5 is exactly 2× it.
    expect(run([0.25, 0.25, 0.25, 0.25, 0.5], { window: 4, threshold: 2 })[4]).toBeUndefined();
    expect(run([0.25, 0.25, 0.25, 0.25, 0.5000001], { window: 4, threshold: 2 })[4]).toBe('reduce');
  });

  it('stays silent until it has seen a full window, however wild the first readings', () => {
    expect(run([0.01, 0.5, 0.9], { window: 3, threshold: 1.1 })).toEqual([undefined, undefined, undefined]);
  });

  it('neither judges nor counts ticks without a reading', () => {
    const actions = run([0.01, undefined, 0.01, undefined, 0.05], { window: 2, threshold: 2 });
    expect(actions).toEqual([undefined, undefined, undefined, undefined, 'reduce']);
  });

  it('keeps a true running mean as the window slides over many laps', () => {
    // A slow ramp never spikes; a jump to 3.2× the last window's mean does.
    const ramp = Array.from({ length: 1000 }, (_, i) => 0.01 + i * 1e-5);
    const lastMean = ramp.slice(-50).reduce((a, b) => a + b, 0) / 50;
    const actions = run([...ramp, lastMean * 2.99, lastMean * 3.2], { window: 50, threshold: 3, action: 'block' });
    expect(actions.slice(0, 1001).every((a) => a === undefined)).toBe(true);
    expect(actions[1001]).toBe('block');
  });

  it('reads the Volatility DTO under the label it is given', () => {
    expect(run([0.01, 0.1], { window: 1, volatility: 'atr14' }, 'atr14')).toEqual([undefined, 'reduce']);
    const bench = new WorkerBench(closeBars([1]));
    bench.feeder(Volatility);
    bench.create(volatilitySpikeWorker, 'spike', { volatility: 'atr14' });
    expect(() => bench.seal()).toThrow(MissingDtoProducerError);
  });

  it('validates its params', () => {
    expect(volatilitySpikeWorker.params.parse({})).toEqual({ threshold: 2.5, window: 100, action: 'reduce' });
    expect(volatilitySpikeWorker.params.safeParse({ window: 0 }).error?.issues[0]?.path).toEqual(['window']);
    expect(volatilitySpikeWorker.params.safeParse({ window: 10.5 }).error?.issues[0]?.path).toEqual(['window']);
    expect(volatilitySpikeWorker.params.safeParse({ threshold: -1 }).error?.issues[0]?.path).toEqual(['threshold']);
    expect(volatilitySpikeWorker.params.safeParse({ volatility: '' }).error?.issues[0]?.path).toEqual(['volatility']);
  });
});
