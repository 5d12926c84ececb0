import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigValidationError, ForbiddenKeyError, type ConfigOverrides } from '../../../src/config/index.js';
import { loadTradingCatalog, resolveRunConfig, UnknownCatalogIdError, type TradingCatalogConfig } from '../../../src/trading/blueprint/index.js';
import { isDeepFrozen, thrownBy } from '../../config/fixtures.js';
import { EXAMPLES, MARKET_DATA } from './catalog-fixtures.js';

let catalog: TradingCatalogConfig;
let pristine: unknown;
beforeAll(() => {
  catalog = loadTradingCatalog({ blueprintsDir: join(EXAMPLES, 'trading/blueprints'), environmentsDir: join(EXAMPLES, 'trading/environments') });
  pristine = structuredClone(catalog.value);
});

/** The catalog after every test: still frozen, still what was loaded. */
function expectCatalogUntouched(): void {
  expect(isDeepFrozen(catalog.value)).toBe(true);
  expect(catalog.value).toEqual(pristine);
}

function overrideError(blueprint: string, environment: string, overrides: ConfigOverrides): ConfigValidationError {
  return thrownBy(() => resolveRunConfig(catalog, blueprint, environment, overrides), ConfigValidationError);
}

describe('resolveRunConfig', () => {
  it('without overrides: a mutable copy equal to the catalog entries', () => {
    const run = resolveRunConfig(catalog, 'sma_cross', 'backtest_btc_2022_01');
    expect(run.blueprint).toEqual(catalog.value.blueprints.sma_cross);
    expect(run.environment).toEqual(catalog.value.environments.backtest_btc_2022_01);
    expect(run.blueprint).not.toBe(catalog.value.blueprints.sma_cross);
    expect(Object.isFrozen(run.blueprint.workers[0]!.params)).toBe(false);
    run.blueprint.workers[0]!.params.period = 99; // the request's own
    run.environment.cash = 1;
    expectCatalogUntouched();
  });

  it('applies overrides by worker name, changing only the result', () => {
    const overrides = { 'blueprint.workers.fast.params.period': 12, 'blueprint.workers.sizing.params': { fraction: 0.5 }, 'environment.cash': 50000 };
    const overridesBefore = structuredClone(overrides);
    const run = resolveRunConfig(catalog, 'sma_cross', 'backtest_btc_2022_01', overrides);

    const base = resolveRunConfig(catalog, 'sma_cross', 'backtest_btc_2022_01');
    expect(run.blueprint.workers.map((worker) => worker.name)).toEqual(base.blueprint.workers.map((worker) => worker.name));
    expect(run.blueprint.workers[0]!.params).toEqual({ period: 12 });
    expect(run.blueprint.workers[3]!.params).toEqual({ fraction: 0.5 });
    expect(run.environment.cash).toBe(50000);
    // Everything else is as in the catalog.
    const changed = structuredClone(base);
    changed.blueprint.workers[0]!.params.period = 12;
    changed.blueprint.workers[3]!.params = { fraction: 0.5 };
    changed.environment.cash = 50000;
    expect(run).toEqual(changed);

    expect(overrides).toEqual(overridesBefore);
    expectCatalogUntouched();
  });

  it('takes nested overrides too, merging them with the worker they name', () => {
    const run = resolveRunConfig(catalog, 'ict_smc_strategy', 'live_local_btc', {
      blueprint: { workers: { sizing: { params: { stop: { value: 3 } } } } },
      environment: { commission: 0.001 },
    });
    const sizing = run.blueprint.workers.find((worker) => worker.name === 'sizing')!;
    expect(sizing.params).toEqual({ fraction: 0.5, maxFraction: 1, stop: { kind: 'atr', value: 3 } });
    expect(run.environment.commission).toBe(0.001);
    expectCatalogUntouched();
  });

  it('parses a date override into epoch ms and keeps the range rule', () => {
    const run = resolveRunConfig(catalog, 'smart_dca_btc', 'backtest_btc_2022_01', { 'environment.from': '2022-01-10', 'environment.to': '2022-01-20T12:00Z' });
    expect(run.environment).toMatchObject({ from: Date.UTC(2022, 0, 10), to: Date.UTC(2022, 0, 20, 12) });
    const issue = overrideError('smart_dca_btc', 'backtest_goog_daily', { 'environment.to': '2004-01-01' }).issues[0]!;
    expect(issue.path).toEqual(['environment', 'to']);
    expect(issue.message).toContain('must be after "from"');
  });

  it('lets a default asset follow an overridden data file, and keeps a chosen one', () => {
    const goog = join(MARKET_DATA, 'GOOG-daily-2004-2013.csv');
    const orcl = join(MARKET_DATA, 'ORCL-daily-1995-2014.csv');
    expect(resolveRunConfig(catalog, 'sma_cross', 'backtest_goog_daily', { 'environment.data': orcl }).environment.asset).toBe('ORCL');
    expect(resolveRunConfig(catalog, 'sma_cross', 'backtest_goog_daily', { 'environment.data': orcl, 'environment.asset': 'X' }).environment.asset).toBe('X');
    expect(resolveRunConfig(catalog, 'sma_cross', 'backtest_goog_daily', { 'environment.data': goog }).environment.asset).toBe('GOOG');
    const relative = overrideError('sma_cross', 'backtest_goog_daily', { 'environment.data': 'ORCL.csv' }).issues[0]!;
    expect(relative.message).toContain('must be an absolute path');
  });

  it('gives every request its own objects', () => {
    const first = resolveRunConfig(catalog, 'sma_cross', 'backtest_btc_2022_01', { 'environment.cash': 1 });
    const second = resolveRunConfig(catalog, 'sma_cross', 'backtest_btc_2022_01', { 'environment.cash': 2 });
    first.blueprint.workers[0]!.params.period = 1;
    expect(second.blueprint.workers[0]!.params.period).toBe(10);
    expect([first.environment.cash, second.environment.cash]).toEqual([1, 2]);
  });
});

