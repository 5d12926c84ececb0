import { describe, expect, it } from 'vitest';
import { Threat } from '../../../../src/trading/workers/signals.js';
import { drawdownGuardWorker } from '../../../../src/trading/workers/threat/drawdown-guard.js';
import { closeBars, WorkerBench } from '../decision-worker-harness.js';

/** Runs drawdown_guard with the account at each (equity, peak) in turn; returns the threat of each bar. */
function run(states: readonly (readonly [number, number])[], params: Record<string, unknown> = {}) {
  const bench = new WorkerBench(closeBars(states.map(() => 100)));
  const worker = bench.create(drawdownGuardWorker, 'guard', params);
  const out = bench.probe(Threat, 'guard');
  bench.seal();
  return states.map(([equity, peak]) => {
    bench.account.equity = equity;
    bench.account.peakEquity = peak;
    bench.step(() => undefined, worker);
    return bench.provider.get(out);
  });
}

describe('drawdown_guard', () => {
  it('fires exactly at maxDrawdown below the peak, and on every bar beyond it', () => {
    const threats = run([
      [100, 100],
      [80.000001, 100],
      [80, 100],
      [70, 100],
      [85, 100],
    ]);
    expect(threats.map((t) => t?.action)).toEqual([undefined, undefined, 'close', 'close', undefined]);
    expect(threats[2]).toBe(threats[3]);
    expect(threats[2]).toMatchObject({ severity: 1 });
    expect(threats[2]!.reason).toContain('20%');
  });

  it('fires at the threshold for drawdowns that do not round well in binary', () => {
    for (const maxDrawdown of [0.1, 0.15, 0.2, 0.3, 0.33, 0.7]) {
      for (const peak of [1, 100, 1000, 10_000, 123_456.78]) {
        const atThreshold = peak - maxDrawdown * peak;
        const justAbove = atThreshold + peak * 1e-9;
        const [at, above] = run(
          [
            [atThreshold, peak],
            [justAbove, peak],
          ],
          { maxDrawdown },
        );
        expect(at?.action, `${maxDrawdown} of ${peak}`).toBe('close');
        expect(above, `${maxDrawdown} of ${peak}`).toBeUndefined();
      }
    }
  });

  it('asks for the configured action', () => {
    expect(run([[50, 100]], { action: 'block' })[0]?.action).toBe('block');
    expect(run([[50, 100]], { action: 'reduce', maxDrawdown: 0.5 })[0]?.action).toBe('reduce');
  });

  it('says nothing without a positive peak', () => {
    expect(run([[-5, 0]])).toEqual([undefined]);
  });

  it('validates its params', () => {
    expect(drawdownGuardWorker.params.parse({})).toEqual({ maxDrawdown: 0.2, action: 'close' });
    expect(drawdownGuardWorker.kind).toBe('threat');
    expect(drawdownGuardWorker.params.safeParse({ maxDrawdown: 0 }).error?.issues[0]?.path).toEqual(['maxDrawdown']);
    expect(drawdownGuardWorker.params.safeParse({ maxDrawdown: 1.5 }).error?.issues[0]?.path).toEqual(['maxDrawdown']);
    expect(drawdownGuardWorker.params.safeParse({ action: 'panic' }).error?.issues[0]?.path).toEqual(['action']);
    expect(drawdownGuardWorker.params.safeParse({ max: 0.1 }).success).toBe(false);
  });
});
