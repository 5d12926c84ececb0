import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBlueprintFile, loadEnvironmentFile, loadOperation, loadTradingCatalog } from '../../../src/trading/blueprint/index.js';
import { isDeepFrozen } from '../../config/fixtures.js';
import { EXAMPLES, MARKET_DATA } from './catalog-fixtures.js';

const BLUEPRINTS = join(EXAMPLES, 'trading/blueprints');
const ENVIRONMENTS = join(EXAMPLES, 'trading/environments');

describe('the example trading files', () => {
  it('load as an operation: its links, resolved directories and catalog', () => {
    const { operation, catalog } = loadOperation(join(EXAMPLES, 'operations/multi-strategy.yaml'));
    expect(operation.displayName).toBe('Multi-Strategy Test');
    expect(operation.blueprintsDir).toBe(BLUEPRINTS);
    expect(operation.environmentsDir).toBe(ENVIRONMENTS);
    expect(operation.strategyLinks).toEqual([
      { id: 'ict_smc_strategy@live_local_btc', blueprintId: 'ict_smc_strategy', environmentId: 'live_local_btc', isActive: true },
      { id: 'smart_dca_btc@backtest_btc_2022_01', blueprintId: 'smart_dca_btc', environmentId: 'backtest_btc_2022_01', isActive: true },
    ]);
    expect(Object.keys(catalog.value.blueprints).sort()).toEqual(['ict_smc_strategy', 'sma_cross', 'smart_dca_btc']);
    expect(Object.keys(catalog.value.environments).sort()).toEqual(['backtest_btc_2022_01', 'backtest_goog_daily', 'live_local_btc']);
    expect(isDeepFrozen(operation)).toBe(true);
    expect(isDeepFrozen(catalog.value)).toBe(true);
  });

  it('give the blueprints their workers in file order, with params as written', () => {
    const catalog = loadTradingCatalog({ blueprintsDir: BLUEPRINTS, environmentsDir: ENVIRONMENTS }).value;
    const types = (id: string) => catalog.blueprints[id]!.workers.map((worker) => worker.type);
    expect(types('sma_cross')).toEqual(['sma', 'sma', 'sma_cross', 'position_sizing', 'market_execution']);
    expect(types('smart_dca_btc')).toEqual(['regime', 'atr', 'dca_schedule', 'drawdown_guard', 'volatility_spike', 'position_sizing', 'market_execution']);
    expect(types('ict_smc_strategy')).toEqual([
      'market_structure', 'fair_value_gap', 'liquidity_zones', 'regime', 'atr', 'fvg_entry', 'drawdown_guard', 'position_sizing', 'limit_execution',
    ]);
    const sma = catalog.blueprints.sma_cross!;
    expect(sma.displayName).toBe('SMA cross');
    expect(sma.workers.map((worker) => [worker.name, worker.params])).toEqual([
      ['fast', { period: 10 }],
      ['slow', { period: 40 }],
      ['cross', { fast: 'fast', slow: 'slow' }],
      ['sizing', { fraction: 1 }],
      ['execution', {}],
    ]);
    expect(catalog.blueprints.smart_dca_btc!.workers.find((worker) => worker.type === 'dca_schedule')!.params.regimeFilter).toBe(true);
    expect(catalog.blueprints.ict_smc_strategy!.workers.find((worker) => worker.type === 'position_sizing')!.params.stop).toEqual({ kind: 'atr', value: 2 });
  });

  it('resolve data paths against the environment file, parse dates as UTC and name the asset', () => {
    const btc = loadEnvironmentFile(join(ENVIRONMENTS, 'backtest_btc_2022_01.yaml'));
    const goog = loadEnvironmentFile(join(ENVIRONMENTS, 'backtest_goog_daily.yaml'));
    const live = loadEnvironmentFile(join(ENVIRONMENTS, 'live_local_btc.yaml'));
    if (btc.kind !== 'backtest' || goog.kind !== 'backtest' || live.kind !== 'live') throw new Error('unexpected kinds');

    expect(btc.data).toBe(join(MARKET_DATA, 'BTC-PERP-1m-2022-01.csv'));
    expect(existsSync(btc.data)).toBe(true);
    expect(btc).toMatchObject({ asset: 'BTC-PERP', cash: 100000, commission: 0.0004, slippage: 0.0001, periodsPerYear: 'auto', riskFreeRate: 0 });
    expect(btc.from).toBeUndefined();

    expect(goog.data).toBe(join(MARKET_DATA, 'GOOG-daily-2004-2013.csv'));
    expect(goog.asset).toBe('GOOG'); // not in the file: from the data file's name
    expect(goog.from).toBe(Date.UTC(2005, 0, 1));
    expect(goog.to).toBe(Date.UTC(2013, 0, 1));
    expect(goog.periodsPerYear).toBe(252);

    expect(live).toEqual({
      id: 'live_local_btc',
      kind: 'live',
      feed: 'ws://127.0.0.1:8765',
      execution: 'paper',
      asset: 'BTC-PERP',
      cash: 100000,
      commission: 0.0004,
      slippage: 0.0001,
      periodsPerYear: 'auto',
      riskFreeRate: 0,
    });
  });

  it('read one blueprint file the same way the catalog does', () => {
    const catalog = loadTradingCatalog({ blueprintsDir: BLUEPRINTS, environmentsDir: ENVIRONMENTS }).value;
    expect(loadBlueprintFile(join(BLUEPRINTS, 'smart_dca_btc.yaml'))).toEqual(catalog.blueprints.smart_dca_btc);
  });
});