describe('resolveRunConfig: refused overrides name the key', () => {
  it('a path that is not in the run config', () => {
    const error = overrideError('sma_cross', 'backtest_btc_2022_01', { 'environment.casj': 50000 });
    expect(error.issues).toEqual([{ path: ['environment', 'casj'], message: 'unknown key, not in the schema', source: { kind: 'overrides' } }]);
    expect(error.message).toContain('environment.casj: unknown key');
  });

  it('a worker name the blueprint does not have, with the override key and the workers it has', () => {
    const error = overrideError('sma_cross', 'backtest_btc_2022_01', { 'blueprint.workers.fsat.params.period': 12 });
    expect(error.issues).toEqual([
      {
        path: ['blueprint', 'workers', 'fsat'],
        message: 'no worker named "fsat" in blueprint "sma_cross"; its workers: fast, slow, cross, sizing, execution',
        source: { kind: 'overrides' },
        hint: 'override "blueprint.workers.fsat.params.period"',
      },
    ]);
    expect(error.message).toContain('blueprint.workers.fsat.params.period');
  });

  it('ids, worker names and array indexes, which a request does not choose', () => {
    const refused: [string, string][] = [
      ['blueprint.id', 'blueprint.id: unknown key'],
      ['environment.id', 'environment.id: unknown key'],
      ['blueprint.workers.fast.name', 'blueprint.workers.fast.name: unknown key'],
      ['blueprint.workers.0.params.period', 'blueprint.workers["0"]: no worker named "0"'],
    ];
    for (const [key, expected] of refused) {
      expect(overrideError('sma_cross', 'backtest_btc_2022_01', { [key]: 1 }).message).toContain(expected);
    }
    expectCatalogUntouched();
  });

  it('values the schema refuses: an unknown worker type, paper-only execution, a negative cash', () => {
    const type = overrideError('sma_cross', 'backtest_btc_2022_01', { 'blueprint.workers.slow.type': 'wma' }).issues[0]!;
    expect(type.path).toEqual(['blueprint', 'workers', 'slow', 'type']);
    expect(type.message).toContain('unknown worker type "wma"');
    expect(overrideError('ict_smc_strategy', 'live_local_btc', { 'environment.execution': 'live' }).issues[0]!.message).toContain('only "paper" execution');
    expect(overrideError('sma_cross', 'backtest_goog_daily', { 'environment.cash': -1 }).issues[0]!.path).toEqual(['environment', 'cash']);
    expectCatalogUntouched();
  });

  it('keys that reach a prototype', () => {
    thrownBy(() => resolveRunConfig(catalog, 'sma_cross', 'backtest_btc_2022_01', { 'blueprint.workers.fast.params.__proto__': { polluted: true } }), ForbiddenKeyError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectCatalogUntouched();
  });

  it('ids the catalog does not have, listing those it has', () => {
    const blueprint = thrownBy(() => resolveRunConfig(catalog, 'sma', 'backtest_btc_2022_01'), UnknownCatalogIdError);
    expect(blueprint.message).toBe('unknown blueprint "sma"; known blueprints: ict_smc_strategy, sma_cross, smart_dca_btc');
    const environment = thrownBy(() => resolveRunConfig(catalog, 'sma_cross', 'live_kraken_main'), UnknownCatalogIdError);
    expect(environment.known).toEqual(Object.keys(catalog.value.environments));
  });
});
