import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BacktestService, type BacktestRun } from '../../../src/trading/service/backtest-service.js';
import { BarSeriesCache } from '../../../src/trading/market/bar-series-cache.js';
import { runSweep } from '../../../src/trading/sweep/run-sweep.js';
import type { BacktestResult } from '../../../src/trading/engine/backtest-result.js';
import { appScope, EIGHT_OVERRIDES, exampleCatalog } from './service-fixtures.js';

const catalog = exampleCatalog();
const before = structuredClone(catalog.value);
const app = appScope();
const bars = new BarSeriesCache();
const service = new BacktestService({ catalog, scope: app, bars });
afterAll(async () => {
  await service.close();
  await app.close();
});

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

function request(overrides: Record<string, unknown>) {
  return { blueprint: 'sma_cross', environment: 'backtest_btc_2022_01', overrides };
}

function succeeded(run: BacktestRun): BacktestResult {
  expect(run.error).toBeUndefined();
  expect(run.status).toBe('succeeded');
  return run.result!;
}

/** Each request alone, one after the other: the reference. */
const alone: BacktestResult[] = [];

describe('backtest requests never interfere', () => {
  it('runs eight different requests alone, each reconciled and different from the others', async () => {
    for (const overrides of EIGHT_OVERRIDES) alone.push(succeeded(await service.run(request(overrides))));
    for (const result of alone) {
      expect(result.reconciliation.ok).toBe(true);
      expect(result.trades.length).toBeGreaterThan(0);
    }
    // The overrides took effect: no two requests gave the same equity curve.
    const finals = new Set(alone.map((r) => r.statistics.finalEquity));
    expect(finals.size).toBe(EIGHT_OVERRIDES.length);
  });

  it('gives identical results when the eight run interleaved in one process', async () => {
    const submitted = await Promise.all(EIGHT_OVERRIDES.map((overrides) => service.submit(request(overrides))));
    // They really are interleaved: all eight are running at once before the first finishes.
    expect(service.running).toBe(EIGHT_OVERRIDES.length);
    const runs = await Promise.all(submitted.map((s) => s.done));
    runs.forEach((run, i) => {
      const result = succeeded(run);
      expect(isDeepStrictEqual(result, alone[i])).toBe(true);
    });
  });

  it('gives identical statistics on worker threads (two threads, the bars shared between them)', async () => {
    const specs = EIGHT_OVERRIDES.map((overrides) => service.prepare(request(overrides)));
    const series = await bars.load(specs[0]!.data, specs[0]!.asset);
    const outcomes = await runSweep(
      specs.map((s) => s.spec),
      series,
      { threads: 2, keepTrades: true, keepEquity: true },
    );
    outcomes.forEach((outcome, i) => {
      expect(outcome.statistics).toEqual(alone[i]!.statistics);
      expect(outcome.trades).toEqual(alone[i]!.trades);
      expect(outcome.equity!.equity).toEqual(alone[i]!.equity.equity);
    });
  });

  it('leaves the global config unchanged and still frozen', () => {
    expect(catalog.value).toEqual(before);
    expect(isDeepFrozen(catalog.value)).toBe(true);
  });

  it('loads the bars once for all of them', () => {
    const stats = bars.stats();
    expect(stats.loadSuccesses).toBe(1);
  });
});
