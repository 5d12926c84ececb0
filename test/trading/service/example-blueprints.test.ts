import { afterAll, describe, expect, it } from 'vitest';
import { BacktestService } from '../../../src/trading/service/backtest-service.js';
import { appScope, exampleCatalog } from './service-fixtures.js';

const catalog = exampleCatalog();
const app = appScope('examples');
const service = new BacktestService({ catalog, scope: app });
afterAll(async () => {
  await service.close();
  await app.close();
});

describe('the example blueprints', () => {
  for (const blueprint of Object.keys(catalog.value.blueprints)) {
    it(`${blueprint} builds its workers (every param accepted by its worker) and trades on BTC`, async () => {
      const run = await service.run({ blueprint, environment: 'backtest_btc_2022_01', overrides: { 'environment.to': '2022-01-08' } });
      expect(run.error).toBeUndefined();
      const result = run.result!;
      expect(result.trades.length).toBeGreaterThan(0);
      expect(result.reconciliation.ok).toBe(true);
      expect(result.eventCounts.fill).toBeGreaterThan(0);
      // Every trade's pnl adds up to the change in equity (net of commission) when the run ends flat or marked.
      const pnl = result.trades.reduce((sum, t) => sum + t.pnl, 0);
      expect(result.statistics.finalEquity - result.statistics.initialEquity).toBeCloseTo(pnl, 4);
    });
  }

  it('runs the ICT/SMC example on daily GOOG bars too', async () => {
    const run = await service.run({ blueprint: 'ict_smc_strategy', environment: 'backtest_goog_daily' });
    expect(run.status).toBe('succeeded');
    expect(run.result!.statistics.periodsPerYear).toBe(252);
  });
});
